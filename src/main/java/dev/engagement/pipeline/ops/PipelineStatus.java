package dev.engagement.pipeline.ops;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.engagement.pipeline.fs.LakeFiles;
import dev.engagement.pipeline.lake.LakeLayout;
import dev.engagement.pipeline.lake.RunLog;
import dev.engagement.pipeline.parquet.ParquetRecords;
import java.io.PrintStream;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.core.fs.Path;

/**
 * {@code deploy/pipeline-status.sh} ({@code status --help}): the last runs and
 * the latest error records of a lake, answered from its run log (the design's monitoring query),
 * after the runs in progress (their lock and progress file).
 */
public final class PipelineStatus {
  private static final List<String> RUN_COLUMNS = List.of("StartTime", "PipelineName", "RunId", "Mode", "Status",
      "BronzeRows", "SilverRows", "NullViolationRows", "RejectedRows", "GoldRowsTouched", "WatermarkAfter", "Message");
  private static final List<String> ERROR_COLUMNS =
      List.of("Timestamp", "PipelineName", "ActivityName", "ErrorCode", "ErrorMessage");

  private PipelineStatus() {}

  /** Prints the status of every pipeline of {@code lake}, as tables or as JSON. */
  public static void print(LakeLayout lake, int runs, int errors, boolean json, PrintStream out) throws Exception {
    List<Map<String, String>> running = running(lake);
    List<Map<String, Object>> lastRuns = latest(ParquetRecords.read(RunLog.runLog(lake)), "StartTime", runs);
    List<Map<String, Object>> lastErrors = latest(ParquetRecords.read(RunLog.errors(lake)), "Timestamp", errors);
    if (json) {
      out.println(new ObjectMapper().findAndRegisterModules().enable(SerializationFeature.INDENT_OUTPUT)
          .writeValueAsString(Map.of("running", running, "runs", stringify(lastRuns), "errors", stringify(lastErrors))));
      return;
    }
    out.println("Running now:");
    if (running.isEmpty()) {
      out.println("  (none)");
    }
    running.forEach(r -> out.println("  " + r.get("pipeline") + " run " + r.get("runId") + " on " + r.get("host")
        + ", pid " + r.get("pid") + ": " + r.getOrDefault("progress", "(no progress reported yet)")
        + " (lock refreshed " + r.get("heartbeat") + ")"));
    out.println();
    out.println("Last runs (" + RunLog.runLog(lake) + "):");
    table(lastRuns, RUN_COLUMNS, out);
    out.println();
    out.println("Latest error records (" + RunLog.errors(lake) + "):");
    table(lastErrors, ERROR_COLUMNS, out);
  }

  /**
   * The runs holding a pipeline's lock, with the figures their progress file has (a run whose
   * process died keeps its lock until the next run takes it over; the heartbeat tells).
   */
  private static List<Map<String, String>> running(LakeLayout lake) throws Exception {
    List<Map<String, String>> running = new ArrayList<>();
    for (Path pipeline : LakeFiles.listDirs(lake.pipelinesDir())) {
      Map<String, String> lock = json(LakeLayout.lockFile(pipeline));
      if (lock.isEmpty()) {
        continue;
      }
      Map<String, String> run = new LinkedHashMap<>();
      run.put("pipeline", pipeline.getName());
      run.putAll(lock);
      LakeLayout layout = new LakeLayout(lake.root(), pipeline.getName());
      run.putAll(json(layout.heartbeatFile(lock.get("runId")))); // the holder's latest heartbeat
      Map<String, String> progress = json(layout.progressFile());
      if (lock.get("runId").equals(progress.get("runId"))) {
        run.put("stage", progress.get("stage"));
        run.put("progress", progress.get("line"));
        run.put("progressUpdated", progress.get("updated"));
      }
      running.add(run);
    }
    return running;
  }

  /** A small JSON object's fields as text; none if the file is missing or being rewritten. */
  private static Map<String, String> json(Path file) {
    Map<String, String> fields = new LinkedHashMap<>();
    try {
      new ObjectMapper().readTree(LakeFiles.readString(file)).fields()
          .forEachRemaining(e -> fields.put(e.getKey(), e.getValue().asText()));
    } catch (Exception e) {
      fields.clear();
    }
    return fields;
  }

  private static List<Map<String, Object>> latest(List<Map<String, Object>> rows, String time, int n) {
    return rows.stream()
        .sorted(Comparator.comparing((Map<String, Object> r) -> (LocalDateTime) r.get(time)).reversed())
        .limit(n)
        .toList();
  }

  private static List<Map<String, String>> stringify(List<Map<String, Object>> rows) {
    List<Map<String, String>> out = new ArrayList<>();
    for (Map<String, Object> row : rows) {
      Map<String, String> r = new LinkedHashMap<>();
      row.forEach((k, v) -> r.put(k, v == null ? null : v.toString()));
      out.add(r);
    }
    return out;
  }

  private static void table(List<Map<String, Object>> rows, List<String> columns, PrintStream out) {
    if (rows.isEmpty()) {
      out.println("  (none)");
      return;
    }
    int[] widths = columns.stream().mapToInt(String::length).toArray();
    List<String[]> cells = new ArrayList<>();
    for (Map<String, Object> row : rows) {
      String[] line = new String[columns.size()];
      for (int i = 0; i < line.length; i++) {
        Object v = row.get(columns.get(i));
        line[i] = v == null ? "" : v.toString();
        widths[i] = Math.min(Math.max(widths[i], line[i].length()), 60);
      }
      cells.add(line);
    }
    out.println(format(columns.toArray(String[]::new), widths));
    cells.forEach(line -> out.println(format(line, widths)));
  }

  private static String format(String[] cells, int[] widths) {
    StringBuilder line = new StringBuilder();
    for (int i = 0; i < cells.length; i++) {
      String cell = cells[i].length() > widths[i] ? cells[i].substring(0, widths[i] - 1) + "…" : cells[i];
      line.append(i == 0 ? "  " : "  ").append(String.format("%-" + widths[i] + "s", cell));
    }
    return line.toString().stripTrailing();
  }
}
