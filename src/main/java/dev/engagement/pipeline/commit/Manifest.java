package dev.engagement.pipeline.commit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.engagement.pipeline.delta.DataFile;
import dev.engagement.pipeline.lake.LakeTable;
import java.util.List;
import java.util.Set;

/**
 * A run's commit, written before any table changes (the commit point): for each table in commit
 * order, the version the run read, the data files it adds and how they join the table, and the
 * watermark to store after them. A rollback's commit point is one too: each table restored to a
 * version, and the watermark the run it goes back to stored.
 *
 * @param transaction the run's number: the version of the Delta transaction ({@code txn}) it
 *     commits to every table under the pipeline's name
 * @param watermark the greatest LastModifiedDate the run committed, or null if it read none
 * @param resetWatermark a full run sets the watermark; an incremental run only moves it forward
 * @param restoresRun for a rollback, the run it goes back to; null for a run
 */
public record Manifest(
    String runId,
    String pipelineName,
    String mode,
    long transaction,
    String watermark,
    boolean resetWatermark,
    String restoresRun,
    List<TableCommit> tables) {

  /**
   * One table's part of the commit.
   *
   * @param readVersion the table's version the run read: commits by others after it are judged
   *     by Delta's conflict rules (null in a manifest of a release before them: none are judged)
   * @param restoreVersion for {@link LakeTable.Commit#RESTORE}, the version the table goes back to
   * @param replaced for {@link LakeTable.Commit#REWRITE}, the names of the files the commit replaces
   * @param purged files (relative to the table) deleted at once after every table's commit, which
   *     older versions may still name: an erase's files that held the erased rows
   */
  public record TableCommit(LakeTable table, LakeTable.Commit commit, Long readVersion, long restoreVersion,
      long rows, List<DataFile> files, Set<String> replaced, List<String> purged) {

    public TableCommit {
      replaced = replaced == null ? Set.of() : replaced; // a manifest of an older release has neither
      purged = purged == null ? List.of() : purged;
    }

    TableCommit(LakeTable table, LakeTable.Commit commit, Long readVersion, long restoreVersion, long rows,
        List<DataFile> files) {
      this(table, commit, readVersion, restoreVersion, rows, files, Set.of(), List.of());
    }
  }

  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
      .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES); // a manifest of an older release has a "rows" field

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
