package dev.engagement.pipeline.commit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.engagement.pipeline.lake.LakeLayout;
import dev.engagement.pipeline.lake.LakeTable;
import java.io.File;
import java.nio.file.Files;
import org.apache.flink.core.fs.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a failed run leaves behind: nothing before its commit point, everything after it. */
class CommitProtocolTest {
  @TempDir File dir;

  @Test
  void aRunThatFailedBeforeItsCommitPointRemovesWhatItStaged() throws Exception {
    LakeLayout lake = new LakeLayout(new Path(dir.toURI()), "P");
    File staged = stage(lake, "run-1");
    CommitProtocol.abandon(lake, "run-1");
    assertThat(staged).doesNotExist();
    assertThat(new File(dir, "_pipeline/P/runs/run-1")).doesNotExist();
    CommitProtocol.abandon(lake, "never-started"); // no folder: nothing to do
  }

  @Test
  void aRunPastItsCommitPointKeepsItsFolderForTheNextRunToComplete() throws Exception {
    LakeLayout lake = new LakeLayout(new Path(dir.toURI()), "P");
    File staged = stage(lake, "run-1");
    Files.writeString(new File(dir, "_pipeline/P/runs/run-1/" + CommitProtocol.PENDING).toPath(), "{}");
    CommitProtocol.abandon(lake, "run-1");
    assertThat(staged).exists();
  }

  private static File stage(LakeLayout lake, String runId) throws Exception {
    File staged = new File(lake.staging(runId, LakeTable.SILVER).toUri().getPath(), "LoginDate=2025-01-01/part-0.parquet");
    staged.getParentFile().mkdirs();
    Files.writeString(staged.toPath(), "rows");
    return staged;
  }
}
