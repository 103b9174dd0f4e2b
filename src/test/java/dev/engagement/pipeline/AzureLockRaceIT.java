package dev.engagement.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import com.azure.core.util.BinaryData;
import com.azure.storage.blob.BlobContainerClient;
import com.azure.storage.blob.models.BlobItem;
import dev.engagement.pipeline.testing.Azurite;
import dev.engagement.pipeline.testing.Lakes;
import dev.engagement.pipeline.testing.PipelineRunner;
import dev.engagement.pipeline.testing.RunRace;
import java.io.File;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs of one pipeline that meet on Blob storage (Azurite, {@code wasb://}), lined up right before
 * they create the lock, or before they take over a stale one, and let go together. The WASB
 * driver's create is check-then-upload; the lock and the takeover file are conditional Put Blob
 * requests, so exactly one run commits and the others exit with status 3.
 */
class AzureLockRaceIT {
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

  /** Three runs let go together at {@code point}: one commits, two exit 3, the lake equals one clean run. */
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
}
