package dev.engagement.pipeline;

import dev.engagement.pipeline.bronze.BronzeSchema;
import dev.engagement.pipeline.cli.PipelineCommand;
import dev.engagement.pipeline.commit.BatchSummary;
import dev.engagement.pipeline.commit.CrashPoints;
import dev.engagement.pipeline.commit.JobOutput;
import dev.engagement.pipeline.commit.PipelineLock;
import dev.engagement.pipeline.commit.RunFiles;
import dev.engagement.pipeline.commit.RunTransaction;
import dev.engagement.pipeline.commit.Watermark;
import dev.engagement.pipeline.commit.Watermarks;
import dev.engagement.pipeline.lake.Compaction;
import dev.engagement.pipeline.lake.ErasedStudents;
import dev.engagement.pipeline.lake.LakeLayout;
import dev.engagement.pipeline.lake.LakeTable;
import dev.engagement.pipeline.lake.Retention;
import dev.engagement.pipeline.lake.Vacuum;
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
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Collectors;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.core.fs.Path;
import org.apache.flink.table.api.TableEnvironment;
import org.apache.flink.table.catalog.ResolvedSchema;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The job's entry point: options, then the plan (bronze checked, tables declared), then one
 * Flink job that writes every table to staging, then the commit that publishes them.
 */
public final class Pipeline {
  private static final Logger LOG = LoggerFactory.getLogger(Pipeline.class);

  private final PipelineOptions options;

  private Pipeline(PipelineOptions options) {
    this.options = options;
  }

  /** The jar's main class: every command of the command line, and the job under {@code flink run}. */
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

  /**
   * Runs the command the arguments name (options alone are the run's); returns the process exit
   * status (0 only when every output is committed).
   */
  public static int run(String[] args, PrintStream out, PrintStream err) {
    return PipelineCommand.execute(args, out, err);
  }

  /** Runs the pipeline with these options: its progress goes to {@code err}, what it did to {@code out}. */
  public static void run(PipelineOptions options, PrintStream out, PrintStream err) throws Exception {
    out.print(new Pipeline(options).run(err).describe());
  }

  /** The run committed; a step after its commit (retention, compaction, vacuum) failed. */
  static final class UpkeepFailed extends Exception {
    final RunSummary committed;

    UpkeepFailed(RunSummary committed, String step, Exception cause) {
      super("run " + committed.runId() + " committed (" + committed.rows() + " rows per table, watermark stored);"
          + " then the " + step + " failed: " + Failure.rootCause(cause) + "; the next successful run does it again", cause);
      this.committed = committed;
    }
  }

  /** A run's story: the lock, the plan, the job, the commit, the upkeep. */
  RunSummary run(PrintStream err) throws Exception {
    Map<String, String> confFile = FlinkSetup.readConfFile(options.conf());
    QualityRules rules = rules();
    FlinkSetup.initFileSystems(confFile);
    LakeLayout lake = new LakeLayout(options.lake(), options.pipelineName());
    refuseNested(options.bronze(), lake.root());
    LocalDateTime runStart = LocalDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.MILLIS);
    String runId = runStart.format(DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'", Locale.ROOT))
        + "-" + UUID.randomUUID().toString().substring(0, 8);
    RunJournal journal = new RunJournal(runId, options.pipelineName(), options.mode().name().toLowerCase(Locale.ROOT), runStart);
    Configuration flinkConf = FlinkSetup.configuration(options, confFile);
    URI pushgateway = options.metricsPushgateway(confFile);
    RunSummary summary = null;
    try (EmbeddedCluster cluster = EmbeddedCluster.startUnlessOnACluster(flinkConf)) {
      journal.stage("Lock");
      try (PipelineLock lock = PipelineLock.acquire(lake, runId, options.lockTimeout())) {
        journal.stage("Recover");
        List<String> completed = RunTransaction.recover(lake);
        if (!completed.isEmpty()) {
          LOG.warn("Completed the cut-off commit of runs {} before this run", completed);
        }
        RunTransaction transaction = RunTransaction.begin(lake, lock, runId);
        try (ProgressReporter progress = ProgressReporter.start(runId, lake.progressFile(), options.progressInterval(),
            options.progress(), err)) {
          summary = run(transaction, runStart, flinkConf, rules, journal, progress);
        } catch (Exception | LinkageError e) {
          removeUncommitted(lake, runId, e);
          throw e;
        }
        upkeep(lake, runStart, journal, summary);
      }
      journal.finish(summary.status(), null);
    } catch (Exception | LinkageError e) {
      Failure failure = Failure.of(e);
      journal.exitStatus = failure.exitStatus();
      journal.error(failure.name(), failure.message(e));
      journal.finish(summary == null ? "FAILED" : summary.status(), failure.message(e));
      throw e;
    } finally {
      journal.write(lake);
      journal.alert(options.alertWebhook(confFile));
      journal.pushMetrics(pushgateway, lake);
    }
    if (options.report()) {
      writeReport(lake);
    }
    return summary;
  }

  /** After the commit: retention, compaction and the vacuum. A failure here leaves the run committed. */
  private void upkeep(LakeLayout lake, LocalDateTime runStart, RunJournal journal, RunSummary committed)
      throws UpkeepFailed {
    try {
      if (options.retentionDays() > 0) {
        journal.stage("Retention");
        journal.partitionsDeleted = Retention.prune(lake, runStart.toLocalDate(), options.retentionDays());
      }
    } catch (Exception e) {
      throw new UpkeepFailed(committed, "retention", e);
    }
    try {
      if (options.autoOptimizeFiles() > 0) {
        journal.stage("Compaction");
        for (LakeTable table : LakeTable.values()) {
          journal.filesCompacted +=
              Compaction.compactIfMany(lake, table, options.autoOptimizeFiles(), committed.runId()).filesRemoved();
        }
      }
    } catch (Exception e) {
      throw new UpkeepFailed(committed, "compaction", e);
    }
    try {
      journal.stage("Vacuum");
      Vacuum.afterRun(lake, Duration.ofDays(options.keepVersionsDays()));
    } catch (Exception e) {
      throw new UpkeepFailed(committed, "vacuum", e);
    }
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

  private RunSummary run(RunTransaction transaction, LocalDateTime runStart, Configuration flinkConf,
      QualityRules rules, RunJournal journal, ProgressReporter progress) throws Exception {
    LakeLayout lake = transaction.lake();
    String runId = transaction.runId();
    journal.stage("ReadBronze");
    Optional<Watermark> stored = transaction.watermark();
    journal.watermarkBefore = stored.map(Watermark::lastModifiedDate).orElse(null);
    // A stored watermark, even an empty one (no valid LastModifiedDate seen yet), means a run
    // has committed: from then on incremental runs read only rows with a valid, newer date.
    boolean incremental = options.mode() == PipelineOptions.Mode.INCREMENTAL && stored.isPresent();
    Optional<LocalDateTime> watermark = stored.map(Watermark::lastModifiedDate).map(Watermarks::parse);
    journal.mode = incremental ? "incremental" : options.mode() == PipelineOptions.Mode.FULL ? "full" : "full (first run)";
    if (incremental && !transaction.exists(LakeTable.GOLD)) {
      throw new IllegalArgumentException("the lake has a watermark but no " + lake.table(LakeTable.GOLD)
          + "; run with --mode full");
    }
    BronzeSchema bronze = BronzeSchema.inspect(options.bronze());
    LOG.info("Run {} ({}): bronze {} files ({} with encodings for the record reader), {} rows, column types {};"
        + " watermark {}{}", runId, journal.mode, bronze.files().size(), bronze.recordReaderFiles().size(),
        bronze.rows(), bronze.columns(), watermark.map(Watermarks::format).orElse("none"),
        incremental ? "; " + bronze.filesNewerThan(watermark.orElse(Watermarks.NONE)).size()
            + " files may hold newer rows (the others' LastModifiedDate statistics end before it)" : "");

    journal.stage("Transform");
    TableEnvironment tEnv = FlinkSetup.tableEnvironment(flinkConf);
    MedallionJob.Inputs inputs = new MedallionJob.Inputs(bronze, rules, runStart,
        incremental ? watermark : Optional.empty(),
        incremental ? Optional.of(transaction.files(LakeTable.GOLD)) : Optional.empty(), ErasedStudents.read(lake));
    journal.bronzeFiles = inputs.bronzeFiles().size();
    MedallionJob job = MedallionJob.plan(tEnv, inputs);
    transaction.markStarted();
    JobClient client = job.statementSet(tEnv, lake::table, RunFiles.prefix(runId), lake.summary(runId)).execute()
        .getJobClient().orElseThrow();
    progress.job(client, bronze.rows(inputs.bronzeFiles()));
    JobOutput output = JobOutput.await(client);
    progress.jobFinished(output.accumulators());
    Map<String, Long> counted = output.rowCounts();
    LOG.info("Run {}: job {} finished; row counts {}", runId, client.getJobID(), counted);
    CrashPoints.reached("after-job");

    BatchSummary batch = BatchSummary.read(lake.summary(runId));
    journal.rows.put("bronze", batch.bronzeRows());
    journal.rows.put("erased", counted.getOrDefault("erased", 0L));
    journal.stage("QualityCheck");
    checkQuality(rules, counted, batch.bronzeRows(), journal, lake, runId);
    if (incremental && batch.bronzeRows() == 0) {
      RunTransaction.abandon(lake, runId);
      journal.watermarkAfter = journal.watermarkBefore;
      LOG.info("Run {}: no bronze rows newer than the watermark; nothing to do", runId);
      return RunSummary.nothingToDo(runId, lake.root().toString());
    }

    journal.stage("Commit");
    Map<LakeTable, ResolvedSchema> schemas = new EnumMap<>(LakeTable.class);
    job.tables().forEach((table, rows) -> schemas.put(table, rows.getResolvedSchema()));
    Map<LakeTable, Long> rows = transaction.commit(journal.mode, !incremental, schemas, options.deltaProperties(),
        output, batch.maxLastModifiedDate().map(Watermarks::format).orElse(null), progress);
    rows.forEach((table, n) -> journal.rows.put(table.path(), n));
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
    journal.gates = gates;
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
      RunTransaction.abandon(lake, runId);
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
}
