package dev.engagement.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.engagement.pipeline.testing.Lakes;
import dev.engagement.pipeline.testing.PipelineRunner;
import dev.engagement.pipeline.testing.RunRace;
import java.io.File;
import java.net.InetAddress;
import java.nio.file.Files;
import java.util.List;
import org.apache.commons.io.FileUtils;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs of one pipeline that meet on the local disk, each in a JVM of its own, lined up at the
 * lock and let go together: exactly one commits, the others exit with the locked status (3), and
 * the lake equals one clean run. (On Blob storage: {@code AzureEmulatorIT}.)
 */
class LockRaceITCase {
  @TempDir static File work;
  private static File bronze;
  private static File clean;

  @BeforeAll
  static void cleanRun() {
    bronze = new File(work, "bronze");
    clean = new File(work, "clean");
    Lakes.copyInto(bronze, Lakes.fixtures("bronze"));
    assertThat(PipelineRunner.run(work, "--bronze", bronze.getPath(), "--lake", clean.getPath()).exitCode()).isZero();
  }

  @Test
  void runsStartedAtTheSameInstant() throws Exception {
    File lake = new File(work, "same-instant");
    List<Integer> statuses = RunRace.atPoint(work, 3, "lock-create", "",
        "--bronze", bronze.getPath(), "--lake", lake.getPath());
    assertThat(statuses).containsExactlyInAnyOrder(0, 3, 3);
    Lakes.assertSameTables(lake, clean);
    assertThat(new File(lake, "_pipeline/StudentEngagement/LOCK")).doesNotExist();
  }

  @Test
  void runsRacingToTakeOverOneStaleLock() throws Exception {
    File lake = new File(work, "stale");
    File pipeline = new File(lake, "_pipeline/StudentEngagement");
    FileUtils.forceMkdir(pipeline);
    // Left by a run whose process is gone: the same host, a pid no process has.
    Files.writeString(new File(pipeline, "LOCK").toPath(), "{\"runId\":\"crashed\",\"host\":\""
        + InetAddress.getLocalHost().getHostName() + "\",\"pid\":" + Integer.MAX_VALUE
        + ",\"heartbeat\":\"2026-01-01T00:00:00Z\"}");
    List<Integer> statuses = RunRace.atPoint(work, 3, "lock-takeover", "",
        "--bronze", bronze.getPath(), "--lake", lake.getPath());
    assertThat(statuses).containsExactlyInAnyOrder(0, 3, 3);
    Lakes.assertSameTables(lake, clean);
    assertThat(pipeline.list()).as("no lock, heartbeat or takeover file left")
        .noneMatch(n -> n.startsWith("LOCK"));
  }
}
