package dev.engagement.pipeline;

import dev.engagement.pipeline.bronze.BronzeSchema;
import dev.engagement.pipeline.commit.BatchSummary;
import dev.engagement.pipeline.commit.CommitProtocol;
import dev.engagement.pipeline.commit.CrashPoints;
import dev.engagement.pipeline.commit.LakeTables;
import dev.engagement.pipeline.commit.Manifest;
import dev.engagement.pipeline.commit.PipelineLock;
import dev.engagement.pipeline.commit.RunFiles;
import dev.engagement.pipeline.commit.Watermark;
import dev.engagement.pipeline.commit.Watermarks;
import dev.engagement.pipeline.counters.RowCountAccumulators;
import dev.engagement.pipeline.delta.DeltaSchemas;
import dev.engagement.pipeline.delta.DeltaTable;
import dev.engagement.pipeline.fs.LakeFiles;
import dev.engagement.pipeline.lake.LakeLayout;
import dev.engagement.pipeline.lake.LakeTable;
import dev.engagement.pipeline.lake.Retention;
import dev.engagement.pipeline.lake.Vacuum;
import dev.engagement.pipeline.parquet.ParquetTables;
import dev.engagement.pipeline.progress.ProgressReporter;
import dev.engagement.pipeline.quality.Quality;
import dev.engagement.pipeline.quality.QualityGateFailed;
import dev.engagement.pipeline.quality.QualityGates;
import dev.engagement.pipeline.quality.QualityRule;
import dev.engagement.pipeline.quality.QualityRules;
import dev.engagement.pipeline.report.EngagementReport;
import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Files;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Collectors;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.core.fs.Path;
import org.apache.flink.table.api.Table;
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
    int status = run(args, System.out, System.err);
    if (EmbeddedCluster.inApplicationMode()) {
      // main runs inside the JobManager: its exit would end the JobManager, not the run. A
      // failure is an exception, which fails the application (and the job the operator watches).
      if (status != 0) {
        throw new IllegalStateException("the run failed with exit status " + status + "; see the error above");
      }
      return;
    }
    // Exit explicitly: an embedded cluster's threads would otherwise keep a failed run's JVM up.
    System.exit(status);
  }

  /** Runs the pipeline; returns the process exit status (0 only when every output is committed). */
  public static int run(String[] args, PrintStream out, PrintStream err) {
    try {
      RunSummary summary = new Pipeline(PipelineOptions.parse(args)).run(err);
      out.print(summary.describe());
      return 0;
    } catch (PipelineOptions.HelpRequested help) {
      out.print(PipelineOptions.USAGE);
      return 0;
    } catch (Exception | LinkageError e) {
      Failure failure = Failure.of(e);
      LOG.error("Run failed: {}", failure.message(e), failure.exitStatus == 1 ? e : null);
      err.println("error: " + failure.message(e));
      return failure.exitStatus;
    }
  }

  /** How a failure ends the run: its error code, exit status and one-line message. */
  enum Failure {
    BAD_INPUT(2), PIPELINE_LOCKED(3), QUALITY_GATE_FAILED(4), COMMIT_CUT_OFF(1), RUN_FAILED(1);

    final int exitStatus;

    Failure(int exitStatus) {
      this.exitStatus = exitStatus;
    }

    static Failure of(Throwable e) {
      if (e instanceof PipelineLock.Held) {
        return PIPELINE_LOCKED;
      } else if (e instanceof QualityGateFailed) {
        return QUALITY_GATE_FAILED;
      } else if (e instanceof CommitProtocol.CutOff) {
        return COMMIT_CUT_OFF;
      } else if (e instanceof IllegalArgumentException) {
        return BAD_INPUT;
      }
      return RUN_FAILED;
    }

    String message(Throwable e) {
      return this == RUN_FAILED ? "run failed, nothing was committed: " + rootCause(e) : e.getMessage();
    }
  }

  RunSummary run(PrintStream err) throws Exception {
    Map<String, String> confFile = FlinkSetup.readConfFile(options.conf());
    QualityRules rules = rules();
    FlinkSetup.initFileSystems(confFile);
    LakeLayout lake = new LakeLayout(uri(options.lake()), options.pipelineName());
    refuseNested(uri(options.bronze()), lake.root());
    LocalDateTime runStart = LocalDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.MILLIS);
    String runId = runStart.format(DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'", Locale.ROOT))
        + "-" + UUID.randomUUID().toString().substring(0, 8);
    RunJournal journal = new RunJournal(runId, options.pipelineName(), options.mode().name().toLowerCase(Locale.ROOT), runStart);
    Configuration flinkConf = FlinkSetup.configuration(options, confFile);
    RunSummary summary;
    try (EmbeddedCluster cluster = EmbeddedCluster.startUnlessOnACluster(flinkConf)) {
      journal.stage("Lock");
      try (PipelineLock lock = PipelineLock.acquire(lake, runId, options.lockTimeout())) {
        journal.stage("Recover");
        List<String> completed = CommitProtocol.recover(lake);
        if (!completed.isEmpty()) {
          LOG.warn("Completed the cut-off commit of runs {} before this run", completed);
        }
        try (ProgressReporter progress = ProgressReporter.start(runId, lake.progressFile(), options.progressInterval(),
            options.progress(), err)) {
          summary = run(lake, runId, runStart, flinkConf, rules, journal, progress);
        } catch (Exception | LinkageError e) {
          removeUncommitted(lake, runId, e);
          throw e;
        }
        if (options.retentionDays() > 0) {
          journal.stage("Retention");
          journal.partitionsDeleted = Retention.prune(lake, runStart.toLocalDate(), options.retentionDays());
        }
        journal.stage("Vacuum");
        Vacuum.afterRun(lake, Duration.ofDays(options.keepVersionsDays()));
      }
      journal.finish(summary.rows().isEmpty() ? "NOTHING_TO_DO" : "SUCCEEDED", null);
    } catch (Exception | LinkageError e) {
      Failure failure = Failure.of(e);
      journal.error(failure.name(), failure.message(e));
      journal.finish("FAILED", failure.message(e));
      throw e;
    } finally {
      journal.write(lake);
      journal.alert(options.alertWebhook(confFile));
    }
    if (options.report()) {
      writeReport(lake);
    }
    return summary;
  }

  /** The run's last step with --report true: best effort, a committed run never fails for it. */
  private static void writeReport(LakeLayout lake) {
    Path target = EngagementReport.defaultTarget(lake);
    try {
      EngagementReport.write(lake, target, EngagementReport.DEFAULT_RUNS);
      LOG.info("Wrote the engagement report to {}", target);
    } catch (Exception | LinkageError e) {
      LOG.warn("Could not write the engagement report to {}: {}", target, e.toString(), e);
    }
  }

  /** The shipped rules with the bounds of the options and the overrides of --rules. */
  private QualityRules rules() throws IOException {
    QualityRules rules = QualityRules.defaults(options.bounds());
    if (options.rules() == null) {
      return rules;
    }
    java.nio.file.Path file = java.nio.file.Paths.get(options.rules());
    if (!Files.isRegularFile(file)) {
      throw new IllegalArgumentException("option --rules: no file " + file);
    }
    return rules.withOverrides("--rules " + file, Files.readString(file));
  }

  private RunSummary run(LakeLayout lake, String runId, LocalDateTime runStart, Configuration flinkConf,
      QualityRules rules, RunJournal journal, ProgressReporter progress) throws Exception {
    journal.stage("ReadBronze");
    Optional<Watermark> stored = Watermark.read(lake);
    journal.watermarkBefore = stored.map(Watermark::lastModifiedDate).orElse(null);
    // A stored watermark, even an empty one (no valid LastModifiedDate seen yet), means a run
    // has committed: from then on incremental runs read only rows with a valid, newer date.
    boolean incremental = options.mode() == PipelineOptions.Mode.INCREMENTAL && stored.isPresent();
    Optional<LocalDateTime> watermark = stored.map(Watermark::lastModifiedDate).map(Watermarks::parse);
    journal.mode = incremental ? "incremental" : options.mode() == PipelineOptions.Mode.FULL ? "full" : "full (first run)";
    LakeTables tables = LakeTables.open(lake);
    DeltaTable gold = tables.get(LakeTable.GOLD);
    if (incremental && !gold.exists()) {
      throw new IllegalArgumentException("the lake has a watermark but no " + gold.root() + "; run with --mode full");
    }
    BronzeSchema bronze = BronzeSchema.inspect(uri(options.bronze()));
    LOG.info("Run {} ({}): bronze {} files ({} with encodings for the record reader), {} rows, column types {};"
        + " watermark {}{}", runId, journal.mode, bronze.files().size(), bronze.recordReaderFiles().size(),
        bronze.rows(), bronze.columns(), watermark.map(Watermarks::format).orElse("none"),
        incremental ? "; " + bronze.filesNewerThan(watermark.orElse(Watermarks.NONE)).size()
            + " files may hold newer rows (the others' LastModifiedDate statistics end before it)" : "");

    journal.stage("Transform");
    TableEnvironment tEnv = FlinkSetup.tableEnvironment(flinkConf);
    MedallionJob.Inputs inputs = new MedallionJob.Inputs(
        bronze, rules, runStart, incremental ? watermark : Optional.empty(),
        incremental ? Optional.of(gold.files().stream().map(f -> gold.absolute(f).toString()).toList()) : Optional.empty());
    MedallionJob job = MedallionJob.plan(tEnv, inputs);
    LakeFiles.touch(new Path(lake.runDir(runId), "STARTED")); // the run's files are found by it if it dies
    TableResult result = job.statementSet(tEnv, lake::table, RunFiles.prefix(runId), lake.summary(runId)).execute();
    JobClient client = result.getJobClient().orElseThrow();
    progress.job(client, bronze.rows(inputs.bronzeFiles()));
    Map<String, Object> accumulators = client.getJobExecutionResult().get().getAllAccumulatorResults();
    progress.jobFinished(accumulators);
    Map<String, Long> counted = RowCountAccumulators.counts(accumulators);
    LOG.info("Run {}: job {} finished; row counts {}", runId, result.getJobClient().get().getJobID(), counted);
    CrashPoints.reached("after-job");

    BatchSummary batch = BatchSummary.read(lake.summary(runId));
    journal.rows.put("bronze", batch.bronzeRows());
    journal.stage("QualityCheck");
    checkQuality(rules, counted, batch.bronzeRows(), journal, lake, runId);
    if (incremental && batch.bronzeRows() == 0) {
      CommitProtocol.abandon(lake, runId);
      journal.watermarkAfter = journal.watermarkBefore;
      LOG.info("Run {}: no bronze rows newer than the watermark; nothing to do", runId);
      return RunSummary.nothingToDo(runId, lake.root().toString());
    }

    journal.stage("Commit");
    Map<LakeTable, Long> rows = new EnumMap<>(LakeTable.class);
    List<Manifest.TableCommit> commits = new ArrayList<>();
    for (Map.Entry<LakeTable, Table> table : job.tables().entrySet()) {
      tables.get(table.getKey()).createIfAbsent(DeltaSchemas.of(table.getValue().getResolvedSchema()),
          table.getKey().partitionKey().map(List::of).orElse(List.of()), options.deltaProperties());
      RunFiles written = RunFiles.of(lake.table(table.getKey()),
          ParquetTables.writtenFiles(accumulators, lake.table(table.getKey())));
      rows.put(table.getKey(), written.rows());
      journal.rows.put(table.getKey().path(), written.rows());
      commits.add(new Manifest.TableCommit(table.getKey(),
          incremental ? table.getKey().incrementalCommit() : LakeTable.Commit.REPLACE, written.rows(), written.files()));
    }
    progress.committing(commits.size(), commits.stream().mapToLong(c -> c.files().size()).sum());
    String newWatermark = batch.maxLastModifiedDate().map(Watermarks::format).orElse(null);
    CommitProtocol.commit(lake, new Manifest(runId, options.pipelineName(), journal.mode, tables.nextTransaction(),
        newWatermark, !incremental, journal.rows, commits), progress::tableCommitted);
    journal.watermarkAfter = Watermark.read(lake).map(Watermark::lastModifiedDate).orElse(null);
    LOG.info("Run {} committed: {}", runId, journal.rows);
    return new RunSummary(runId, journal.mode, lake.root().toString(), batch.bronzeRows(), rows);
  }

  /**
   * Judges the rules' gates on the job's counts. A firing {@code fail} gate fails the run before
   * anything is committed; a firing {@code warn} gate is logged and alerted. Null checks that
   * find rows leave a NULL_CHECK_FAILED error record, as the design's pipeline does.
   */
  private static void checkQuality(QualityRules rules, Map<String, Long> counted, long rowsRead,
      RunJournal journal, LakeLayout lake, String runId) throws IOException {
    rules.rules().forEach(r -> journal.errorCounts.put(r.code(), counted.getOrDefault(r.code(), 0L)));
    List<QualityGates.Gate> gates = QualityGates.judge(rules, counted, rowsRead);
    String nullCheck = gates.stream()
        .filter(g -> g.rule().output().equals(Quality.NULL_VIOLATIONS) && g.rows() > 0)
        .map(g -> g.rows() + " " + g.rule().code())
        .collect(Collectors.joining(", "));
    if (!nullCheck.isEmpty()) {
      journal.error("NULL_CHECK_FAILED", "null check found " + nullCheck + " rows");
    }
    for (QualityGates.Gate gate : QualityGates.fired(gates, QualityRule.Action.WARN)) {
      LOG.warn("Run {}: quality gate {}", runId, gate.describe());
      journal.warnings.add(gate.describe());
    }
    List<QualityGates.Gate> failed = QualityGates.fired(gates, QualityRule.Action.FAIL);
    if (!failed.isEmpty()) {
      throw new QualityGateFailed(failed);
    }
  }

  /**
   * A failed run removes the files it wrote (a full disk stays full otherwise), unless its commit
   * had begun. Best effort: a failure here is logged and kept beside the run's own error.
   */
  private static void removeUncommitted(LakeLayout lake, String runId, Throwable failure) {
    try {
      CommitProtocol.abandon(lake, runId);
    } catch (Exception | LinkageError e) {
      failure.addSuppressed(e);
      LOG.warn("Run {}: could not remove {}; the next run's recovery will", runId, lake.runDir(runId), e);
    }
  }

  /**
   * Refuses a lake inside bronze (the next run would read the lake's parquet as bronze) and
   * bronze inside the lake (the lake's own folders, which runs replace and delete).
   */
  static void refuseNested(Path bronze, Path lake) {
    String b = folder(bronze);
    String l = folder(lake);
    String problem = b.equals(l) ? "is the same folder as"
        : l.startsWith(b + "/") ? "is inside"
        : b.startsWith(l + "/") ? "contains" : null;
    if (problem != null) {
      throw new IllegalArgumentException("--lake " + lake + " " + problem + " --bronze " + bronze
          + "; bronze and the lake must be separate folders");
    }
  }

  private static String folder(Path path) {
    URI uri = path.toUri().normalize();
    return (uri.getScheme() + "://" + uri.getAuthority() + uri.getPath()).replaceAll("/+$", "");
  }

  /** A URI as given, or a local path made absolute. */
  public static Path uri(String location) {
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
