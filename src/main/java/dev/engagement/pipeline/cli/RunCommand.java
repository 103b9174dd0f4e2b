package dev.engagement.pipeline.cli;

import dev.engagement.pipeline.Pipeline;
import dev.engagement.pipeline.PipelineOptions;
import dev.engagement.pipeline.PipelineOptions.Mode;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.Map;
import org.apache.flink.core.fs.Path;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code run}: the pipeline itself; what {@code flink run job.jar --bronze ... --lake ...} runs. */
@Command(name = RunCommand.NAME,
    description = "Reads bronze, writes silver, the quality side outputs and gold, and commits them to the lake.")
public final class RunCommand extends Subcommand {
  static final String NAME = "run";

  @Option(names = "--bronze", required = true, paramLabel = "URI", converter = Location.class,
      description = "folder of bronze parquet files, read recursively (file://, abfss://, ... or a local path)")
  Path bronze;

  @Mixin PipelineLake pipeline;

  @Option(names = "--mode", paramLabel = "incremental|full", defaultValue = "incremental",
      description = "incremental processes bronze rows newer than the watermark and merges them into gold; full rebuilds"
          + " every output from all of bronze (a lake's first run is full)")
  Mode mode;

  @Option(names = "--web-ui", arity = "1", paramLabel = "true|false", defaultValue = "false",
      description = "serve the Flink web UI of the embedded cluster")
  boolean webUi;

  @Option(names = "--lock-timeout", paramLabel = "SECONDS", defaultValue = "120", converter = PositiveNumber.class,
      description = "a lock whose holder's heartbeat is older than this was left by a crashed run and is taken over")
  int lockTimeout;

  @Option(names = "--rules", paramLabel = "FILE",
      description = "overrides of the quality rules' actions and gates (<rule>.action = warn|drop|fail,"
          + " <rule>.max = 10|5%%|-)")
  String rules;

  @Option(names = "--alert-webhook", paramLabel = "URL",
      description = "POST a JSON alert here when a run fails or a warn gate fires"
          + " (or pipeline.alert-webhook in the --conf file)")
  String alertWebhook;

  @Option(names = "--metrics-pushgateway", paramLabel = "URL",
      description = "push the run's figures to this Prometheus Pushgateway, http(s)://host:port, at the end of every"
          + " run (or pipeline.metrics-pushgateway in the --conf file; a failed push is logged, never fails the run)")
  String metricsPushgateway;

  @Option(names = "--retention-days", paramLabel = "N", converter = PositiveNumber.class,
      description = "after a successful run, delete silver and quality partitions older than N days (a Delta commit;"
          + " gold is never pruned; default: keep everything)")
  Integer retentionDays;

  @Mixin KeepVersionsOption keepVersions;

  @Option(names = "--checkpoint-interval", paramLabel = "N", defaultValue = "10", converter = PositiveNumber.class,
      description = "a new table writes a Delta checkpoint every N commits")
  int checkpointInterval;

  @Option(names = "--auto-optimize-files", paramLabel = "N", converter = PositiveNumber.class,
      description = "after a successful run, compact each table that has N or more small files, as optimize does"
          + " (docs/operations.md, \"Compaction\"; default: never)")
  Integer autoOptimizeFiles;

  @Option(names = "--report", arity = "1", paramLabel = "true|false", defaultValue = "false",
      description = "after a successful run, write the engagement report to <lake>/_reports/engagement-report.html"
          + " (a failure is logged, never fails the run)")
  boolean report;

  @Option(names = "--progress", arity = "1", paramLabel = "true|false", defaultValue = "true",
      description = "show the run's progress on stderr: one line updated in place on a terminal, else a plain line"
          + " every --progress-interval")
  boolean progress;

  @Option(names = "--progress-interval", paramLabel = "SECONDS", defaultValue = "10", converter = PositiveNumber.class,
      description = "how often a plain progress line is printed and the progress pipeline-status.sh shows is updated")
  int progressInterval;

  @Option(names = "--progress-min", paramLabel = "N", defaultValue = "0", description = "lowest valid ProgressPercentage")
  BigDecimal progressMin;

  @Option(names = "--progress-max", paramLabel = "N", defaultValue = "100", description = "highest valid ProgressPercentage")
  BigDecimal progressMax;

  @Option(names = "--engagement-min", paramLabel = "N", defaultValue = "0", description = "lowest valid EngagementScore")
  BigDecimal engagementMin;

  @Option(names = "--engagement-max", paramLabel = "N", defaultValue = "100", description = "highest valid EngagementScore")
  BigDecimal engagementMax;

  /** The options these arguments of {@code run} give; a bad one is a {@link CommandLine.ParameterException}. */
  public static PipelineOptions options(String... args) {
    RunCommand run = new RunCommand();
    new CommandLine(run).setCaseInsensitiveEnumValuesAllowed(true).parseArgs(args);
    return run.options();
  }

  private PipelineOptions options() {
    return new PipelineOptions(bronze, pipeline.lake.root, mode, pipeline.name, pipeline.lake.conf, webUi,
        Duration.ofSeconds(lockTimeout), rules, alertWebhook, metricsPushgateway,
        retentionDays == null ? 0 : retentionDays, keepVersions.days, checkpointInterval,
        autoOptimizeFiles == null ? 0 : autoOptimizeFiles, report, progress,
        Duration.ofSeconds(progressInterval), bounds());
  }

  /** The rule bounds, as the rules table's ${progress.min}-style placeholders expect them. */
  private Map<String, String> bounds() {
    return Map.of("progress.min", progressMin.toPlainString(), "progress.max", progressMax.toPlainString(),
        "engagement.min", engagementMin.toPlainString(), "engagement.max", engagementMax.toPlainString());
  }

  @Override
  int execute() throws Exception {
    Pipeline.run(options(), out(), err());
    return 0;
  }
}
