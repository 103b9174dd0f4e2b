package dev.engagement.pipeline.metrics;

import dev.engagement.pipeline.quality.QualityGates;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Map;

/**
 * What a run knows at its end (its journal), for its metrics. Times are UTC; a figure the run
 * did not get to is null (or empty).
 *
 * @param status the run log's status: SUCCEEDED, NOTHING_TO_DO or FAILED
 * @param exitStatus the process's exit status (a committed run whose upkeep failed is SUCCEEDED, 6)
 * @param stageSeconds each stage's duration, in the order the run went through them
 * @param bronzeFiles the bronze files the run read
 * @param rows the bronze rows read ("bronze"), those of erased students dropped ("erased") and
 *     the rows committed per table path
 * @param gates every quality rule's gate, once the job's counts were judged
 * @param watermark the lake's watermark after the run, 'yyyy-MM-dd HH:mm:ss.SSS'
 * @param filesCompacted the files its compaction ({@code --auto-optimize-files}) replaced
 */
public record RunFigures(
    String pipelineName,
    String runId,
    String mode,
    String status,
    int exitStatus,
    LocalDateTime start,
    LocalDateTime end,
    Map<String, Double> stageSeconds,
    Integer bronzeFiles,
    Map<String, Long> rows,
    List<QualityGates.Gate> gates,
    String watermark,
    long partitionsDeleted,
    long filesCompacted) {

  /** The run log's statuses; a run that committed, with or without new rows, succeeded. */
  public static final List<String> STATUSES = List.of("SUCCEEDED", "NOTHING_TO_DO", "FAILED");

  public boolean succeeded() {
    return succeeded(status);
  }

  public static boolean succeeded(String status) {
    return "SUCCEEDED".equals(status) || "NOTHING_TO_DO".equals(status);
  }
}
