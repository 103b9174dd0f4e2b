package dev.engagement.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import com.azure.core.util.BinaryData;
import com.azure.storage.blob.BlobContainerClient;
import com.azure.storage.blob.models.BlobItem;
import dev.engagement.pipeline.lake.LakeLayout;
import dev.engagement.pipeline.ops.Erase;
import dev.engagement.pipeline.testing.Azurite;
import dev.engagement.pipeline.testing.Lakes;
import dev.engagement.pipeline.testing.PipelineRunner;
import dev.engagement.pipeline.testing.ReferencePipeline;
import dev.engagement.pipeline.testing.RunRace;
import dev.engagement.pipeline.tools.BronzeGenerator;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The pipeline with bronze and lake on Azurite through the azure-fs-hadoop plugin (wasb://, the
 * emulator has no DFS endpoint), checked by reading the lake back with the Azure SDK; and runs of
 * one pipeline that meet there, lined up right before they create the lock, or before they take
 * over a stale one, and let go together.
 */
class AzureEmulatorIT {
  @TempDir File work;

  @BeforeAll
  static void startAzurite() throws Exception {
    Azurite.start();
  }

  @AfterAll
  static void stopAzurite() throws Exception {
    Azurite.stop();
  }

  @Test
  void aFullRunThenAnIncrementOnBlobStorage() throws Exception {
    BlobContainerClient container = Azurite.newContainer("lake");
    File[] base = Lakes.fixtures("bronze");
    Azurite.upload(container, "bronze", base);
    ReferencePipeline reference = new ReferencePipeline();
    List<Map<String, String>> sources = new ArrayList<>(ReferencePipeline.sourceRows(base));

    PipelineRunner.Result full = run(container, "--mode", "full");
    assertThat(full.exitCode()).as(full.err()).isZero();
    File lake = Azurite.download(container, "lake", new File(work, "lake-1"));
    FixtureReplayITCase.assertLakeEquals(lake, "full");
    FixtureReplayITCase.assertEachTableIsADeltaTableWithOneCommitOfTheRun(lake);
    assertThat(blobNames(container, "lake/gold/student_course_engagement"))
        .contains("_delta_log/00000000000000000001.json")
        .anyMatch(n -> n.matches("CourseID=C001/part-.*\\.parquet"))
        .noneMatch(n -> n.contains("azuretmpfolder") || n.endsWith(".tmp"));

    File[] batch = Lakes.fixtures("increments/batch_1");
    Azurite.upload(container, "bronze", batch);
    sources.addAll(ReferencePipeline.sourceRows(batch));
    PipelineRunner.Result increment = run(container);
    assertThat(increment.exitCode()).as(increment.err()).isZero();
    assertThat(increment.out()).contains("(incremental)");
    reference.run(sources.subList(0, 31), true);
    reference.run(sources, false);
    Lakes.assertSameTables(Azurite.download(container, "lake", new File(work, "lake-2")), reference);

    // The pipeline's own state: a watermark, no run left over, no lock.
    assertThat(blobNames(container, "lake/_pipeline/StudentEngagement"))
        .contains("watermark.json")
        .noneMatch(n -> n.startsWith("runs/") && !n.endsWith("/"))
        .doesNotContain("LOCK");
  }

  @Test
  void runsStartedAtTheSameInstantOnBlobStorage() throws Exception {
    BlobContainerClient container = Azurite.newContainer("race");
    assertOneRunCommits(container, "lock-create");
  }

  @Test
  void runsRacingToTakeOverOneStaleLockOnBlobStorage() throws Exception {
    BlobContainerClient container = Azurite.newContainer("stale");
    // Left by a run whose process is gone: the same host, a pid no process has.
    byte[] lock = ("{\"runId\":\"crashed\",\"host\":\"" + InetAddress.getLocalHost().getHostName() + "\",\"pid\":"
        + Integer.MAX_VALUE + ",\"heartbeat\":\"2026-01-01T00:00:00Z\"}").getBytes(StandardCharsets.UTF_8);
    container.getBlobClient("lake/_pipeline/StudentEngagement/LOCK").upload(BinaryData.fromBytes(lock));
    assertOneRunCommits(container, "lock-takeover");
  }

  /**
   * Three runs let go together at {@code point}: one commits, two exit 3, the lake equals one
   * clean run. The WASB driver's create is check-then-upload; the lock and the takeover file are
   * conditional Put Blob requests.
   */
  private void assertOneRunCommits(BlobContainerClient container, String point) throws Exception {
    Azurite.upload(container, "bronze", Lakes.fixtures("bronze"));
    List<Integer> statuses = RunRace.atPoint(work, 3, point, Azurite.FLINK_CONF,
        "--bronze", Azurite.wasb(container, "bronze"), "--lake", Azurite.wasb(container, "lake"));
    assertThat(statuses).containsExactlyInAnyOrder(0, 3, 3);

    File bronze = new File(work, "bronze");
    File clean = new File(work, "clean");
    Lakes.copyInto(bronze, Lakes.fixtures("bronze"));
    assertThat(PipelineRunner.run(work, "--bronze", bronze.getPath(), "--lake", clean.getPath()).exitCode()).isZero();
    Lakes.assertSameTables(Azurite.download(container, "lake", new File(work, "lake")), clean);
    assertThat(Azurite.list(container, "lake/_pipeline/StudentEngagement").stream().map(BlobItem::getName))
        .as("no lock, heartbeat or takeover file left").noneMatch(n -> n.contains("/LOCK"));
  }
  /**
   * The upkeep commands on Blob storage: an optimize while a run waits at its commit point, then a
   * run that commits while an optimize waits at its own (all commit), then an erase; the lake
   * equals a local lake that went through the same runs and the erase, without the optimizes.
   */
  @Test
  void optimizeBesideRunsThenEraseOnBlobStorage() throws Exception {
    BlobContainerClient container = Azurite.newContainer("upkeep");
    File bronze = new File(work, "bronze");
    File local = new File(work, "local");
    for (String batch : List.of("bronze", "increments/batch_1")) {
      Azurite.upload(container, "bronze", Lakes.copyInto(bronze, Lakes.fixtures(batch)));
      assertThat(run(container).exitCode()).isZero();
      runLocally(bronze, local);
    }
    Azurite.upload(container, "bronze", Lakes.copyInto(bronze, Lakes.fixtures("increments/batch_2")));
    Paused paused = pausedInNewJvm("before-commit-point", "--bronze", Azurite.wasb(container, "bronze"),
        "--lake", Azurite.wasb(container, "lake"));
    PipelineRunner.Result optimize = PipelineRunner.runWithConf(work, Azurite.FLINK_CONF, "optimize", "--lake",
        Azurite.wasb(container, "lake"));
    assertThat(optimize.exitCode()).as(optimize.err()).isZero();
    assertThat(optimize.out()).contains("quality/null_violations").contains("compacted into 1");
    paused.release("the run beside the optimize");
    runLocally(bronze, local);

    BronzeGenerator.night(new org.apache.flink.core.fs.Path(bronze.toURI()), 200, 5,
        java.time.LocalDateTime.parse("2025-06-01T00:00"), 5, 0);
    Azurite.upload(container, "bronze", new File(bronze, "night-00000.parquet"));
    Paused compacting = pausedInNewJvm("before-compaction-commit", "optimize", "--lake", Azurite.wasb(container, "lake"));
    assertThat(run(container).exitCode()).as("the run beside the optimize").isZero();
    compacting.release("the optimize beside the run");
    runLocally(bronze, local);

    PipelineRunner.Result erase = PipelineRunner.runWithConf(work, Azurite.FLINK_CONF, "erase", "--lake",
        Azurite.wasb(container, "lake"), "--student", String.join(",", ErasureITCase.ERASED));
    assertThat(erase.exitCode()).as(erase.err()).isZero();
    Erase.erase(new LakeLayout(new org.apache.flink.core.fs.Path(local.toURI()), "StudentEngagement"),
        ErasureITCase.ERASED, Optional.empty());
    File lake = Azurite.download(container, "lake", new File(work, "lake"));
    Lakes.assertSameTables(lake, local);
    assertThat(ErasureITCase.holding(lake)).as("blobs that hold an erased student's rows").isEmpty();
  }

  /** A command waiting at a crash point until {@code go} exists. */
  private record Paused(Process process, File go) {
    void release(String what) throws Exception {
      java.nio.file.Files.createFile(go.toPath());
      assertThat(process.waitFor(5, java.util.concurrent.TimeUnit.MINUTES)).isTrue();
      assertThat(process.exitValue()).as(what).isZero();
    }
  }

  /** The command {@code args} in a JVM of its own on Azurite, once it waits at {@code point}. */
  private Paused pausedInNewJvm(String point, String... args) throws Exception {
    File go = new File(work, "go-" + point);
    Process process = PipelineRunner.startInNewJvm(work,
        List.of("-Dpipeline.pause-at=" + point, "-Dpipeline.pause-file=" + go.getPath()), Azurite.FLINK_CONF,
        new File(work, point + ".log"), args);
    while (work.list((d, n) -> n.startsWith(go.getName() + ".") && n.endsWith(".paused")).length == 0) {
      assertThat(process.isAlive()).as("%s reaches %s", String.join(" ", args), point).isTrue();
      Thread.sleep(50);
    }
    return new Paused(process, go);
  }

  private void runLocally(File bronze, File lake) {
    assertThat(PipelineRunner.run(work, "--bronze", bronze.getPath(), "--lake", lake.getPath()).exitCode()).isZero();
  }

  private PipelineRunner.Result run(BlobContainerClient container, String... extra) {
    List<String> args = new ArrayList<>(List.of(
        "--bronze", Azurite.wasb(container, "bronze"), "--lake", Azurite.wasb(container, "lake")));
    args.addAll(List.of(extra));
    return PipelineRunner.runWithConf(work, Azurite.FLINK_CONF, args.toArray(String[]::new));
  }

  private static Set<String> blobNames(BlobContainerClient container, String prefix) {
    return Azurite.list(container, prefix).stream().map(BlobItem::getName)
        .map(n -> n.substring(prefix.length() + 1)).collect(Collectors.toSet());
  }
}
