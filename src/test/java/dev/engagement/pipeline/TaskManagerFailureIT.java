package dev.engagement.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.engagement.pipeline.testing.Lakes;
import dev.engagement.pipeline.testing.PipelineRunner;
import dev.engagement.pipeline.tools.BronzeGenerator;
import java.io.File;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.apache.flink.core.fs.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * TaskManagers killed (kill -9 by PID) in the middle of a run on the session cluster: with a
 * second TaskManager and the restart strategy, the job recovers and the lake equals a clean
 * run's; with none left the job fails, nothing is committed, the watermark stays, and the next
 * run after the cluster is back is clean.
 */
class TaskManagerFailureIT {
  private static final String REST = "http://localhost:8081";
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static final ObjectMapper JSON = new ObjectMapper();
  /** Per job: restarts that outlast the heartbeat timeout (10 s), so the dead TaskManager is gone by then. */
  private static final String RESTARTS = """
      restart-strategy.type: fixed-delay
      restart-strategy.fixed-delay.attempts: 4
      restart-strategy.fixed-delay.delay: 4 s
      """;

  @TempDir static File work;
  private static File bronze;
  private static File clean;

  @BeforeAll
  static void startClusterAndCleanRun() throws Exception {
    bronze = new File(work, "bronze");
    BronzeGenerator.generate(new Path(bronze.toURI()), 400_000, 4, 11, LocalDateTime.parse("2025-01-01T00:00"), 500);
    clean = new File(work, "clean");
    assertThat(PipelineRunner.run(work, "--bronze", bronze.getPath(), "--lake", clean.getPath()).exitCode()).isZero();
    assertThat(sh("deploy/cluster.sh", "start").waitFor()).isZero();
    assertThat(sh("deploy/cluster.sh", "add-taskmanager").waitFor()).isZero();
  }

  @AfterAll
  static void stopCluster() throws Exception {
    sh("deploy/cluster.sh", "stop").waitFor();
  }

  @Test
  void killingTheTaskManagerThatRunsTheJobWhileASecondOneIsUp() throws Exception {
    File lake = new File(work, "recovered");
    Process run = submit(lake);
    String busy = taskManagerRunningTheJob();
    kill(busy);
    assertThat(run.waitFor()).as(log(lake)).isZero();
    Lakes.assertSameTables(lake, clean);
  }

  @Test
  void killingEveryTaskManagerFailsTheJobCommitsNothingAndTheNextRunIsClean() throws Exception {
    File lake = new File(work, "lost");
    Process run = submit(lake);
    taskManagerRunningTheJob();
    for (JsonNode tm : get("/taskmanagers").get("taskmanagers")) {
      kill(tm.get("id").asText());
    }
    assertThat(run.waitFor()).as(log(lake)).isEqualTo(1);
    assertThat(log(lake)).contains("nothing was committed");
    Set<String> tables = Lakes.listing(lake);
    tables.removeIf(p -> p.startsWith("_pipeline"));
    assertThat(tables).containsOnly("/");
    assertThat(new File(lake, "_pipeline/StudentEngagement/watermark.json")).doesNotExist();

    // The cluster is back: the next run produces exactly the clean result.
    assertThat(sh("deploy/cluster.sh", "add-taskmanager").waitFor()).isZero();
    assertThat(sh("deploy/cluster.sh", "add-taskmanager").waitFor()).isZero();
    Process again = submit(lake);
    assertThat(again.waitFor()).as(log(lake)).isZero();
    Lakes.assertSameTables(lake, clean);
  }

  private static Process submit(File lake) throws Exception {
    File conf = new File(work, "restarts.yaml");
    Files.writeString(conf.toPath(), RESTARTS);
    List<String> command = new ArrayList<>(List.of("deploy/flink", "run", jar(),
        "--bronze", bronze.getPath(), "--lake", lake.getPath(), "--conf", conf.getPath()));
    return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(new File(lake.getPath() + ".log")).start();
  }

  /** Waits until a task of the running job is deployed, and returns its TaskManager's name. */
  private static String taskManagerRunningTheJob() throws Exception {
    for (int i = 0; i < 240; i++) {
      for (JsonNode job : get("/jobs/overview").get("jobs")) {
        if (job.get("state").asText().equals("RUNNING")) {
          for (JsonNode vertex : get("/jobs/" + job.get("jid").asText()).get("vertices")) {
            if (vertex.get("status").asText().equals("RUNNING")) {
              JsonNode tms = get("/jobs/" + job.get("jid").asText() + "/vertices/" + vertex.get("id").asText()
                  + "/taskmanagers").get("taskmanagers");
              for (JsonNode tm : tms) {
                if (Set.of("RUNNING", "INITIALIZING", "DEPLOYING").contains(tm.get("status").asText())) {
                  return tm.get("taskmanager-id").asText();
                }
              }
            }
          }
        }
      }
      Thread.sleep(250);
    }
    throw new AssertionError("the job never ran a task");
  }

  private static void kill(String taskManager) throws Exception {
    String pid = Files.readString(new File("target/flink-run/" + taskManager + "/pid").toPath()).strip();
    assertThat(new ProcessBuilder("kill", "-9", pid).start().waitFor()).isZero();
  }

  private static String log(File lake) {
    try {
      return Files.readString(new File(lake.getPath() + ".log").toPath());
    } catch (Exception e) {
      return "(no log)";
    }
  }

  private static JsonNode get(String path) throws Exception {
    return JSON.readTree(HTTP.send(HttpRequest.newBuilder(URI.create(REST + path)).build(),
        HttpResponse.BodyHandlers.ofString()).body());
  }

  private static String jar() {
    File[] jars = new File("target").listFiles((d, n) -> n.matches("student-engagement-pipeline-.*\\.jar")
        && !n.startsWith("original-"));
    return jars[0].getPath();
  }

  private static Process sh(String... command) throws Exception {
    return new ProcessBuilder(command).inheritIO().start();
  }
}
