package dev.engagement.pipeline.lake;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.core.fs.Path;

/** The renames that publish a run's staged tables; see {@link CommitProtocol}. */
public final class CommitPlan {
  private final LakeLayout lake;
  private final String runId;
  private final List<Manifest.Move> moves = new ArrayList<>();

  public CommitPlan(LakeLayout lake, String runId) {
    this.lake = lake;
    this.runId = runId;
  }

  public List<Manifest.Move> moves() {
    return List.copyOf(moves);
  }

  /** The staged table replaces the committed one, which moves aside until the commit is done. */
  public CommitPlan replace(StagedTable staged) throws IOException {
    replaceFolder(
        lake.table(staged.table()),
        lake.staging(runId, staged.table()),
        lake.replaced(runId, staged.table()));
    return this;
  }

  /** Publishes the staged table the way its {@link LakeTable.Commit} says. */
  public CommitPlan add(StagedTable staged, LakeTable.Commit commit) throws IOException {
    switch (commit) {
      case REPLACE -> replace(staged);
      case REPLACE_PARTITIONS -> replacePartitions(staged);
      case APPEND -> append(staged);
    }
    return this;
  }

  /** The staged files join the committed partitions (their names are unique to the run). */
  public CommitPlan append(StagedTable staged) {
    Path target = lake.table(staged.table());
    Path staging = lake.staging(runId, staged.table());
    for (String file : staged.files()) {
      move(new Path(staging, file), new Path(target, file));
    }
    markers(staged, staging, target);
    return this;
  }

  /** Each staged partition replaces the committed one; partitions the run did not write stay. */
  public CommitPlan replacePartitions(StagedTable staged) throws IOException {
    Path target = lake.table(staged.table());
    Path staging = lake.staging(runId, staged.table());
    Path aside = lake.replaced(runId, staged.table());
    for (String partition : staged.partitions()) {
      replaceFolder(new Path(target, partition), new Path(staging, partition), new Path(aside, partition));
    }
    move(new Path(staging, StagedTable.SUCCESS), new Path(target, StagedTable.SUCCESS));
    return this;
  }

  /** A partition's {@code _SUCCESS} moves in only where there is none yet. */
  private void markers(StagedTable staged, Path staging, Path target) {
    for (String partition : staged.partitions()) {
      String marker = partition + "/" + StagedTable.SUCCESS;
      move(new Path(staging, marker), new Path(target, marker));
    }
    move(new Path(staging, StagedTable.SUCCESS), new Path(target, StagedTable.SUCCESS));
  }

  /**
   * Moving the old folder aside is planned only if it exists now (under the run's lock), so that
   * replaying the plan after it is complete never moves the new folder away.
   */
  private void replaceFolder(Path target, Path staged, Path aside) throws IOException {
    if (target.getFileSystem().exists(target)) {
      move(target, aside);
    }
    move(staged, target);
  }

  private void move(Path from, Path to) {
    moves.add(new Manifest.Move(
        LakeFiles.relativize(lake.root(), from), LakeFiles.relativize(lake.root(), to)));
  }
}
