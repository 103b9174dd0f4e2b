package dev.engagement.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import com.azure.storage.blob.BlobContainerClient;
import dev.engagement.pipeline.lake.LakeTable;
import dev.engagement.pipeline.testing.Azurite;
import dev.engagement.pipeline.testing.BlobProxy;
import dev.engagement.pipeline.testing.DeltaLog;
import dev.engagement.pipeline.testing.Lakes;
import dev.engagement.pipeline.testing.PipelineRunner;
import dev.engagement.pipeline.testing.ReferencePipeline;
import java.io.File;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Faults on Blob storage (a {@code wasb://} lake on Azurite), injected by the tests' own proxy in
 * front of the emulator into an incremental run: the process killed at chosen requests (at a
 * table's log commit, a conditional Put Blob; between the copy and the delete of each rename
 * that remains: the watermark, the run log; and at the commit point), and a share of all requests
 * answered 503 ServerBusy. Each time, the next run ends with exactly the lake of a clean run,
 * table for table.
 */
class AzureFaultIT {
  @TempDir static File work;
  private static BlobProxy proxy;
  private static ReferencePipeline reference;

  private static final int EMULATOR_PORT = 10010;

  @BeforeAll
  static void start() throws Exception {
    Azurite.startBehindAProxy(EMULATOR_PORT);
    proxy = BlobProxy.start(EMULATOR_PORT);
    List<Map<String, String>> sources = new ArrayList<>(ReferencePipeline.sourceRows(Lakes.fixtures("bronze")));
    sources.addAll(ReferencePipeline.sourceRows(Lakes.fixtures("increments/batch_1")));
    reference = new ReferencePipeline();
    reference.run(sources.subList(0, 31), true);
    reference.run(sources, false);
  }

  @AfterAll
  static void stop() throws Exception {
    proxy.close();
    Azurite.stop();
  }

  @Test
  void aRunKilledAtALogCommitOrBetweenTheCopyAndTheDeleteOfARenameIsCompletedByTheNextRun() throws Exception {
    Map<String, Predicate<BlobProxy.Request>> points = Map.of(
        "the commit point", r -> r.method().equals("PUT") && r.path().contains("/runs/") && r.path().contains("commit.json"),
        "silver's log commit", putOf("silver/student_engagement/_delta_log/00000000000000000002.json"),
        "gold's log commit", putOf("gold/student_course_engagement/_delta_log/00000000000000000002.json"),
        "the watermark", deleteOfTemporary(".watermark.json.tmp"),
        "the run log", deleteOfTemporary("_pipeline/run_log/"));
    for (Map.Entry<String, Predicate<BlobProxy.Request>> point : points.entrySet()) {
      BlobContainerClient container = baseLake();
      proxy.reset();
      Process run = startThroughProxy(container, point.getKey());
      proxy.killAt(point.getValue(), 1, run);
      assertThat(run.waitFor(5, TimeUnit.MINUTES)).isTrue();
      assertThat(run.exitValue()).as("killed at %s (log: %s)", point.getKey(), log(point.getKey())).isEqualTo(137);
      File cut = Azurite.download(container, "lake", new File(work, "cut-" + container.getBlobContainerName()));
      assertEveryTableAtAVersionOfARun(cut);

      PipelineRunner.Result next = run(container);
      assertThat(next.exitCode()).as("the run after a kill at %s: %s", point.getKey(), next.err()).isZero();
      assertCleanLake(container, point.getKey());
    }
  }

  @Test
  void aShareOfRequestsAnsweredServerBusyLeavesALakeTheNextRunCompletes() throws Exception {
    BlobContainerClient container = baseLake();
    proxy.reset();
    proxy.answerBusy(0.05, 20261206);
    Process run = startThroughProxy(container, "busy");
    assertThat(run.waitFor(10, TimeUnit.MINUTES)).isTrue();
    assertThat(proxy.counts()).as("requests through the proxy; log: %s", Files.readString(log("busy").toPath()))
        .containsKeys("GET", "HEAD", "PUT");
    proxy.reset();
    // Retried requests mostly succeed; whether the run did or not, the next one ends clean.
    PipelineRunner.Result next = run(container);
    assertThat(next.exitCode()).as("after a run at 5%% ServerBusy (exit %d): %s", run.exitValue(), next.err()).isZero();
    assertCleanLake(container, "busy");
  }

  /** A container whose lake had a full run over the fixture's bronze, and whose bronze then got batch 1. */
  private static BlobContainerClient baseLake() {
    BlobContainerClient container = Azurite.newContainer("fault");
    Azurite.upload(container, "bronze", Lakes.fixtures("bronze"));
    PipelineRunner.Result full = run(container);
    assertThat(full.exitCode()).as(full.err()).isZero();
    Azurite.upload(container, "bronze", Lakes.fixtures("increments/batch_1"));
    return container;
  }

  private static Predicate<BlobProxy.Request> putOf(String suffix) {
    return r -> r.method().equals("PUT") && r.path().endsWith(suffix);
  }

  private static Predicate<BlobProxy.Request> deleteOfTemporary(String part) {
    return r -> r.method().equals("DELETE") && r.path().contains(part);
  }

  private static Process startThroughProxy(BlobContainerClient container, String name) throws Exception {
    return PipelineRunner.startInNewJvm(work, List.of(), Azurite.FLINK_CONF, log(name),
        "--bronze", Azurite.wasb(container, "bronze"), "--lake", Azurite.wasb(container, "lake"));
  }

  private static File log(String name) {
    return new File(work, name.replace(' ', '-') + ".log");
  }

  private static PipelineRunner.Result run(BlobContainerClient container) {
    return PipelineRunner.runWithConf(work, Azurite.FLINK_CONF,
        "--bronze", Azurite.wasb(container, "bronze"), "--lake", Azurite.wasb(container, "lake"));
  }

  private static void assertCleanLake(BlobContainerClient container, String after) throws Exception {
    File lake = Azurite.download(container, "lake", new File(work, "lake-" + container.getBlobContainerName()));
    Lakes.assertSameTables(lake, reference);
    String watermark = Files.readString(new File(lake, "_pipeline/StudentEngagement/watermark.json").toPath());
    assertThat(watermark).as("watermark after %s", after).contains("\"lastModifiedDate\" : \"" + reference.watermark() + "\"");
    for (LakeTable table : LakeTable.values()) {
      List<Long> runs = DeltaLog.commits(new File(lake, table.path())).stream().flatMap(List::stream)
          .filter(a -> a.has("txn")).map(a -> a.get("txn").get("version").asLong()).toList();
      assertThat(runs).as("runs committed to %s after %s", table.path(), after).containsExactly(0L, 1L);
    }
  }

  /** Each table reads (through its log) as after the full run or as after the increment: never a part. */
  private static void assertEveryTableAtAVersionOfARun(File lake) {
    for (LakeTable table : LakeTable.values()) {
      long commits = DeltaLog.commits(new File(lake, table.path())).size();
      assertThat(commits).as("versions of %s", table.path()).isBetween(2L, 3L);
    }
  }
}
