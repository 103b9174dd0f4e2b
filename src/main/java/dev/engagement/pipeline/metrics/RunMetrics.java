package dev.engagement.pipeline.metrics;

import dev.engagement.pipeline.commit.Watermarks;
import dev.engagement.pipeline.lake.LakeTable;
import dev.engagement.pipeline.quality.QualityGates;
import io.prometheus.metrics.core.metrics.Gauge;
import io.prometheus.metrics.core.metrics.Info;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Locale;

/**
 * A run's series, in a registry of their own (not the JVM's default one, which other code in a
 * Flink process may fill). Every value is a gauge of this one run: the Pushgateway keeps the
 * latest run's, and Prometheus's scrapes of it make the history. docs/operations.md, "Metrics and
 * alerts", says what each means.
 */
public final class RunMetrics {
  static final String PREFIX = "student_engagement_";

  private final PrometheusRegistry registry = new PrometheusRegistry();

  private RunMetrics() {}

  /** The series of {@code run}; {@code lake} may be null when the lake could not be read. */
  public static PrometheusRegistry of(RunFigures run, LakeFigures lake) {
    RunMetrics m = new RunMetrics();
    m.run(run);
    m.rows(run);
    if (!run.gates().isEmpty()) {
      m.quality(run.gates());
    }
    m.watermark(run);
    if (lake != null) {
      m.lake(lake);
    }
    return m.registry;
  }

  private void run(RunFigures run) {
    Info.builder().name(PREFIX + "run_info").help("The latest run: its id and mode")
        .labelNames("run_id", "mode").register(registry).addLabelValues(run.runId(), run.mode());
    Gauge status = gauge("run_status", "1 for the latest run's status (SUCCEEDED, NOTHING_TO_DO, FAILED), 0 for the others",
        "status");
    RunFigures.STATUSES.forEach(s -> status.labelValues(s).set(s.equals(run.status()) ? 1 : 0));
    gauge("run_exit_status", "The latest run's exit status: 0 ok, 2 bad input, 3 locked, 4 quality gate,"
        + " 5 concurrent write, 6 upkeep failed after the commit, 1 other").set(run.exitStatus());
    gauge("run_start_timestamp_seconds", "When the latest run started").set(seconds(run.start()));
    gauge("run_end_timestamp_seconds", "When the latest run ended").set(seconds(run.end()));
    Gauge stages = gauge("run_duration_seconds", "How long each stage of the latest run took", "stage");
    run.stageSeconds().forEach((stage, s) -> stages.labelValues(stage).set(s));
    gauge("retention_partitions_deleted", "Silver and quality partitions the latest run's retention deleted")
        .set(run.partitionsDeleted());
    gauge("compaction_files_replaced", "Small files the latest run's compaction (--auto-optimize-files) replaced")
        .set(run.filesCompacted());
  }

  /** A failed run committed nothing: 0 rows for every table, as for a run with nothing new. */
  private void rows(RunFigures run) {
    Long bronzeRows = run.rows().get("bronze");
    if (bronzeRows != null) {
      gauge("bronze_rows_read", "Bronze rows the latest run read (newer than the watermark if incremental)")
          .set(bronzeRows);
    }
    Long erasedRows = run.rows().get("erased");
    if (erasedRows != null) {
      gauge("erased_rows_dropped", "Bronze rows of erased students the latest run dropped").set(erasedRows);
    }
    if (run.bronzeFiles() != null) {
      gauge("bronze_files_read", "Bronze files the latest run read").set(run.bronzeFiles());
    }
    Gauge written = gauge("rows_written", "Rows the latest run committed per table (gold: rows touched)", "table");
    for (LakeTable table : LakeTable.values()) {
      written.labelValues(table.path()).set(run.rows().getOrDefault(table.path(), 0L));
    }
  }

  private void quality(List<QualityGates.Gate> gates) {
    Gauge rows = gauge("quality_rows", "Rows of the latest run that broke each quality rule",
        "rule", "error_code", "action");
    Gauge fired = gauge("quality_gate_fired", "1 if the rule's gate fired in the latest run (more rows than its max)",
        "rule", "error_code", "action");
    for (QualityGates.Gate gate : gates) {
      String[] labels = {gate.rule().rule(), gate.rule().code(), gate.rule().action().name().toLowerCase(Locale.ROOT)};
      rows.labelValues(labels).set(gate.rows());
      fired.labelValues(labels).set(gate.fired() ? 1 : 0);
    }
  }

  /** LastModifiedDate has no zone: the watermark is read as UTC, as the run's own times are. */
  private void watermark(RunFigures run) {
    if (run.watermark() == null || run.watermark().isEmpty()) {
      return;
    }
    LocalDateTime watermark = Watermarks.parse(run.watermark());
    gauge("watermark_timestamp_seconds", "The lake's watermark after the latest run (latest LastModifiedDate committed)")
        .set(seconds(watermark));
    gauge("watermark_age_seconds", "How old the watermark was when the latest run ended")
        .set(Duration.between(watermark, run.end()).toMillis() / 1000.0);
  }

  private void lake(LakeFigures lake) {
    if (lake.lastSuccess() != null) {
      gauge("last_success_timestamp_seconds", "When the pipeline's latest successful run ended (from the run log)")
          .set(seconds(lake.lastSuccess()));
    }
    Gauge files = gauge("table_files", "Data files in each table's current Delta version", "table");
    Gauge bytes = gauge("table_bytes", "Bytes of the data files in each table's current Delta version", "table");
    lake.tables().forEach((table, size) -> {
      files.labelValues(table.path()).set(size.files());
      bytes.labelValues(table.path()).set(size.bytes());
    });
  }

  private Gauge gauge(String name, String help, String... labels) {
    return Gauge.builder().name(PREFIX + name).help(help).labelNames(labels).register(registry);
  }

  private static double seconds(LocalDateTime utc) {
    return utc.toInstant(ZoneOffset.UTC).toEpochMilli() / 1000.0;
  }
}
