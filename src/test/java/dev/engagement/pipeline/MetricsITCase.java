package dev.engagement.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.engagement.pipeline.lake.LakeLayout;
import dev.engagement.pipeline.lake.LakeTable;
import dev.engagement.pipeline.lake.RunLog;
import dev.engagement.pipeline.parquet.ParquetRecords;
import dev.engagement.pipeline.testing.DeltaLog;
import dev.engagement.pipeline.testing.Lakes;
import dev.engagement.pipeline.testing.PipelineRunner;
import dev.engagement.pipeline.testing.PrometheusText;
import dev.engagement.pipeline.testing.PrometheusText.Sample;
import dev.engagement.pipeline.testing.Pushgateway;
import java.io.File;
import java.nio.file.Files;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.flink.core.fs.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * The end-of-run push to a real Pushgateway (Debian's): what Prometheus would scrape from it
 * after a full run, an incremental run with nothing new and a run a gate fails, checked against
 * the run log the runs wrote and the lake's Delta logs.
 */
class MetricsITCase {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Map<LakeTable, String> RUN_LOG_COLUMN = Map.of(LakeTable.SILVER, "SilverRows",
      LakeTable.NULL_VIOLATIONS, "NullViolationRows", LakeTable.REJECTED_ROWS, "RejectedRows",
      LakeTable.GOLD, "GoldRowsTouched");
  @TempDir File work;
  private File bronze;
  private File lake;
  private File[] bronzeFiles;

  @BeforeEach
  void setUp() {
    bronze = new File(work, "bronze");
    lake = new File(work, "lake");
    bronzeFiles = Lakes.copyInto(bronze, Lakes.fixtures("bronze"));
  }

  @Test
  void everyRunPushesItsFiguresAndAFailedRunKeepsTheLastSuccess() throws Exception {
    try (Pushgateway gateway = Pushgateway.start(work)) {
      PipelineRunner.Result full = run(gateway.uri().toString());
      assertThat(full.exitCode()).as(full.err()).isZero();
      List<Sample> pushed = group(gateway);
      Map<String, Object> fullRun = onlyRun("SUCCEEDED");
      assertThat(names(pushed)).containsAll(documentedSeries());
      assertRunFigures(pushed, fullRun, 0);
      assertThat(stages(pushed)).containsExactlyInAnyOrder(
          "Start", "Lock", "Recover", "ReadBronze", "Transform", "QualityCheck", "Commit", "Vacuum");
      assertThat(value(pushed, "student_engagement_bronze_files_read")).isEqualTo(bronzeFiles.length);
      assertQualityRows(pushed, fullRun);
      assertThat(value(pushed, "student_engagement_watermark_age_seconds")).isCloseTo(
          seconds((LocalDateTime) fullRun.get("EndTime")) - watermark(fullRun), within(0.001));
      assertTableFiles(pushed);

      PipelineRunner.Result nothingNew = run(gateway.uri().toString());
      assertThat(nothingNew.exitCode()).as(nothingNew.err()).isZero();
      pushed = group(gateway);
      Map<String, Object> idleRun = onlyRun("NOTHING_TO_DO");
      assertRunFigures(pushed, idleRun, 0);
      assertThat(value(pushed, "student_engagement_bronze_rows_read")).isZero();

      PipelineRunner.Result failed = run(gateway.uri().toString(), "--mode", "full", "--rules", rules().getPath());
      assertThat(failed.exitCode()).isEqualTo(4);
      pushed = group(gateway);
      Map<String, Object> failedRun = onlyRun("FAILED");
      assertRunFigures(pushed, failedRun, failed.exitCode());
      assertThat(samples(pushed, "student_engagement_quality_gate_fired").stream()
          .filter(s -> s.value() == 1 && s.labels().get("action").equals("fail")))
          .singleElement().satisfies(s -> assertThat(s.labels()).containsEntry("rule", "null_student_id"));
      assertThat(value(pushed, "student_engagement_last_success_timestamp_seconds"))
          .isCloseTo(seconds((LocalDateTime) idleRun.get("EndTime")), within(0.001));
    }
  }

  @Test
  void aRunWhosePushgatewayIsDownSucceedsWithOneWarning() throws Exception {
    Logger metrics = (Logger) LoggerFactory.getLogger("dev.engagement.pipeline.metrics");
    ListAppender<ILoggingEvent> events = new ListAppender<>();
    events.start();
    metrics.addAppender(events);
    try {
      PipelineRunner.Result result = run("http://127.0.0.1:" + Pushgateway.freePort());
      assertThat(result.exitCode()).as(result.err()).isZero();
    } finally {
      metrics.detachAppender(events);
    }
    assertThat(events.list).filteredOn(e -> e.getLevel().isGreaterOrEqual(Level.WARN)).singleElement()
        .satisfies(e -> assertThat(e.getFormattedMessage()).contains("could not push the metrics"));
  }

  /** The series every run pushes, checked against its run log row and its process's exit status. */
  private void assertRunFigures(List<Sample> pushed, Map<String, Object> run, int exitStatus) {
    String status = (String) run.get("Status");
    for (String s : List.of("SUCCEEDED", "NOTHING_TO_DO", "FAILED")) {
      assertThat(value(pushed, "student_engagement_run_status", "status", s)).as(s).isEqualTo(s.equals(status) ? 1 : 0);
    }
    assertThat(samples(pushed, "student_engagement_run_info")).singleElement()
        .satisfies(s -> assertThat(s.labels()).containsEntry("run_id", (String) run.get("RunId"))
            .containsEntry("mode", (String) run.get("Mode")));
    assertThat(value(pushed, "student_engagement_run_exit_status")).isEqualTo(exitStatus);
    double start = seconds((LocalDateTime) run.get("StartTime"));
    double end = seconds((LocalDateTime) run.get("EndTime"));
    assertThat(value(pushed, "student_engagement_run_start_timestamp_seconds")).isCloseTo(start, within(0.001));
    assertThat(value(pushed, "student_engagement_run_end_timestamp_seconds")).isCloseTo(end, within(0.001));
    // The stages follow one another from the run's start to its end.
    assertThat(samples(pushed, "student_engagement_run_duration_seconds").stream().mapToDouble(Sample::value).sum())
        .isCloseTo(end - start, within(1.0));
    if (run.get("ErasedRows") != null) {
      assertThat(value(pushed, "student_engagement_erased_rows_dropped")).isEqualTo(((Long) run.get("ErasedRows")).doubleValue());
    }
    assertThat(value(pushed, "student_engagement_compaction_files_replaced"))
        .isEqualTo(run.get("FilesCompacted") == null ? 0 : ((Long) run.get("FilesCompacted")).doubleValue());
    if (run.get("BronzeRows") != null) {
      assertThat(value(pushed, "student_engagement_bronze_rows_read")).isEqualTo(((Long) run.get("BronzeRows")).doubleValue());
    }
    // A run commits rows or nothing: the run log leaves out the tables a run did not commit to.
    RUN_LOG_COLUMN.forEach((table, column) -> assertThat(value(pushed, "student_engagement_rows_written", "table", table.path()))
        .as(column).isEqualTo(run.get(column) == null ? 0 : (Long) run.get(column)));
    assertThat(value(pushed, "student_engagement_watermark_timestamp_seconds")).isCloseTo(watermark(run), within(0.001));
    if (!status.equals("FAILED")) {
      assertThat(value(pushed, "student_engagement_last_success_timestamp_seconds")).isCloseTo(end, within(0.001));
    }
  }

  private void assertQualityRows(List<Sample> pushed, Map<String, Object> run) throws Exception {
    Map<String, Long> byCode = JSON.readerForMapOf(Long.class).readValue((String) run.get("ErrorCounts"));
    assertThat(samples(pushed, "student_engagement_quality_rows")).hasSize(byCode.size()).allSatisfy(s ->
        assertThat(s.value()).as(s.labels().toString()).isEqualTo(byCode.get(s.labels().get("error_code")).doubleValue()));
    // The shipped rules allow no row ('-'): a gate fires as soon as one row breaks its rule.
    assertThat(samples(pushed, "student_engagement_quality_gate_fired")).allSatisfy(s ->
        assertThat(s.value()).as(s.labels().toString()).isEqualTo(byCode.get(s.labels().get("error_code")) > 0 ? 1 : 0));
  }

  /** Files and bytes of each table's current version, from its Delta log and the files on disk. */
  private void assertTableFiles(List<Sample> pushed) {
    for (LakeTable table : LakeTable.values()) {
      Set<File> files = DeltaLog.currentFiles(new File(lake, table.path())).keySet();
      assertThat(value(pushed, "student_engagement_table_files", "table", table.path())).as(table.path())
          .isEqualTo(files.size());
      assertThat(value(pushed, "student_engagement_table_bytes", "table", table.path())).as(table.path())
          .isEqualTo(files.stream().mapToLong(File::length).sum());
    }
  }

  /** Every student_engagement_* name of the "Metrics and alerts" section of docs/operations.md. */
  private static Set<String> documentedSeries() throws Exception {
    String docs = Files.readString(new File("docs/operations.md").toPath());
    String section = docs.substring(docs.indexOf("## Metrics and alerts"));
    section = section.substring(0, section.indexOf("\n## ", 1) < 0 ? section.length() : section.indexOf("\n## ", 1));
    Set<String> names = new TreeSet<>();
    Matcher m = Pattern.compile("`(student_engagement_[a-z_]+)").matcher(section);
    while (m.find()) {
      names.add(m.group(1));
    }
    assertThat(names).as("series documented in docs/operations.md").hasSizeGreaterThan(10);
    return names;
  }

  private PipelineRunner.Result run(String gateway, String... extra) {
    List<String> args = new ArrayList<>(List.of("--bronze", bronze.getPath(), "--lake", lake.getPath(),
        "--metrics-pushgateway", gateway));
    args.addAll(List.of(extra));
    return PipelineRunner.run(work, args.toArray(String[]::new));
  }

  /** 3 of the fixture's 31 rows have a NULL StudentID: more than 5%. */
  private File rules() throws Exception {
    File file = new File(work, "rules.properties");
    Files.writeString(file.toPath(), "null_student_id.action = fail\nnull_student_id.max = 5%\n");
    return file;
  }

  /** The pipeline's group on the Pushgateway, as Prometheus scrapes it. */
  private static List<Sample> group(Pushgateway gateway) throws Exception {
    return PrometheusText.parse(gateway.metrics()).stream()
        .filter(s -> "student_engagement_pipeline".equals(s.labels().get("job")))
        .peek(s -> assertThat(s.labels()).containsEntry("pipeline", "StudentEngagement"))
        .toList();
  }

  /** The newest run in the run log, which must have {@code status}. */
  private Map<String, Object> onlyRun(String status) throws Exception {
    Map<String, Object> newest = ParquetRecords.read(RunLog.runLog(new LakeLayout(new Path(lake.toURI()), "StudentEngagement")))
        .stream().max(Comparator.comparing(r -> (LocalDateTime) r.get("StartTime"))).orElseThrow();
    assertThat(newest).containsEntry("Status", status);
    return newest;
  }

  private static List<Sample> samples(List<Sample> pushed, String name) {
    return pushed.stream().filter(s -> s.name().equals(name)).toList();
  }

  private static double value(List<Sample> pushed, String name, String... label) {
    return pushed.stream()
        .filter(s -> s.name().equals(name) && (label.length == 0 || label[1].equals(s.labels().get(label[0]))))
        .map(Sample::value).reduce((a, b) -> {
          throw new AssertionError("more than one " + name);
        }).orElseThrow(() -> new AssertionError("no " + name + " " + List.of(label)));
  }

  private static Set<String> names(List<Sample> pushed) {
    return new TreeSet<>(pushed.stream().map(Sample::name).toList());
  }

  private static Set<String> stages(List<Sample> pushed) {
    return new TreeSet<>(samples(pushed, "student_engagement_run_duration_seconds").stream()
        .map(s -> s.labels().get("stage")).toList());
  }

  /** The run log's watermark, a UTC LastModifiedDate, in epoch seconds. */
  private static double watermark(Map<String, Object> run) {
    String text = (String) (run.get("WatermarkAfter") != null ? run.get("WatermarkAfter") : run.get("WatermarkBefore"));
    return seconds(LocalDateTime.parse(text, DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS")));
  }

  private static double seconds(LocalDateTime utc) {
    return utc.toInstant(ZoneOffset.UTC).toEpochMilli() / 1000.0;
  }
}
