package dev.engagement.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.engagement.pipeline.lake.LakeTable;
import dev.engagement.pipeline.testing.ExpectedTables;
import dev.engagement.pipeline.testing.LakeReader;
import dev.engagement.pipeline.testing.Lakes;
import dev.engagement.pipeline.testing.PipelineRunner;
import dev.engagement.pipeline.testing.SparkDelta;
import java.io.File;
import java.nio.file.Files;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Spark with delta-spark commits to the lake while an incremental run of batch 1 is paused after
 * its job (its plan read gold), or while a commit cut off after its commit point waits for the
 * next run. Whatever happens, nothing the other writer committed is lost or counted twice: each
 * table ends as a serial order gives it, the other writer's change then the run, or the reverse.
 * Batch 1 touches courses C001, C002 and C005; C003 it does not.
 */
class ConcurrentWritersITCase {
  private static final String GOLD = "delta.`$LAKE/" + LakeTable.GOLD.path() + "`";
  private static final String DELETE_TOUCHED = "DELETE FROM " + GOLD + " WHERE StudentID = 'S001' AND CourseID = 'C001'";
  private static final String UPDATE_TOUCHED = "UPDATE " + GOLD + " SET TotalLogins = 7 WHERE CourseID = 'C002'";
  private static final String DELETE_UNTOUCHED = "DELETE FROM " + GOLD + " WHERE StudentID = 'S004' AND CourseID = 'C003'";
  private static final String UPDATE_UNTOUCHED = "UPDATE " + GOLD + " SET EngagementScoreSum = 11 WHERE StudentID = 'S009'";
  private static final String OPTIMIZE_SILVER = "OPTIMIZE delta.`$LAKE/" + LakeTable.SILVER.path() + "`";
  private static final String APPEND_QUALITY = "INSERT INTO delta.`$LAKE/" + LakeTable.NULL_VIOLATIONS.path() + "`"
      + " (ErrorTimestamp, ErrorCode, StudentID, CourseID, EngagementScore, ErrorDate)"
      + " VALUES (TIMESTAMP '2026-01-01 00:00:00', 'ADDED_BY_HAND', 'S777', NULL, '5', '2026-01-01')";

  @TempDir static File work;
  private static File bronze;
  private static File before;

  /** before: the lake after the fixture's first run; bronze then also holds batch 1. */
  @BeforeAll
  static void firstRun() {
    bronze = new File(work, "bronze");
    before = new File(work, "before");
    Lakes.copyInto(bronze, Lakes.fixtures("bronze"));
    assertThat(run(before).exitCode()).isZero();
    Lakes.copyInto(bronze, Lakes.fixtures("increments/batch_1"));
  }

  @Test
  void changesTheRunReadFailItAndTheNextRunBuildsOnThem() throws Exception {
    // The serial order "the other writer, then the run", made one step at a time.
    File deleted = copy(before, "expected-delete");
    File updated = copy(before, "expected-update");
    SparkDelta.sql(work, DELETE_TOUCHED.replace("$LAKE", "$LAKE/" + deleted.getName()),
        UPDATE_TOUCHED.replace("$LAKE", "$LAKE/" + updated.getName()));
    File deletedThenRun = copy(deleted, "expected-delete-then-run");
    File updatedThenRun = copy(updated, "expected-update-then-run");
    assertThat(run(deletedThenRun).exitCode()).isZero();
    assertThat(run(updatedThenRun).exitCode()).isZero();

    for (String change : List.of(DELETE_TOUCHED, UPDATE_TOUCHED)) {
      File lake = copy(before, "lake");
      PipelineRunner.Result result = runWhileSparkCommits(lake, change);
      assertThat(result.exitCode()).as(result.err()).isEqualTo(5);
      assertThat(result.err()).contains("another writer changed what run").contains(LakeTable.GOLD.path())
          .contains(change.startsWith("DELETE") ? "(DELETE by Apache-Spark" : "(UPDATE by Apache-Spark")
          .contains("nothing of the run was committed");
      Lakes.assertSameTables(lake, change == DELETE_TOUCHED ? deleted : updated);
      assertThat(run(lake).exitCode()).isZero();
      Lakes.assertSameTables(lake, change == DELETE_TOUCHED ? deletedThenRun : updatedThenRun);
    }

    // A commit cut off after its commit point, then the other writer's DELETE: the next run
    // finds the DELETE in what the cut-off commit read, abandons it and reads its rows again.
    File lake = copy(before, "lake");
    assertThat(PipelineRunner.runInNewJvm(work, List.of("-Dpipeline.halt-at=after-commit-point"),
        "--bronze", bronze.getPath(), "--lake", lake.getPath())).isEqualTo(137);
    SparkDelta.sql(lake, DELETE_TOUCHED);
    PipelineRunner.Result next = run(lake);
    assertThat(next.exitCode()).as(next.err()).isZero();
    Lakes.assertSameTables(lake, deletedThenRun);
    assertSparkReadsTheSame(lake);
  }

  @Test
  void changesBesideWhatTheRunReadSucceedBesideIt() throws Exception {
    // All four committed by one Spark session while the run waits: the serial order is the run,
    // then the four changes.
    String[] changes = {DELETE_UNTOUCHED, UPDATE_UNTOUCHED, OPTIMIZE_SILVER, APPEND_QUALITY};
    File expected = copy(before, "expected-beside");
    assertThat(run(expected).exitCode()).isZero();
    SparkDelta.sql(expected, changes);

    File lake = copy(before, "lake-beside");
    PipelineRunner.Result result = runWhileSparkCommits(lake, changes);
    assertThat(result.exitCode()).as(result.err()).isZero();
    Lakes.assertSameTables(lake, expected);

    // A commit cut off after its commit point, then a DELETE in a course it does not touch: the
    // next run completes the commit on top of it.
    File deleted = copy(before, "expected-cut-off-beside");
    assertThat(run(deleted).exitCode()).isZero();
    lake = copy(before, "lake-cut-off");
    assertThat(PipelineRunner.runInNewJvm(work, List.of("-Dpipeline.halt-at=after-commit-point"),
        "--bronze", bronze.getPath(), "--lake", lake.getPath())).isEqualTo(137);
    SparkDelta.sql(work, DELETE_UNTOUCHED.replace("$LAKE", "$LAKE/" + lake.getName()),
        DELETE_UNTOUCHED.replace("$LAKE", "$LAKE/" + deleted.getName()));
    assertThat(run(lake).exitCode()).isZero();
    Lakes.assertSameTables(lake, deleted);
    assertSparkReadsTheSame(lake);
  }

  /** Runs batch 1 into {@code lake}; Spark commits {@code changes} while the run waits after its job. */
  private static PipelineRunner.Result runWhileSparkCommits(File lake, String... changes) throws Exception {
    File go = new File(work, "go");
    Files.deleteIfExists(go.toPath());
    System.setProperty("pipeline.pause-at", "before-commit-point");
    System.setProperty("pipeline.pause-file", go.getPath());
    try {
      CompletableFuture<PipelineRunner.Result> running = CompletableFuture.supplyAsync(() -> run(lake));
      while (paused(go).isEmpty()) {
        assertThat(running).as("the run reached its commit").isNotDone();
        Thread.sleep(50);
      }
      SparkDelta.sql(lake, changes);
      Files.createFile(go.toPath());
      return running.get(5, TimeUnit.MINUTES);
    } finally {
      System.clearProperty("pipeline.pause-at");
      for (File f : paused(go)) {
        Files.delete(f.toPath());
      }
    }
  }

  private static List<File> paused(File go) {
    return Arrays.asList(work.listFiles((d, n) -> n.startsWith(go.getName() + ".") && n.endsWith(".paused")));
  }

  /** delta-spark reads every table of the lake as the independent reader does. */
  private static void assertSparkReadsTheSame(File lake) {
    String[] tables = Arrays.stream(LakeTable.values()).map(LakeTable::path).toArray(String[]::new);
    Map<String, List<Map<String, String>>> spark = SparkDelta.read(lake, tables);
    for (String table : tables) {
      ExpectedTables.assertSameRows("Spark's " + table, spark.get(table), LakeReader.read(new File(lake, table)));
    }
  }

  private static PipelineRunner.Result run(File lake) {
    return PipelineRunner.run(work, "--bronze", bronze.getPath(), "--lake", lake.getPath());
  }

  private static File copy(File lake, String name) {
    return Lakes.copy(lake, new File(work, name));
  }

}
