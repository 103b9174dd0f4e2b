package dev.engagement.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.azure.storage.blob.BlobContainerClient;
import dev.engagement.pipeline.testing.Azurite;
import dev.engagement.pipeline.testing.Lakes;
import dev.engagement.pipeline.testing.PipelineRunner;
import dev.engagement.pipeline.testing.Pushgateway;
import java.io.File;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.commons.io.FileUtils;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The job jar on a real Flink 1.20 session cluster (deploy/cluster.sh), submitted with the
 * `flink` command line (deploy/flink), checked through the REST API and the lake.
 */
class SessionClusterIT {
  private static final String REST = "http://localhost:8081";
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir static File work;
  /** flink-conf/ plus the Azure Storage emulator's keys: the cluster's and the CLI's FLINK_CONF_DIR. */
  private static File confDir;

  @BeforeAll
  static void startCluster() throws Exception {
    confDir = new File(work, "flink-conf");
    FileUtils.copyDirectory(new File("flink-conf"), confDir);
    Files.writeString(new File(confDir, "config.yaml").toPath(), Azurite.FLINK_CONF, StandardOpenOption.APPEND);
    Azurite.start();
    assertThat(sh("deploy/cluster.sh", "start").exitCode()).as("deploy/cluster.sh start").isZero();
  }

  @AfterAll
  static void stopCluster() throws Exception {
    sh("deploy/cluster.sh", "stop");
    Azurite.stop();
  }

  @Test
  void theJobReadsAndWritesBlobStorageThroughThePluginOnTheCluster() throws Exception {
    BlobContainerClient container = Azurite.newContainer("cluster");
    Azurite.upload(container, "bronze", Lakes.fixtures("bronze"));
    Command run = sh("deploy/flink", "run", jar(), "--bronze", Azurite.wasb(container, "bronze"),
        "--lake", Azurite.wasb(container, "lake"));
    assertThat(run.exitCode()).as(run.output()).isZero();
    File lake = Azurite.download(container, "lake", new File(work, "cluster-lake"));
    FixtureReplayITCase.assertLakeEquals(lake, "full");
    FixtureReplayITCase.assertEachTableIsADeltaTableWithOneCommitOfTheRun(lake);
  }

  @Test
  void theJobRunsWithFlinkRunAndReportsItsCountsThroughTheRestApi() throws Exception {
    File lake = new File(work, "lake");
    Command run;
    try (Pushgateway gateway = Pushgateway.start(work)) {
      run = sh("deploy/flink", "run", jar(), "--bronze", new File(PipelineRunner.TESTDATA, "bronze").getPath(),
          "--lake", lake.getPath(), "--mode", "full", "--metrics-pushgateway", gateway.uri().toString());
      assertThat(run.exitCode()).as(run.output()).isZero();
      // The end-of-run push arrives from the client that flink run started, as from an embedded run.
      assertThat(gateway.value("student_engagement_rows_written",
          Map.of("pipeline", "StudentEngagement", "table", "silver/student_engagement"))).isEqualTo(13);
    }
    Matcher submitted = Pattern.compile("JobID ([0-9a-f]{32})").matcher(run.output());
    assertThat(submitted.find()).as(run.output()).isTrue();
    String jobId = submitted.group(1);

    // The REST API serves a job's graph from a cache of a few seconds (web.refresh-interval), which
    // the run's progress polling filled while the job ran: it may say RUNNING for a moment more.
    JsonNode job = get("/jobs/" + jobId);
    for (int i = 0; i < 50 && "RUNNING".equals(job.get("state").asText()); i++) {
      Thread.sleep(200);
      job = get("/jobs/" + jobId);
    }
    assertThat(job.get("state").asText()).isEqualTo("FINISHED");
    assertThat(job.get("name").asText()).isEqualTo("StudentEngagement");

    Map<String, Long> counts = new HashMap<>();
    for (JsonNode accumulator : get("/jobs/" + jobId + "/accumulators").get("user-task-accumulators")) {
      counts.put(accumulator.get("name").asText(), accumulator.get("value").asLong());
    }
    // Counted by hand from testdata/bronze/_sources (see testdata/expected/full).
    assertThat(counts).containsAllEntriesOf(Map.of(
        "rows.bronze_read", 31L, "rows.silver", 13L, "rows.gold", 10L,
        "rows.NULL_STUDENT_ID", 3L, "rows.NULL_COURSE_ID", 2L, "rows.NULL_ENGAGEMENT_SCORE", 3L,
        "rows.INVALID_LOGIN_TIME", 4L, "rows.INVALID_LAST_MODIFIED_DATE", 1L,
        "rows.INVALID_PROGRESS_PERCENTAGE", 5L, "rows.INVALID_ENGAGEMENT_SCORE", 3L));

    FixtureReplayITCase.assertLakeEquals(lake, "full");
    assertThat(run.output()).contains("committed the lake at").doesNotContain("john.doe@uni.edu");

    String index = HTTP.send(HttpRequest.newBuilder(URI.create(REST + "/")).build(),
        HttpResponse.BodyHandlers.ofString()).body();
    assertThat(index).contains("Apache Flink Web Dashboard");
    String taskManager = get("/taskmanagers").get("taskmanagers").get(0).get("id").asText();
    assertThat(get("/taskmanagers/" + taskManager + "/logs").toString()).contains(taskManager + ".log");
  }

  @Test
  void theWebUisProfilerRecordsAFlameGraphOfTheTaskManager() throws Exception {
    String taskManager = get("/taskmanagers").get("taskmanagers").get(0).get("id").asText();
    String profiler = "/taskmanagers/" + taskManager + "/profiler";
    HttpResponse<String> started = HTTP.send(HttpRequest.newBuilder(URI.create(REST + profiler))
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString("{\"mode\":\"ITIMER\",\"duration\":1}")).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(started.statusCode()).as(started.body()).isEqualTo(200);
    JsonNode last = null;
    for (int i = 0; i < 100 && (last == null || !"FINISHED".equals(last.get("status").asText())); i++) {
      Thread.sleep(200);
      last = get(profiler).get("profilingList").get(0);
    }
    assertThat(last.get("status").asText()).as(last.toString()).isEqualTo("FINISHED");
    assertThat(last.get("outputFile").asText()).endsWith(".html");
  }

  @Test
  void aJobWithBadArgumentsFailsWithAClearMessageAndTheClusterStaysUp() throws Exception {
    Command bad = sh("deploy/flink", "run", jar(), "--bronze", new File(work, "missing").getPath(),
        "--lake", new File(work, "bad-lake").getPath());
    assertThat(bad.exitCode()).isEqualTo(2);
    assertThat(bad.output()).contains("error: bronze folder ").contains("has no parquet files");
    Command unknown = sh("deploy/flink", "run", jar(), "--lake", "x", "--colour", "red");
    assertThat(unknown.exitCode()).isEqualTo(2);
    assertThat(unknown.output()).contains("error: Missing required option: '--bronze URI'").contains("Usage: pipeline run");
    assertThat(get("/overview").get("taskmanagers").asInt()).isEqualTo(1);
    assertThat(get("/overview").get("slots-available").asInt()).isEqualTo(2);
  }

  private static String jar() {
    File[] jars = new File("target").listFiles((d, n) -> n.matches("student-engagement-pipeline-.*\\.jar")
        && !n.startsWith("original-"));
    assertThat(jars).as("the job jar (mvn package)").hasSize(1);
    return jars[0].getPath();
  }

  private static JsonNode get(String path) throws Exception {
    HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(REST + path)).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as("GET %s: %s", path, response.body()).isEqualTo(200);
    return JSON.readTree(response.body());
  }

  private record Command(int exitCode, String output) {}

  private static Command sh(String... command) throws Exception {
    File log = new File(work, "command-" + System.nanoTime() + ".log");
    ProcessBuilder builder = new ProcessBuilder(List.of(command)).redirectErrorStream(true).redirectOutput(log);
    builder.environment().put("FLINK_CONF_DIR", confDir.getAbsolutePath());
    Process p = builder.start();
    int code = p.waitFor();
    String output = Files.readString(log.toPath(), StandardCharsets.UTF_8);
    System.out.println("$ " + String.join(" ", command) + " -> " + code + "\n" + output);
    return new Command(code, output);
  }
}
