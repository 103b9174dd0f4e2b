package dev.engagement.pipeline.lake;

import org.apache.flink.core.fs.Path;

/**
 * Where everything lives: the one place that names a path under the lake. The tables are at
 * {@code <lake>/<layer>/<table>/}; the pipelines' own state is under {@code <lake>/_pipeline/},
 * hidden from readers by its leading underscore: the run log and error records of every
 * pipeline, and per pipeline ({@code _pipeline/<pipeline-name>/}) its watermark, lock, and the
 * runs in progress or being committed. The engagement report is under {@code <lake>/_reports/}.
 */
public record LakeLayout(Path root, String pipelineName) {

  public Path table(LakeTable table) {
    return new Path(root, table.path());
  }

  /** The folder of every pipeline's state: one sub-folder per pipeline name. */
  public Path pipelinesDir() {
    return new Path(root, "_pipeline");
  }

  public Path pipelineDir() {
    return new Path(pipelinesDir(), pipelineName);
  }

  /** The run lock of the pipeline named by {@code pipelineDir} (see {@code commit.PipelineLock}). */
  public static Path lockFile(Path pipelineDir) {
    return new Path(pipelineDir, "LOCK");
  }

  public Path lockFile() {
    return lockFile(pipelineDir());
  }

  /** Where the lock's holder shows it is alive; the lock file itself is never rewritten. */
  public Path heartbeatFile(String runId) {
    return new Path(pipelineDir(), "LOCK." + runId + ".alive");
  }

  /** Created by the one run that takes over the stale lock of {@code staleRunId}. */
  public Path takeoverFile(String staleRunId) {
    return new Path(pipelineDir(), "LOCK." + staleRunId + ".takeover");
  }

  public Path runsDir() {
    return new Path(pipelineDir(), "runs");
  }

  public Path runDir(String runId) {
    return new Path(runsDir(), runId);
  }

  /** Marks a run's folder before its job writes. */
  public Path startedMarker(String runId) {
    return new Path(runDir(runId), "STARTED");
  }

  /** The run's commit point: its manifest. */
  public Path commitPoint(String runId) {
    return new Path(runDir(runId), "commit.json");
  }

  /** The manifest once every table and the watermark are committed. */
  public Path commitDone(String runId) {
    return new Path(runDir(runId), "committed.json");
  }

  /** Where the job writes its one-row summary ({@code commit.BatchSummary}). */
  public Path summary(String runId) {
    return new Path(runDir(runId), "summary");
  }

  public Path watermarkFile() {
    return new Path(pipelineDir(), "watermark.json");
  }

  /** The figures of the run in progress, while it runs (see {@code progress.ProgressReporter}). */
  public Path progressFile() {
    return new Path(pipelineDir(), "progress.json");
  }

  /** Touched by each vacuum: the next runs skip it for a day. */
  public Path lastVacuumMarker() {
    return new Path(pipelineDir(), "last-vacuum");
  }

  /** The students erased from the lake, as salted hashes: every pipeline's runs drop their rows. */
  public Path erasedStudents() {
    return new Path(pipelinesDir(), "erased-students.json");
  }

  /** The run log of every pipeline writing to the lake. */
  public Path runLog() {
    return new Path(pipelinesDir(), "run_log");
  }

  /** The error records of every pipeline writing to the lake. */
  public Path errors() {
    return new Path(pipelinesDir(), "errors");
  }

  /** The engagement report's default place. */
  public Path report() {
    return new Path(new Path(root, "_reports"), "engagement-report.html");
  }
}
