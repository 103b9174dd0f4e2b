package dev.engagement.pipeline.testing;

import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.util.Map;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Debian's {@code prometheus-pushgateway} on a free local port, without persistence, for one
 * test; CI installs it (.ci/run). {@link #close()} stops it.
 */
public final class Pushgateway implements AutoCloseable {
  private static final String BINARY = "prometheus-pushgateway";
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  private final Process process;
  private final URI uri;

  private Pushgateway(Process process, URI uri) {
    this.process = process;
    this.uri = uri;
  }

  public static Pushgateway start(File work) throws Exception {
    if (List.of(System.getenv("PATH").split(File.pathSeparator)).stream()
        .noneMatch(dir -> Files.isExecutable(new File(dir, BINARY).toPath()))) {
      throw new AssertionError(BINARY + " is not installed: apt-get install prometheus-pushgateway (.ci/run does)");
    }
    int port = freePort();
    URI uri = URI.create("http://127.0.0.1:" + port);
    Process process = new ProcessBuilder(BINARY, "--web.listen-address=127.0.0.1:" + port)
        .redirectErrorStream(true).redirectOutput(new File(work, "pushgateway.log")).start();
    Pushgateway gateway = new Pushgateway(process, uri);
    gateway.awaitReady();
    return gateway;
  }

  public URI uri() {
    return uri;
  }

  /** What Prometheus would scrape: every group's series, in the text format. */
  public String metrics() throws Exception {
    return get("/metrics").body();
  }

  private HttpResponse<String> get(String path) throws Exception {
    return HTTP.send(HttpRequest.newBuilder(uri.resolve(path)).timeout(Duration.ofSeconds(5)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private void awaitReady() throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new AssertionError(BINARY + " exited with " + process.exitValue());
      }
      try {
        if (get("/-/ready").statusCode() == 200) {
          return;
        }
      } catch (IOException e) {
        // not listening yet
      }
      Thread.sleep(100);
    }
    close();
    throw new AssertionError(BINARY + " was not ready in 20 s");
  }

  /** A port free now; a closed one also serves as a Pushgateway that is down. */
  /** The value of {@code name} with {@code labels} among its samples (the pipeline's push), or fails. */
  public double value(String name, Map<String, String> labels) throws Exception {
    return PrometheusText.parse(metrics()).stream()
        .filter(s -> s.name().equals(name) && s.labels().entrySet().containsAll(labels.entrySet()))
        .findFirst().orElseThrow(() -> new AssertionError("no " + name + " " + labels + " on the Pushgateway"))
        .value();
  }

  public static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  @Override
  public void close() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(10, TimeUnit.SECONDS)) {
      process.destroyForcibly().waitFor();
    }
  }
}
