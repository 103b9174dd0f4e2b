package dev.engagement.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.engagement.pipeline.lake.LakeLayout;
import dev.engagement.pipeline.lake.RunLog;
import dev.engagement.pipeline.ops.Rollback;
import dev.engagement.pipeline.parquet.ParquetRecords;
import dev.engagement.pipeline.testing.FaultyFileSystem;
import dev.engagement.pipeline.testing.Lakes;
import dev.engagement.pipeline.testing.PipelineRunner;
import java.io.File;
import java.nio.file.Files;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.commons.io.FileUtils;
import org.apache.flink.core.fs.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The recovery cases with no holes: a table whose log holds no version, a rollback killed between
 * two tables, and a failure after the commit. After each, the next run ends where a clean one does.
 */
class RecoveryITCase {
  @TempDir static File work;
  private static File bronze;
  private static File first;
  private static File second;

  /** first: the lake after the fixture's first run; second: after batch 1 too. */
  @BeforeAll
  static void twoRuns() throws Exception {
    bronze = new File(work, "bronze");
    first = new File(work, "first");
    Lakes.copyInto(bronze, Lakes.fixtures("bronze"));
    assertThat(run(first).exitCode()).isZero();
    Lakes.copyInto(bronze, Lakes.fixtures("increments/batch_1"));
    second = copy(first, "second");
    assertThat(run(second).exitCode()).isZero();
  }

  @AfterEach
  void disarm() {
    FaultyFileSystem.reset();
  }

  @Test
  void aTableWhoseLogHoldsNoVersionIsCreatedByTheNextRun() throws Exception {
    // A first run killed while it created gold/top_students: its _delta_log/ is there, empty.
    File lake = new File(work, "empty-log");
    FileUtils.forceMkdir(new File(lake, "gold/top_students/_delta_log"));
    FileUtils.forceMkdir(new File(lake, "silver/student_engagement/_delta_log"));
    PipelineRunner.Result result = run(lake);
    assertThat(result.exitCode()).as(result.err()).isZero();
    File clean = new File(work, "clean-first-run");
    assertThat(run(clean).exitCode()).isZero();
    Lakes.assertSameTables(lake, clean);
  }

  @Test
  void aRollbackKilledBetweenTwoTablesIsCompletedByTheNextRun() throws Exception {
    File expected = copy(second, "rolled-back");
    Rollback.rollback(layout(expected), Optional.empty(), Optional.of(0L));
    assertThat(run(expected).exitCode()).isZero();

    File lake = copy(second, "rollback-killed");
    assertThat(PipelineRunner.runInNewJvm(work, List.of("-Dpipeline.halt-at=after-commit-of-gold"),
        "rollback", "--lake", lake.getPath(), "--to-version", "0")).isEqualTo(137);
    PipelineRunner.Result next = run(lake);
    assertThat(next.exitCode()).as(next.err()).isZero();
    Lakes.assertSameTables(lake, expected);
    assertThat(watermark(lake)).isEqualTo(watermark(expected));
  }

  @Test
  void aFailureAfterTheCommitSaysWhatWasCommittedAndExits6() throws Exception {
    File lake = copy(first, "upkeep-fails");
    Files.delete(new File(lake, "_pipeline/StudentEngagement/last-vacuum").toPath()); // the vacuum is due
    FaultyFileSystem.failCreateOf = "last-vacuum";
    FaultyFileSystem.FAIL_CREATES.set(1);
    PipelineRunner.Result result = PipelineRunner.run(work, "--bronze", bronze.getPath(),
        "--lake", "faulty://" + lake.getAbsolutePath());
    assertThat(result.exitCode()).as(result.err()).isEqualTo(6);
    assertThat(result.err()).contains("committed").contains("then the vacuum failed").doesNotContain("nothing was committed");
    Lakes.assertSameTables(lake, second);
    Map<String, Object> last = ParquetRecords.read(RunLog.runLog(layout(lake))).stream()
        .max(Comparator.comparing(r -> r.get("StartTime").toString())).orElseThrow();
    assertThat(last.get("Status")).isEqualTo("SUCCEEDED");
    assertThat(last.get("Message").toString()).contains("then the vacuum failed");
  }

  private static LakeLayout layout(File lake) {
    return new LakeLayout(new Path(lake.toURI()), "StudentEngagement");
  }

  private static String watermark(File lake) throws Exception {
    return new com.fasterxml.jackson.databind.ObjectMapper()
        .readTree(new File(lake, "_pipeline/StudentEngagement/watermark.json")).get("lastModifiedDate").asText();
  }

  private static PipelineRunner.Result run(File lake) {
    return PipelineRunner.run(work, "--bronze", bronze.getPath(), "--lake", lake.getPath());
  }

  private static File copy(File lake, String name) {
    return Lakes.copy(lake, new File(work, name));
  }

}
