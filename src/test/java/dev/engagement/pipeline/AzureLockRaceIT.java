package dev.engagement.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import com.azure.storage.blob.BlobContainerClient;
import com.azure.storage.blob.models.BlobItem;
import dev.engagement.pipeline.testing.Azurite;
import dev.engagement.pipeline.testing.Lakes;
import dev.engagement.pipeline.testing.PipelineRunner;
import dev.engagement.pipeline.testing.RunRace;
import java.io.File;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs of one pipeline that meet on Blob storage (Azurite, {@code wasb://}), lined up right before
 * they create the lock and let go together. The WASB driver's create is check-then-upload; the
 * lock is a conditional Put Blob, so exactly one run commits and the others exit with status 3.
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
    Azurite.upload(container, "bronze", Lakes.fixtures("bronze"));
    List<Integer> statuses = RunRace.atPoint(work, 3, "lock-create", Azurite.FLINK_CONF,
        "--bronze", Azurite.wasb(container, "bronze"), "--lake", Azurite.wasb(container, "lake"));
    assertThat(statuses).containsExactlyInAnyOrder(0, 3, 3);

    File clean = new File(work, "clean");
    Lakes.copyInto(new File(work, "bronze"), Lakes.fixtures("bronze"));
    assertThat(PipelineRunner.run(work, "--bronze", new File(work, "bronze").getPath(), "--lake", clean.getPath())
        .exitCode()).isZero();
    Lakes.assertSameTables(Azurite.download(container, "lake", new File(work, "lake")), clean);
    assertThat(Azurite.list(container, "lake/_pipeline/StudentEngagement").stream().map(BlobItem::getName))
        .as("no lock or heartbeat left").noneMatch(n -> n.contains("/LOCK"));
  }
}
