package dev.engagement.pipeline.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.engagement.pipeline.commit.PipelineLock;
import dev.engagement.pipeline.lake.LakeLayout;
import dev.engagement.pipeline.lake.LakeTable;
import dev.engagement.pipeline.testing.PipelineRunner;
import java.io.File;
import java.time.Duration;
import org.apache.flink.core.fs.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code vacuum} on a lake a run wrote: every table, under the pipeline's lock. */
class VacuumCommandITCase {
  @TempDir File work;

  @Test
  void vacuumsEveryTableAndWaitsForNoRun() throws Exception {
    File lake = new File(work, "lake");
    PipelineRunner.Result run = PipelineRunner.run(work, "--bronze", new File(PipelineRunner.TESTDATA, "bronze").getPath(),
        "--lake", lake.getPath());
    assertThat(run.exitCode()).as(run.err()).isZero();

    PipelineRunner.Result vacuum = PipelineRunner.run(work, "vacuum", "--lake", lake.getPath());
    assertThat(vacuum.exitCode()).as(vacuum.err()).isZero();
    for (LakeTable table : LakeTable.values()) {
      assertThat(vacuum.out()).contains(table.path() + ": 0 files deleted");
    }

    LakeLayout layout = new LakeLayout(new Path(lake.toURI()), "StudentEngagement");
    try (PipelineLock held = PipelineLock.acquire(layout, "another-run", Duration.ofSeconds(120))) {
      PipelineRunner.Result locked = PipelineRunner.run(work, "vacuum", "--lake", lake.getPath());
      assertThat(locked.exitCode()).isEqualTo(3);
      assertThat(locked.err()).startsWith("error: ").hasLineCount(1);
    }
  }
}
