package dev.engagement.pipeline.commit;

import dev.engagement.pipeline.delta.DataFile;
import dev.engagement.pipeline.delta.DeltaTable;
import dev.engagement.pipeline.fs.LakeFiles;
import dev.engagement.pipeline.lake.LakeLayout;
import dev.engagement.pipeline.lake.LakeTable;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import org.apache.flink.core.fs.FileSystem;
import org.apache.flink.core.fs.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes a run's output: one Delta commit per table, each carrying the run's transaction
 * ({@code txn}: the pipeline's name and the run's number), so that a commit already in a table's
 * log is never made twice. The commit point is the manifest {@code commit.json} in the run folder:
 * before it exists, no table has changed and the run's files are deleted by the next run; once it
 * exists, the run is completed by replaying it, which is safe to repeat at any point.
 *
 * <ol>
 *   <li>write {@code runs/<id>/commit.json} (the commit point);
 *   <li>commit each table in the manifest's order (silver and quality, then gold, then the
 *       reports), skipping a table whose log has the run's transaction already;
 *   <li>store the watermark;
 *   <li>rename {@code commit.json} to {@code committed.json} (the commit is complete);
 *   <li>delete the run folder.
 * </ol>
 */
public final class CommitProtocol {
  private static final Logger LOG = LoggerFactory.getLogger(CommitProtocol.class);
  static final String PENDING = "commit.json";
  static final String DONE = "committed.json";

  private CommitProtocol() {}

  /** The run passed its commit point but could not finish the commit: the next run will. */
  public static final class CutOff extends IOException {
    CutOff(String runId, Exception cause) {
      super("the commit of run " + runId + " was cut off (" + cause.getMessage()
          + "); the next run of the pipeline completes it", cause);
    }
  }

  /** Commits the run in {@code manifest}; {@code committed} hears of each table done, with its files. */
  public static void commit(LakeLayout lake, Manifest manifest, java.util.function.LongConsumer committed) throws IOException {
    Path runDir = lake.runDir(manifest.runId());
    LakeFiles.writeStringAtomically(new Path(runDir, PENDING), manifest.toJson());
    CrashPoints.reached("after-commit-point");
    try {
      complete(lake, manifest, committed);
    } catch (IOException | RuntimeException e) {
      throw new CutOff(manifest.runId(), e);
    }
  }

  /**
   * Completes every commit a killed run left behind, and deletes what runs that never reached
   * their commit point wrote. Returns the ids of the runs it completed.
   */
  public static List<String> recover(LakeLayout lake) throws IOException {
    List<String> completed = new ArrayList<>();
    FileSystem fs = lake.runsDir().getFileSystem();
    for (Path runDir : LakeFiles.listDirs(lake.runsDir())) {
      String pending = LakeFiles.readAtomicallyWritten(new Path(runDir, PENDING));
      if (pending != null && !fs.exists(new Path(runDir, DONE))) {
        Manifest manifest = Manifest.fromJson(pending);
        LOG.warn("Completing the commit of run {} that was cut off", manifest.runId());
        complete(lake, manifest, files -> {});
        completed.add(manifest.runId());
      } else {
        LOG.info("Removing run {} (never committed, or already complete)", runDir.getName());
        abandon(lake, runDir.getName());
      }
    }
    return completed;
  }

  /**
   * Deletes what a run that failed before its commit point wrote: its data files and its folder.
   * A run past its commit point keeps them, for the next run to complete the commit.
   */
  public static void abandon(LakeLayout lake, String runId) throws IOException {
    Path runDir = lake.runDir(runId);
    boolean done = runDir.getFileSystem().exists(new Path(runDir, DONE));
    if (!done && LakeFiles.readAtomicallyWritten(new Path(runDir, PENDING)) != null) {
      return;
    }
    if (!done) {
      for (LakeTable table : LakeTable.values()) {
        RunFiles.delete(lake.table(table), runId);
      }
    }
    LakeFiles.deleteRecursively(runDir);
  }

  private static void complete(LakeLayout lake, Manifest manifest, java.util.function.LongConsumer committed)
      throws IOException {
    String prefix = RunFiles.prefix(manifest.runId());
    for (Manifest.TableCommit commit : manifest.tables()) {
      Set<Map<String, String>> partitions = new HashSet<>();
      commit.files().forEach(f -> partitions.add(f.partitionValues()));
      Predicate<DataFile> replaced = switch (commit.commit()) {
        case APPEND -> file -> false;
        case REPLACE_PARTITIONS -> file -> partitions.contains(file.partitionValues());
        case REPLACE -> file -> true;
      };
      new DeltaTable(lake.table(commit.table())).commit(manifest.pipelineName(), manifest.transaction(),
          commit.files(), replaced.and(file -> !new Path(file.path()).getName().startsWith(prefix)),
          new DeltaTable.CommitInfo("WRITE", parameters(manifest, commit.commit()),
              Map.of("numOutputRows", Long.toString(commit.rows()))));
      committed.accept(commit.files().size());
      CrashPoints.reached("after-commit-of-" + commit.table().name().toLowerCase(java.util.Locale.ROOT));
    }
    CrashPoints.reached("before-watermark");
    storeWatermark(lake, manifest);
    Path runDir = lake.runDir(manifest.runId());
    LakeFiles.rename(new Path(runDir, PENDING), new Path(runDir, DONE));
    LakeFiles.deleteRecursively(runDir);
  }
  /** The commit's operation parameters, in Spark's terms where it has them. */
  private static Map<String, String> parameters(Manifest manifest, LakeTable.Commit commit) {
    Map<String, String> parameters = new java.util.LinkedHashMap<>();
    parameters.put("mode", commit == LakeTable.Commit.APPEND ? "Append" : "Overwrite");
    if (commit == LakeTable.Commit.REPLACE_PARTITIONS) {
      parameters.put("partitionOverwriteMode", "DYNAMIC");
    }
    parameters.put("pipeline", manifest.pipelineName());
    parameters.put("runId", manifest.runId());
    parameters.put("runMode", manifest.mode());
    return parameters;
  }

  private static void storeWatermark(LakeLayout lake, Manifest manifest) throws IOException {
    if (manifest.watermark() == null && !manifest.resetWatermark()) {
      return;
    }
    Optional<Watermark> before = Watermark.read(lake);
    boolean forward = before.isEmpty()
        || before.get().lastModifiedDate() == null
        || (manifest.watermark() != null
            && manifest.watermark().compareTo(before.get().lastModifiedDate()) > 0);
    if (manifest.resetWatermark() || forward) {
      new Watermark(lake.pipelineName(), manifest.watermark(), manifest.runId(), Instant.now().toString())
          .write(lake);
    }
  }
}
