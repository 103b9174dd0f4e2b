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
class RunTransactionTest {
  @TempDir File dir;

  @Test
  void aRunThatFailedBeforeItsCommitPointRemovesWhatItWrote() throws Exception {
    LakeLayout lake = new LakeLayout(new Path(dir.toURI()), "P");
    File staged = stage(lake, "run-1");
    File other = stage(lake, "run-2");
    RunTransaction.abandon(lake, "run-1");
    assertThat(staged).doesNotExist();
    assertThat(other).as("another run's file").exists();
    assertThat(new File(dir, "_pipeline/P/runs/run-1")).doesNotExist();
    RunTransaction.abandon(lake, "never-started"); // no folder: nothing to do
  }

  @Test
  void aRunPastItsCommitPointKeepsItsFolderForTheNextRunToComplete() throws Exception {
    LakeLayout lake = new LakeLayout(new Path(dir.toURI()), "P");
    File staged = stage(lake, "run-1");
    Files.writeString(new File(dir, "_pipeline/P/runs/run-1/" + "commit.json").toPath(), "{}");
    RunTransaction.abandon(lake, "run-1");
    assertThat(staged).exists();
  }

  private static File stage(LakeLayout lake, String runId) throws Exception {
    File staged = new File(lake.table(LakeTable.SILVER).toUri().getPath(),
        "LoginDate=2025-01-01/" + RunFiles.prefix(runId) + "-task-0-attempt-0-file-0.parquet");
    staged.getParentFile().mkdirs();
    new File(lake.runDir(runId).toUri().getPath()).mkdirs();
    Files.writeString(staged.toPath(), "rows");
    return staged;
  }
}
