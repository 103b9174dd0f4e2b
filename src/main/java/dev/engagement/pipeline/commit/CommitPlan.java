package dev.engagement.pipeline.commit;

import dev.engagement.pipeline.fs.LakeFiles;
import dev.engagement.pipeline.lake.LakeLayout;
import dev.engagement.pipeline.lake.LakeTable;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.flink.core.fs.FileStatus;
import org.apache.flink.core.fs.Path;

/**
 * The renames that publish a run's staged tables; see {@link CommitProtocol}. Only files are
 * renamed, never folders: a folder rename is not atomic on Blob storage without a hierarchical
 * namespace (and the wasb driver's own folder rename needs classes the Flink plugin lacks),
 * while a file rename that was cut off leaves the file whole at one of its two names, which the
 * replay handles.
 */
public final class CommitPlan {
  private final LakeLayout lake;
  private final String runId;
  private final List<Manifest.Move> moves = new ArrayList<>();
  private final Set<String> emptied = new HashSet<>();

  public CommitPlan(LakeLayout lake, String runId) {
    this.lake = lake;
    this.runId = runId;
  }

  public List<Manifest.Move> moves() {
    return List.copyOf(moves);
  }

  /** Folders the moves may leave empty: removed at the end of the commit. */
  public List<String> emptiedFolders() {
    return emptied.stream().sorted().toList();
  }

  /** Publishes the staged table the way its {@link LakeTable.Commit} says. */
  public CommitPlan add(StagedTable staged, LakeTable.Commit commit) throws IOException {
    switch (commit) {
      case REPLACE -> replace(staged.table(), "");
      case REPLACE_PARTITIONS -> {
        for (String partition : staged.partitions()) {
          replace(staged.table(), partition);
        }
        moveIn(staged.table(), StagedTable.SUCCESS);
      }
      case APPEND -> {
        for (String file : staged.files()) {
          moveIn(staged.table(), file);
        }
        for (String partition : staged.partitions()) {
          moveIn(staged.table(), partition + "/" + StagedTable.SUCCESS);
        }
        moveIn(staged.table(), StagedTable.SUCCESS);
      }
    }
    return this;
  }

  /**
   * Replaces the committed folder {@code sub} of a table (the whole table when empty) with the
   * staged one: every committed file there moves aside, then every staged file moves in. The
   * committed files are listed now, under the run's lock, so replaying the plan never touches
   * the files that replaced them.
   */
  private void replace(LakeTable table, String sub) throws IOException {
    Path target = child(lake.table(table), sub);
    Path aside = child(lake.replaced(runId, table), sub);
    Path staged = child(lake.staging(runId, table), sub);
    for (FileStatus old : LakeFiles.listAllFiles(target)) {
      String relative = LakeFiles.relativize(target, old.getPath());
      move(old.getPath(), new Path(aside, relative));
      int slash = relative.lastIndexOf('/');
      if (slash > 0) {
        emptied.add(LakeFiles.relativize(lake.root(), new Path(target, relative.substring(0, slash))));
      }
    }
    for (FileStatus file : LakeFiles.listAllFiles(staged)) {
      move(file.getPath(), new Path(target, LakeFiles.relativize(staged, file.getPath())));
    }
  }

  /** A staged file of the table joins the committed table at the same relative path. */
  private void moveIn(LakeTable table, String relative) {
    move(new Path(lake.staging(runId, table), relative), new Path(lake.table(table), relative));
  }

  private void move(Path from, Path to) {
    moves.add(new Manifest.Move(
        LakeFiles.relativize(lake.root(), from), LakeFiles.relativize(lake.root(), to)));
  }

  private static Path child(Path parent, String sub) {
    return sub.isEmpty() ? parent : new Path(parent, sub);
  }
}
