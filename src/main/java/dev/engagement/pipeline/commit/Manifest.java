package dev.engagement.pipeline.commit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.util.List;
import java.util.Map;

/**
 * A run's commit, written before any committed table changes: the renames that publish the
 * run's staged files (paths relative to the lake root), and the watermark to store after them.
 *
 * @param watermark the greatest LastModifiedDate the run committed, or null if it read none
 * @param resetWatermark a full run sets the watermark; an incremental run only moves it forward
 * @param emptiedFolders folders the moves may leave empty, removed after them
 */
public record Manifest(
    String runId,
    String pipelineName,
    String mode,
    String watermark,
    boolean resetWatermark,
    Map<String, Long> rows,
    List<Move> moves,
    List<String> emptiedFolders) {

  /** Rename {@code from} to {@code to}; done already when {@code from} is gone or {@code to} exists. */
  public record Move(String from, String to) {}

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
