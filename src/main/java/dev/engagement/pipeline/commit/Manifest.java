package dev.engagement.pipeline.commit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.engagement.pipeline.delta.DataFile;
import dev.engagement.pipeline.lake.LakeTable;
import java.util.List;
import java.util.Map;

/**
 * A run's commit, written before any table changes: for each table in commit order, the data
 * files the run adds and how they join the table, and the watermark to store after them.
 *
 * @param transaction the run's number: the version of the Delta transaction ({@code txn}) it
 *     commits to every table under the pipeline's name
 * @param watermark the greatest LastModifiedDate the run committed, or null if it read none
 * @param resetWatermark a full run sets the watermark; an incremental run only moves it forward
 */
public record Manifest(
    String runId,
    String pipelineName,
    String mode,
    long transaction,
    String watermark,
    boolean resetWatermark,
    Map<String, Long> rows,
    List<TableCommit> tables) {

  /** One table's part of the commit. */
  public record TableCommit(LakeTable table, LakeTable.Commit commit, long rows, List<DataFile> files) {}

  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  public String toJson() {
    try {
      return JSON.writeValueAsString(this);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  public static Manifest fromJson(String json) {
    try {
      return JSON.readValue(json, Manifest.class);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("unreadable commit manifest: " + e.getMessage(), e);
    }
  }
}
