package dev.engagement.pipeline.testing;

import com.azure.storage.blob.BlobContainerClient;
import com.azure.storage.blob.BlobServiceClientBuilder;
import com.azure.storage.blob.models.BlobItem;
import com.azure.storage.blob.models.ListBlobsOptions;
import java.io.File;
import java.io.IOException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/**
 * Azurite, the Azure Storage emulator (deploy/azurite.sh), and the Azure SDK's view of it: the
 * emulator tests put bronze there and read the lake back with the SDK, independently of Flink.
 */
public final class Azurite {
  public static final String ACCOUNT = "devstoreaccount1";
  /** Azurite's published development key: not a secret. */
  private static final String CONNECTION = "DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;"
      + "AccountKey=Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==;"
      + "BlobEndpoint=http://127.0.0.1:10000/devstoreaccount1;";

  /**
   * Flink configuration for the azure-fs-hadoop plugin's wasb:// against the emulator, with
   * retries turned low so that a missing emulator fails in seconds.
   */
  public static final String FLINK_CONF = """
      fs.azure.storage.emulator.account.name: devstoreaccount1.blob.core.windows.net
      fs.azure.io.retry.max.retries: 2
      fs.azure.io.retry.min.backoff.interval: 100
      fs.azure.io.retry.max.backoff.interval: 500
      fs.azure.io.retry.backoff.interval: 200
      """;

  private Azurite() {}

  public static void start() throws Exception {
    run(Map.of(), "deploy/azurite.sh", "start");
  }

  /**
   * Starts the emulator on {@code port} rather than 10000, the one port the Azure driver's
   * emulator mode talks to: a proxy of the test's own takes 10000 ({@link BlobProxy}).
   */
  public static void startBehindAProxy(int port) throws Exception {
    run(Map.of("AZURITE_PORT", Integer.toString(port)), "deploy/azurite.sh", "start");
  }

  public static void stop() throws Exception {
    run(Map.of(), "deploy/azurite.sh", "stop");
  }

  /** A new, empty container. */
  public static BlobContainerClient newContainer(String prefix) {
    BlobContainerClient container = new BlobServiceClientBuilder().connectionString(CONNECTION).buildClient()
        .getBlobContainerClient(prefix + "-" + UUID.randomUUID().toString().substring(0, 8).toLowerCase(Locale.ROOT));
    container.create();
    return container;
  }

  /** {@code wasb://<container>@devstoreaccount1.blob.core.windows.net/<path>} */
  public static String wasb(BlobContainerClient container, String path) {
    return "wasb://" + container.getBlobContainerName() + "@" + ACCOUNT + ".blob.core.windows.net/" + path;
  }

  public static void upload(BlobContainerClient container, String prefix, File... files) {
    for (File f : files) {
      container.getBlobClient(prefix + "/" + f.getName()).uploadFromFile(f.getPath(), true);
    }
  }

  /** Every blob under {@code prefix}/ (the plugin's zero-byte folder markers left out). */
  public static List<BlobItem> list(BlobContainerClient container, String prefix) {
    return container.listBlobs(new ListBlobsOptions().setPrefix(prefix + "/"), null).stream()
        .filter(b -> !(b.getProperties().getContentLength() == 0
            && b.getMetadata() != null && b.getMetadata().containsKey("hdi_isfolder")))
        .toList();
  }

  /** Downloads every blob under {@code prefix}/ into {@code dir}, keeping relative paths. */
  public static File download(BlobContainerClient container, String prefix, File dir) {
    for (BlobItem blob : container.listBlobs(new ListBlobsOptions().setPrefix(prefix + "/")
        .setDetails(new com.azure.storage.blob.models.BlobListDetails().setRetrieveMetadata(true)), null)) {
      if (blob.getMetadata() != null && blob.getMetadata().containsKey("hdi_isfolder")) {
        continue;
      }
      File target = new File(dir, blob.getName().substring(prefix.length() + 1));
      target.getParentFile().mkdirs();
      container.getBlobClient(blob.getName()).downloadToFile(target.getPath(), true);
    }
    return dir;
  }

  private static void run(Map<String, String> env, String... command) throws IOException, InterruptedException {
    ProcessBuilder builder = new ProcessBuilder(command).inheritIO();
    builder.environment().putAll(env);
    Process p = builder.start();
    if (p.waitFor() != 0) {
      throw new IllegalStateException(String.join(" ", command) + " failed");
    }
  }
}
