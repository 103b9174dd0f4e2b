package dev.engagement.pipeline;

import dev.engagement.pipeline.bronze.BronzeSchema;
import dev.engagement.pipeline.lake.BatchSummary;
import dev.engagement.pipeline.lake.CommitPlan;
import dev.engagement.pipeline.lake.CommitProtocol;
import dev.engagement.pipeline.lake.CrashPoints;
import dev.engagement.pipeline.lake.LakeFiles;
import dev.engagement.pipeline.lake.LakeLayout;
import dev.engagement.pipeline.lake.LakeTable;
import dev.engagement.pipeline.lake.Manifest;
import dev.engagement.pipeline.lake.PipelineLock;
import dev.engagement.pipeline.lake.StagedTable;
import dev.engagement.pipeline.lake.Watermark;
import dev.engagement.pipeline.lake.Watermarks;
import dev.engagement.pipeline.quality.QualityRules;
import java.io.File;
import java.io.PrintStream;
import java.net.URI;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;
import org.apache.flink.core.fs.Path;
import org.apache.flink.table.api.TableEnvironment;
import org.apache.flink.table.api.TableResult;
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
    } catch (PipelineLock.Held e) {
      LOG.error("Run refused: {}", e.getMessage());
      err.println("error: " + e.getMessage());
      return 3;
    } catch (CommitProtocol.CutOff e) {
      LOG.error("Run failed after its commit point", e);
      err.println("error: " + e.getMessage());
      return 1;
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
    LocalDateTime runStart = LocalDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.MILLIS);
    String runId = runStart.format(DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'", Locale.ROOT))
        + "-" + UUID.randomUUID().toString().substring(0, 8);
    try (PipelineLock lock = PipelineLock.acquire(lake, runId, options.lockTimeout())) {
      List<String> completed = CommitProtocol.recover(lake);
      if (!completed.isEmpty()) {
        LOG.warn("Completed the cut-off commit of runs {} before this run", completed);
      }
      return run(lake, runId, runStart, confFile);
    }
  }

  private RunSummary run(LakeLayout lake, String runId, LocalDateTime runStart, Map<String, String> confFile)
      throws Exception {
    Optional<LocalDateTime> watermark = options.mode() == PipelineOptions.Mode.INCREMENTAL
        ? Watermark.read(lake).map(Watermark::lastModifiedDate).map(Watermarks::parse)
        : Optional.empty();
    boolean incremental = watermark.isPresent();
    String mode = incremental ? "incremental" : options.mode() == PipelineOptions.Mode.FULL ? "full" : "full (first run)";
    Path gold = lake.table(LakeTable.GOLD);
    if (incremental && !gold.getFileSystem().exists(gold)) {
      throw new IllegalArgumentException("the lake has a watermark but no " + gold + "; run with --mode full");
    }
    BronzeSchema bronze = BronzeSchema.inspect(uri(options.bronze()));
    LOG.info("Run {} ({}): bronze {} files, {} rows, column types {}; watermark {}", runId, mode,
        bronze.files().size(), bronze.rows(), bronze.columns(), watermark.map(Watermarks::format).orElse("none"));

    TableEnvironment tEnv = FlinkSetup.tableEnvironment(options, confFile);
    MedallionJob job = MedallionJob.plan(tEnv, new MedallionJob.Inputs(
        bronze, QualityRules.defaults(options.bounds()), runStart, watermark,
        incremental ? Optional.of(gold) : Optional.empty()));
    TableResult result = job.statementSet(tEnv, table -> lake.staging(runId, table), lake.summary(runId)).execute();
    Map<String, Object> accumulators = result.getJobClient().orElseThrow().getJobExecutionResult().get()
        .getAllAccumulatorResults();
    LOG.info("Run {}: job {} finished; row counts {}", runId, result.getJobClient().get().getJobID(), new TreeMap<>(accumulators));
    CrashPoints.reached("after-job");

    BatchSummary batch = BatchSummary.read(lake.summary(runId));
    if (incremental && batch.bronzeRows() == 0) {
      LakeFiles.deleteRecursively(lake.runDir(runId));
      LOG.info("Run {}: no bronze rows newer than the watermark; nothing to do", runId);
      return RunSummary.nothingToDo(runId, lake.root().toString());
    }
    CommitPlan plan = new CommitPlan(lake, runId);
    Map<LakeTable, Long> rows = new EnumMap<>(LakeTable.class);
    for (LakeTable table : job.tables().keySet()) {
      StagedTable staged = StagedTable.seal(table, lake.staging(runId, table));
      rows.put(table, staged.rows());
      plan.add(staged, incremental ? table.incrementalCommit() : LakeTable.Commit.REPLACE);
    }
    Map<String, Long> counts = new LinkedHashMap<>();
    counts.put("bronze", batch.bronzeRows());
    rows.forEach((table, count) -> counts.put(table.path(), count));
    CommitProtocol.commit(lake, new Manifest(runId, options.pipelineName(), mode,
        batch.maxLastModifiedDate().map(Watermarks::format).orElse(null), !incremental, counts, plan.moves(),
        plan.emptiedFolders()));
    LOG.info("Run {} committed: {}", runId, counts);
    return new RunSummary(runId, mode, lake.root().toString(), batch.bronzeRows(), rows);
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
