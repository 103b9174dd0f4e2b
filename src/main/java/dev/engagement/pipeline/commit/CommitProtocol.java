package dev.engagement.pipeline.commit;

import dev.engagement.pipeline.fs.LakeFiles;
import dev.engagement.pipeline.fs.ParallelFiles;
import dev.engagement.pipeline.lake.LakeLayout;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.flink.core.fs.FileSystem;
import org.apache.flink.core.fs.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes a run's staged output. The commit point is the manifest {@code commit.json} in the
 * run folder: before it exists, nothing committed has changed and the run can be thrown away;
 * once it exists, the run is completed by replaying it, which is safe to repeat at any point.
 *
 * <ol>
 *   <li>write {@code runs/<id>/commit.json} (the commit point);
 *   <li>do its renames, each skipped when already done: in order within each committed folder,
 *       different folders side by side;
 *   <li>store the watermark;
 *   <li>rename {@code commit.json} to {@code committed.json} (the commit is complete);
 *   <li>delete the run folder (what was staged and what was replaced).
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

  public static void commit(LakeLayout lake, Manifest manifest) throws IOException {
    Path runDir = lake.runDir(manifest.runId());
    LakeFiles.writeStringAtomically(new Path(runDir, PENDING), manifest.toJson());
    CrashPoints.reached("after-commit-point");
    try {
      complete(lake, manifest);
    } catch (IOException | RuntimeException e) {
      throw new CutOff(manifest.runId(), e);
    }
  }

  /**
   * Completes every commit a killed run left behind, and deletes runs that never reached their
   * commit point. Returns the ids of the runs it completed.
   */
  public static List<String> recover(LakeLayout lake) throws IOException {
    List<String> completed = new ArrayList<>();
    FileSystem fs = lake.runsDir().getFileSystem();
    for (Path runDir : LakeFiles.listDirs(lake.runsDir())) {
      String pending = LakeFiles.readAtomicallyWritten(new Path(runDir, PENDING));
      if (pending != null && !fs.exists(new Path(runDir, DONE))) {
        Manifest manifest = Manifest.fromJson(pending);
        LOG.warn("Completing the commit of run {} that was cut off", manifest.runId());
        complete(lake, manifest);
        completed.add(manifest.runId());
      } else {
        LOG.info("Removing {} (staged, never committed, or already complete)", runDir);
        LakeFiles.deleteRecursively(runDir);
      }
    }
    return completed;
  }

  /**
   * Deletes the folder of a run that failed before its commit point: what its job staged. A run
   * past its commit point keeps it, for the next run to complete the commit.
   */
  public static void abandon(LakeLayout lake, String runId) throws IOException {
    Path runDir = lake.runDir(runId);
    if (LakeFiles.readAtomicallyWritten(new Path(runDir, PENDING)) == null) {
      LakeFiles.deleteRecursively(runDir);
    }
  }

  private static void complete(LakeLayout lake, Manifest manifest) throws IOException {
    FileSystem fs = lake.root().getFileSystem();
    ParallelFiles.forEach(byCommittedFolder(lake, manifest), moves -> {
      for (Manifest.Move move : moves) {
        Path from = new Path(lake.root(), move.from());
        Path to = new Path(lake.root(), move.to());
        if (fs.exists(from) && !fs.exists(to)) {
          LakeFiles.rename(from, to);
        }
      }
    });
    ParallelFiles.forEach(manifest.emptiedFolders(), folder -> LakeFiles.deleteIfEmpty(new Path(lake.root(), folder)));
    CrashPoints.reached("before-watermark");
    storeWatermark(lake, manifest);
    Path runDir = lake.runDir(manifest.runId());
    LakeFiles.rename(new Path(runDir, PENDING), new Path(runDir, DONE));
    LakeFiles.deleteRecursively(runDir);
  }

  /**
   * The manifest's moves grouped by the committed folder each one empties or fills, in the
   * manifest's order within a group: a partition's old {@code _SUCCESS} moves aside before the
   * new one moves in. Groups touch different files, so they run side by side.
   */
  private static Collection<List<Manifest.Move>> byCommittedFolder(LakeLayout lake, Manifest manifest) {
    String run = LakeFiles.relativize(lake.root(), lake.runDir(manifest.runId())) + "/";
    Map<String, List<Manifest.Move>> groups = new LinkedHashMap<>();
    for (Manifest.Move move : manifest.moves()) {
      String committed = move.to().startsWith(run) ? move.from() : move.to();
      int slash = committed.lastIndexOf('/');
      groups.computeIfAbsent(slash < 0 ? "" : committed.substring(0, slash), folder -> new ArrayList<>()).add(move);
    }
    return groups.values();
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
