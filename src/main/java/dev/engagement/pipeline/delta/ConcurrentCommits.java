package dev.engagement.pipeline.delta;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.engagement.pipeline.fs.LakeFiles;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.apache.flink.core.fs.Path;

/**
 * Delta's conflict rules for a write that read its table at one version and commits at a later
 * one: the commits in between (the "winning" commits) are read from the log and judged against
 * what the write read. Kernel checks only blind appends this way (it has no rule for a write
 * that removes files), so the pipeline judges every write here, with Delta's rules:
 *
 * <ul>
 *   <li>a changed schema or protocol ({@code metaData}, {@code protocol}) conflicts with any write;
 *   <li>a commit of another run of the same pipeline ({@code txn} of the same app id) conflicts
 *       with any write: two runs never both commit;
 *   <li>a data change ({@code add} or {@code remove} with {@code dataChange = true}: a DELETE,
 *       UPDATE, MERGE or append) in a partition the write read conflicts;
 *   <li>a rearrangement ({@code dataChange = false}: OPTIMIZE) changes no row and conflicts only
 *       with a write that rewrites files it removed (a compaction or an erase of the same files);
 *       any other write removes what is current when it commits.
 * </ul>
 */
final class ConcurrentCommits {
  private static final ObjectMapper JSON = new ObjectMapper();

  private ConcurrentCommits() {}

  /**
   * Judges the commits {@code from + 1 .. to} of the table at {@code root}. Returns true if one of
   * them is the write's own transaction ({@code appId}, {@code transaction}): it is committed
   * already (a replay after a crash). Throws {@link WriteConflict} naming the first conflicting commit.
   */
  static boolean judge(Path root, long from, long to, String appId, long transaction, Reads reads) throws IOException {
    List<Commit> commits = new ArrayList<>();
    for (long version = from + 1; version <= to; version++) {
      commits.add(read(root, version));
    }
    if (appId != null && commits.stream().anyMatch(c -> c.txnVersion(appId) == transaction)) {
      return true;
    }
    for (int i = 0; i < commits.size(); i++) {
      String reason = commits.get(i).conflictWith(appId, reads);
      if (reason != null) {
        throw new WriteConflict(root, from, from + 1 + i, commits.get(i).operation(), reason);
      }
    }
    return false;
  }

  private static Commit read(Path root, long version) throws IOException {
    Path file = new Path(new Path(root, "_delta_log"), String.format("%020d.json", version));
    try {
      return new Commit(LakeFiles.readString(file));
    } catch (FileNotFoundException e) {
      throw new WriteConflict(root, version - 1, version, "a commit the log no longer keeps",
          "what the write read cannot be checked against it");
    }
  }

  /** One commit file's actions, parsed once. */
  private record Commit(List<JsonNode> actions) {
    Commit(String json) {
      this(json.lines().filter(l -> !l.isBlank()).map(Commit::parse).toList());
    }

    private static JsonNode parse(String line) {
      try {
        return JSON.readTree(line);
      } catch (IOException e) {
        throw new IllegalStateException("unreadable commit action: " + e.getMessage(), e);
      }
    }

    /** The operation and engine its commitInfo names, e.g. "DELETE by Apache-Spark/4.2.0 Delta-Lake/4.4.0". */
    String operation() {
      for (JsonNode action : actions()) {
        JsonNode info = action.path("commitInfo");
        if (!info.isMissingNode()) {
          String run = info.path("operationParameters").path("runId").asText("");
          return info.path("operation").asText("an unnamed operation") + " by "
              + info.path("engineInfo").asText("an unnamed writer") + (run.isEmpty() ? "" : ", run " + run);
        }
      }
      return "a commit without commitInfo";
    }

    long txnVersion(String appId) {
      for (JsonNode action : actions()) {
        if (appId.equals(action.path("txn").path("appId").asText(null))) {
          return action.path("txn").path("version").asLong();
        }
      }
      return Long.MIN_VALUE;
    }

    /** Why this commit conflicts with a write that read {@code reads}, or null. */
    String conflictWith(String appId, Reads reads) {
      for (JsonNode action : actions()) {
        if (action.has("metaData") || action.has("protocol")) {
          return "it changed the table's schema, properties or protocol";
        }
        if (appId != null && appId.equals(action.path("txn").path("appId").asText(null))) {
          return "another run of pipeline " + appId + " committed run number " + action.path("txn").path("version");
        }
        String removed = action.path("remove").path("path").asText(null);
        if (removed != null && reads.files().contains(fileName(removed))) {
          return "it removed the file " + fileName(removed) + ", which the write rewrites";
        }
        for (String kind : new String[] {"add", "remove"}) {
          JsonNode file = action.path(kind);
          if (!file.isMissingNode() && file.path("dataChange").asBoolean(true)
              && reads.covers(partitionValues(file.path("partitionValues")))) {
            return "it " + (kind.equals("add") ? "added rows to " : "removed rows from ")
                + (reads.wholeTable() ? "the table" : "partition " + partitionValues(file.path("partitionValues")));
          }
        }
      }
      return null;
    }

    /** A logged path's file name: the names of data files are unique, their folders escaped variously. */
    private static String fileName(String loggedPath) {
      return java.net.URI.create(loggedPath).getPath().replaceAll(".*/", "");
    }

    private static Map<String, String> partitionValues(JsonNode values) {
      Map<String, String> out = new HashMap<>();
      for (Iterator<Map.Entry<String, JsonNode>> it = values.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        out.put(e.getKey(), e.getValue().isNull() ? null : e.getValue().asText());
      }
      return out;
    }
  }
}
