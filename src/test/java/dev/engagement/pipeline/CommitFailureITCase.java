package dev.engagement.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.engagement.pipeline.lake.LakeTable;
import dev.engagement.pipeline.testing.DeltaLog;
import dev.engagement.pipeline.testing.FaultyFileSystem;
import dev.engagement.pipeline.testing.Lakes;
import dev.engagement.pipeline.testing.PipelineRunner;
import java.io.File;
import java.net.InetAddress;
import java.nio.file.Files;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.apache.commons.io.FileUtils;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Failures injected at every step of an incremental run: inside a task, in the job for good,
 * in any rename of the job's output, the sealing or the commit, and the process killed at the
 * commit's crash points. After each, one more run ends in exactly the state of a clean run.
 */
class CommitFailureITCase {
  @TempDir static File work;
  private static File bronze;
  private static File start;
  private static File clean;

  /** start: the lake after the fixture's first run; clean: after a clean run of batch 1 on it. */
  @BeforeAll
  static void cleanRunOfBatch1() {
    FaultyFileSystem.reset();
    bronze = new File(work, "bronze");
    start = new File(work, "start");
    clean = new File(work, "clean");
    Lakes.copyInto(bronze, Lakes.fixtures("bronze"));
    assertThat(run(start).exitCode()).isZero();
    Lakes.copyInto(bronze, Lakes.fixtures("increments/batch_1"));
    copy(start, clean);
    assertThat(run(clean).exitCode()).isZero();
  }

  @AfterEach
  void disarm() {
    FaultyFileSystem.reset();
  }

  @Test
  void aTaskThatFailsOnceIsRestartedAndTheOutputIsClean() {
    File lake = copy(start, new File(work, "lake"));
    FaultyFileSystem.failCreateOf = "silver/student_engagement/LoginDate=";
    FaultyFileSystem.FAIL_CREATES.set(1);
    PipelineRunner.Result result = PipelineRunner.runWithConf(work, """
        restart-strategy.type: fixed-delay
        restart-strategy.fixed-delay.attempts: 2
        restart-strategy.fixed-delay.delay: 100 ms
        """, "--bronze", faulty(bronze), "--lake", faulty(lake));
    assertThat(result.exitCode()).as(result.err()).isZero();
    assertThat(FaultyFileSystem.FAIL_CREATES.get()).as("the fault fired").isZero();
    Lakes.assertSameTables(lake, clean);
  }

  @Test
  void aJobThatFailsForGoodCommitsNothingAndTheNextRunIsClean() {
    File lake = copy(start, new File(work, "lake"));
    Set<String> before = committed(lake);
    FaultyFileSystem.failCreateOf = "gold/student_course_engagement/CourseID=";
    FaultyFileSystem.FAIL_CREATES.set(1000);
    PipelineRunner.Result failed = run(lake);
    assertThat(failed.exitCode()).isEqualTo(1);
    assertThat(failed.err()).startsWith("error: run failed, nothing was committed: ").contains("injected fault");
    assertThat(committed(lake)).isEqualTo(before);
    assertThat(new File(lake, "_pipeline/StudentEngagement/runs").list()).as("the failed run's staging").isEmpty();

    FaultyFileSystem.reset();
    assertThat(run(lake).exitCode()).isZero();
    Lakes.assertSameTables(lake, clean);
    assertThat(new File(lake, "_pipeline/StudentEngagement/runs").list()).isEmpty();
  }

  @Test
  void aFailedRenameAnywhereInTheRunLeavesALakeTheNextRunCompletes() {
    File probe = copy(start, new File(work, "probe"));
    FaultyFileSystem.failRename(0);
    assertThat(run(probe).exitCode()).isZero();
    int renames = FaultyFileSystem.renames();
    // The first and middle renames (the commit point, the commit's renames, which run side by
    // side), and every one of the last 12 (the commit point, every rename of the commit, the run log).
    Set<Integer> points = new TreeSet<>(List.of(1, renames / 2));
    for (int n = Math.max(1, renames - 11); n <= renames; n++) {
      points.add(n);
    }
    for (int n : points) {
      File lake = copy(start, new File(work, "lake-" + n));
      FaultyFileSystem.failRename(n);
      PipelineRunner.Result failed = run(lake);
      // The last renames publish the run log, which is best effort: failing there, the run succeeds.
      if (failed.exitCode() != 0) {
        assertThat(failed.exitCode()).as("run failing at rename %d of %d", n, renames).isEqualTo(1);
        assertThat(failed.err()).containsAnyOf("nothing was committed", "was cut off");
      }
      FaultyFileSystem.reset();
      assertEveryTableIsAtAVersionOfARun(lake);
      PipelineRunner.Result next = run(lake);
      assertThat(next.exitCode()).as("the run after rename %d failed: %s", n, next.err()).isZero();
      Lakes.assertSameTables(lake, clean);
      assertEachRunCommittedOnceToEachTable(lake);
      assertThat(watermark(lake)).as("watermark after rename %d failed", n).isEqualTo(watermark(clean));
    }
  }

  @Test
  void aProcessKilledAtACrashPointIsCompletedByTheNextRun() throws Exception {
    for (String point : List.of("after-job", "after-commit-point", "after-commit-of-silver", "after-commit-of-gold",
        "before-watermark")) {
      File lake = copy(start, new File(work, "lake-" + point));
      int status = PipelineRunner.runInNewJvm(work, List.of("-Dpipeline.halt-at=" + point),
          "--bronze", bronze.getPath(), "--lake", lake.getPath());
      assertThat(status).as("killed at %s", point).isEqualTo(137);
      assertEveryTableIsAtAVersionOfARun(lake);
      PipelineRunner.Result next = run(lake);
      assertThat(next.exitCode()).as("the run after a kill at %s: %s", point, next.err()).isZero();
      Lakes.assertSameTables(lake, clean);
      assertEachRunCommittedOnceToEachTable(lake);
      assertThat(watermark(lake)).as("watermark after a kill at %s", point).isEqualTo(watermark(clean));
    }
  }

  @Test
  void aSecondRunRefusesToStartWhileTheFirstHoldsTheLock() throws Exception {
    File lake = copy(start, new File(work, "lake"));
    File lock = new File(lake, "_pipeline/StudentEngagement/LOCK");
    writeLock(lock, "other", ProcessHandle.current().pid());
    PipelineRunner.Result refused = run(lake);
    assertThat(refused.exitCode()).isEqualTo(3);
    assertThat(refused.err()).contains("pipeline StudentEngagement is already running (run other");

    Process gone = new ProcessBuilder("true").start();
    gone.waitFor();
    writeLock(lock, "crashed", gone.pid());
    assertThat(run(lake).exitCode()).as("a crashed run's lock is taken over").isZero();
    Lakes.assertSameTables(lake, clean);
    assertThat(lock).doesNotExist();
  }

  /** What a Delta reader sees of each table is what it was before the run, or after it: never a part. */
  private static void assertEveryTableIsAtAVersionOfARun(File lake) {
    for (LakeTable table : LakeTable.values()) {
      List<String> rows = sorted(Lakes.rows(lake, table));
      assertThat(rows).as("rows of %s", table.path())
          .isIn(sorted(Lakes.rows(start, table)), sorted(Lakes.rows(clean, table)));
    }
  }

  private static List<String> sorted(List<java.util.Map<String, String>> rows) {
    return rows.stream().map(Object::toString).sorted().toList();
  }

  /** No table's log has a run's transaction twice. */
  private static void assertEachRunCommittedOnceToEachTable(File lake) {
    for (LakeTable table : LakeTable.values()) {
      List<Long> runs = DeltaLog.commits(new File(lake, table.path())).stream().flatMap(List::stream)
          .filter(a -> a.has("txn")).map(a -> a.get("txn").get("version").asLong()).toList();
      assertThat(runs).as("runs committed to %s", table.path()).doesNotHaveDuplicates().containsExactly(0L, 1L);
    }
  }

  /** A lock as a run of this host with process {@code pid} would have left it. */
  private static void writeLock(File lock, String runId, long pid) throws Exception {
    Files.writeString(lock.toPath(), "{\"runId\":\"" + runId + "\",\"host\":\""
        + InetAddress.getLocalHost().getHostName() + "\",\"pid\":" + pid + ",\"heartbeat\":\"2026-01-01T00:00:00Z\"}");
  }

  private static PipelineRunner.Result run(File lake) {
    return PipelineRunner.run(work, "--bronze", faulty(bronze), "--lake", faulty(lake));
  }

  private static String faulty(File dir) {
    return "faulty://" + dir.getAbsolutePath();
  }

  /** The lake's committed tables, i.e. everything but the pipeline's own state. */
  private static Set<String> committed(File lake) {
    Set<String> listing = Lakes.listing(lake);
    listing.removeIf(p -> p.startsWith("_pipeline"));
    return listing;
  }

  private static String watermark(File lake) {
    try {
      return Files.readString(new File(lake, "_pipeline/StudentEngagement/watermark.json").toPath())
          .replaceAll("\"(runId|committedAt)\" : \"[^\"]*\"", "");
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static File copy(File from, File to) {
    try {
      FileUtils.deleteDirectory(to);
      FileUtils.copyDirectory(from, to);
      return to;
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
