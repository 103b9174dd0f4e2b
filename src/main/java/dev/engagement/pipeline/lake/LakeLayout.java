package dev.engagement.pipeline.lake;

import org.apache.flink.core.fs.Path;

/**
 * Where everything lives. The tables are at {@code <lake>/<layer>/<table>/}; a pipeline's own
 * state (watermark, lock, runs in progress or being committed) is under
 * {@code <lake>/_pipeline/<pipeline-name>/}, hidden from readers by its leading underscore.
 */
public record LakeLayout(Path root, String pipelineName) {

  public Path table(LakeTable table) {
    return new Path(root, table.path());
  }

  public Path pipelineDir() {
    return new Path(new Path(root, "_pipeline"), pipelineName);
  }

  public Path runsDir() {
    return new Path(pipelineDir(), "runs");
  }

  public Path runDir(String runId) {
    return new Path(runsDir(), runId);
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
}
