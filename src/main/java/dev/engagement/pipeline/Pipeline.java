package dev.engagement.pipeline;

import dev.engagement.pipeline.bronze.BronzeSchema;
import dev.engagement.pipeline.lake.CommitPlan;
import dev.engagement.pipeline.lake.CommitProtocol;
import dev.engagement.pipeline.lake.LakeLayout;
import dev.engagement.pipeline.lake.LakeTable;
import dev.engagement.pipeline.lake.Manifest;
import dev.engagement.pipeline.lake.StagedTable;
import dev.engagement.pipeline.quality.QualityRules;
import java.io.File;
import java.io.PrintStream;
import java.net.URI;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.apache.flink.core.fs.Path;
import org.apache.flink.table.api.Table;
import org.apache.flink.table.api.TableEnvironment;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The job's entry point: options, then the plan (bronze checked, tables declared), then one
 * Flink job that writes every table to staging, then the commit that publishes them.
 */
public final class Pipeline {
  private static final Logger LOG = LoggerFactory.getLogger(Pipeline.class);

  private final PipelineOptions options;

  Pipeline(PipelineOptions options) {
    this.options = options;
  }

  public static void main(String[] args) {
    // Exit explicitly: an embedded cluster's threads would otherwise keep a failed run's JVM up.
    System.exit(run(args, System.out, System.err));
  }

  /** Runs the pipeline; returns the process exit status (0 only when every output is committed). */
  public static int run(String[] args, PrintStream out, PrintStream err) {
    try {
      RunSummary summary = new Pipeline(PipelineOptions.parse(args)).run();
      out.print(summary.describe());
      return 0;
    } catch (PipelineOptions.HelpRequested help) {
      out.print(PipelineOptions.USAGE);
      return 0;
    } catch (IllegalArgumentException e) {
      LOG.error("Run refused: {}", e.getMessage());
      err.println("error: " + e.getMessage());
      return 2;
    } catch (Exception | LinkageError e) {
      LOG.error("Run failed", e);
      err.println("error: run failed, nothing was committed: " + rootCause(e));
      return 1;
    }
  }

  RunSummary run() throws Exception {
    Map<String, String> confFile = FlinkSetup.readConfFile(options.conf());
    FlinkSetup.initFileSystems(confFile);
    LakeLayout lake = new LakeLayout(uri(options.lake()), options.pipelineName());
    CommitProtocol.recover(lake);

    BronzeSchema bronze = BronzeSchema.inspect(uri(options.bronze()));
    LOG.info("Bronze: {} files, {} rows, column types {}", bronze.files().size(), bronze.rows(), bronze.columns());
    LocalDateTime runStart = LocalDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.MILLIS);
    String runId = runStart.format(DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'", Locale.ROOT))
        + "-" + UUID.randomUUID().toString().substring(0, 8);

    TableEnvironment tEnv = FlinkSetup.tableEnvironment(options, confFile);
    Map<LakeTable, Table> tables =
        MedallionJob.tables(tEnv, bronze, QualityRules.defaults(options.bounds()), runStart);
    LOG.info("Run {}: submitting the job", runId);
    MedallionJob.statementSet(tEnv, tables, table -> lake.staging(runId, table)).execute().await();

    CommitPlan plan = new CommitPlan(lake, runId);
    Map<LakeTable, Long> rows = new EnumMap<>(LakeTable.class);
    for (LakeTable table : tables.keySet()) {
      StagedTable staged = StagedTable.seal(table, lake.staging(runId, table));
      rows.put(table, staged.rows());
      plan.replace(staged);
    }
    Map<String, Long> counts = new java.util.LinkedHashMap<>();
    counts.put("bronze", bronze.rows());
    rows.forEach((table, count) -> counts.put(table.path(), count));
    CommitProtocol.commit(lake, new Manifest(
        runId, options.pipelineName(), "full", null, true, counts, plan.moves()));
    LOG.info("Run {} committed: {}", runId, counts);
    return new RunSummary(runId, "full", lake.root().toString(), bronze.rows(), rows);
  }

  /** A URI as given, or a local path made absolute. */
  static Path uri(String location) {
    URI uri = URI.create(location.replace(" ", "%20"));
    return uri.getScheme() == null
        ? new Path(new File(location).getAbsoluteFile().toURI())
        : new Path(location);
  }

  private static String rootCause(Throwable e) {
    Throwable cause = e;
    while (cause.getCause() != null && cause.getCause() != cause) {
      cause = cause.getCause();
    }
    return cause.getMessage() == null ? cause.toString() : cause.getMessage();
  }
}
