package dev.engagement.pipeline.report;

import dev.engagement.pipeline.FlinkSetup;
import dev.engagement.pipeline.Pipeline;
import dev.engagement.pipeline.fs.LakeFiles;
import dev.engagement.pipeline.lake.LakeLayout;
import java.io.PrintStream;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.core.fs.Path;

/**
 * {@code deploy/report.sh --lake URI [--out FILE] [--runs N] [--pipeline-name NAME]}: the
 * engagement report of a lake as one self-contained HTML file, read from gold and the run log.
 * Also the job's last step with {@code --report true}.
 */
public final class EngagementReport {
  public static final String USAGE =
      "usage: report.sh --lake URI [--out FILE] [--runs N] [--pipeline-name NAME]";
  public static final int DEFAULT_RUNS = 10;
  private static final List<String> OPTIONS = List.of("lake", "out", "runs", "pipeline-name");

  private EngagementReport() {}

  public static void main(String[] args) {
    System.exit(run(args, System.out, System.err));
  }

  /** Writes the report; returns the exit status (2: bad options, or a lake without run log or gold). */
  public static int run(String[] args, PrintStream out, PrintStream err) {
    try {
      Map<String, String> options = parse(args);
      FlinkSetup.initFileSystems(Map.of());
      LakeLayout lake = new LakeLayout(Pipeline.uri(options.get("lake")),
          options.getOrDefault("pipeline-name", "StudentEngagement"));
      Path target = options.containsKey("out") ? Pipeline.uri(options.get("out")) : defaultTarget(lake);
      write(lake, target, runs(options.get("runs")));
      out.println("Wrote the engagement report to " + target);
      return 0;
    } catch (IllegalArgumentException e) {
      err.println("error: " + e.getMessage());
      return 2;
    } catch (Exception | LinkageError e) {
      err.println("error: could not write the report: " + e);
      return 1;
    }
  }

  /** {@code <lake>/_reports/engagement-report.html}: beside the tables, hidden from table readers. */
  public static Path defaultTarget(LakeLayout lake) {
    return lake.report();
  }

  /** Reads the lake and writes the page; readers of {@code target} see the old page or the new one. */
  public static void write(LakeLayout lake, Path target, int runs) throws Exception {
    ReportData data = ReportData.read(lake, runs);
    String html = ReportPage.render(data, LocalDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.SECONDS));
    LakeFiles.writeStringAtomically(target, html);
  }

  private static Map<String, String> parse(String[] args) {
    Map<String, String> options = new LinkedHashMap<>();
    for (int i = 0; i < args.length; i += 2) {
      String name = args[i].startsWith("--") ? args[i].substring(2) : "";
      if (!OPTIONS.contains(name)) {
        throw new IllegalArgumentException("unknown argument '" + args[i] + "'; " + USAGE);
      }
      if (i + 1 >= args.length) {
        throw new IllegalArgumentException("option --" + name + " needs a value");
      }
      options.put(name, args[i + 1]);
    }
    if (!options.containsKey("lake")) {
      throw new IllegalArgumentException("option --lake is required; " + USAGE);
    }
    return options;
  }

  private static int runs(String value) {
    if (value == null) {
      return DEFAULT_RUNS;
    }
    try {
      int runs = Integer.parseInt(value);
      if (runs > 0) {
        return runs;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new IllegalArgumentException("option --runs must be a positive whole number, not '" + value + "'");
  }
}
