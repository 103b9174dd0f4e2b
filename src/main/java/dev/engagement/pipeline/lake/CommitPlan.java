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
