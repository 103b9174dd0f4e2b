package dev.engagement.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.engagement.pipeline.ops.PipelineStatusAccess;
import dev.engagement.pipeline.testing.Lakes;
import dev.engagement.pipeline.testing.PipelineRunner;
import dev.engagement.pipeline.testing.Pushgateway;
import dev.engagement.pipeline.tools.BronzeGenerator;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.flink.core.fs.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The job jar in Flink's application mode, started as the official image and the Kubernetes
 * operator start it ({@code deploy/cluster.sh application}: StandaloneApplicationClusterEntryPoint
 * and a TaskManager): the whole run, commit included, happens inside the JobManager, and a
 * JobManager killed in the middle of a run leaves a lake that the next start completes.
 */
class ApplicationModeIT {
  @TempDir File work;

  @AfterEach
  void stopWhatIsLeft() throws Exception {
    sh(List.of("deploy/cluster.sh", "stop")).waitFor();
  }

  @Test
  void theJobManagerRunsTheWholePipelineAndASecondStartRunsIncrementally() throws Exception {
    File lake = new File(work, "lake");
    try (Pushgateway gateway = Pushgateway.start(work)) {
      Process full = application(List.of("--bronze", new File(PipelineRunner.TESTDATA, "bronze").getPath(),
          "--lake", lake.getPath(), "--mode", "full", "--metrics-pushgateway", gateway.uri().toString()));
      assertThat(full.waitFor(5, TimeUnit.MINUTES)).isTrue();
      assertThat(full.exitValue()).as(log()).isZero();
      // The end-of-run push arrives from main in the JobManager.
      assertThat(gateway.value("student_engagement_rows_written",
          Map.of("pipeline", "StudentEngagement", "table", "silver/student_engagement"))).isEqualTo(13);
    }
    assertThat(jobManagerOut()).as("the run's own summary, printed by main in the JobManager")
        .contains("committed the lake at");
    FixtureReplayITCase.assertLakeEquals(lake, "full");

    Process incremental = application(List.of("--bronze", new File(PipelineRunner.TESTDATA, "bronze").getPath(),
        "--lake", lake.getPath()));
    assertThat(incremental.waitFor(5, TimeUnit.MINUTES)).isTrue();
    assertThat(incremental.exitValue()).as(log()).isZero();
    JsonNode runs = status(lake).get("runs");
    assertThat(runs).hasSize(2);
    assertThat(runs.get(0).get("Mode").asText()).isEqualTo("incremental");
    assertThat(runs.get(0).get("Status").asText()).isEqualTo("NOTHING_TO_DO");
    FixtureReplayITCase.assertLakeEquals(lake, "full");
  }

  @Test
  void aJobManagerKilledInTheMiddleOfARunLeavesALakeTheNextStartCompletes() throws Exception {
    File bronze = new File(work, "bronze");
    BronzeGenerator.generate(new Path(bronze.toURI()), 200_000, 2, 5, LocalDateTime.parse("2025-01-01T00:00"), 500);
    File clean = new File(work, "clean");
    assertThat(PipelineRunner.run(work, "--bronze", bronze.getPath(), "--lake", clean.getPath()).exitCode()).isZero();

    File lake = new File(work, "lake");
    List<String> args = List.of("--bronze", bronze.getPath(), "--lake", lake.getPath());
    Process killed = application(args);
    java.nio.file.Path runs = lake.toPath().resolve("_pipeline/StudentEngagement/runs");
    // The job is submitted once a run has its STARTED marker; kill the JobManager a second later.
    while (killed.isAlive() && !startedMarker(runs)) {
      Thread.sleep(100);
    }
    Thread.sleep(1000);
    assertThat(killed.isAlive()).as("the run was still going when the JobManager was killed; %s", log()).isTrue();
    long jobManager = Long.parseLong(Files.readString(new File(work, "flink-run/jobmanager/pid").toPath()).strip());
    ProcessHandle.of(jobManager).ifPresent(ProcessHandle::destroyForcibly);
    assertThat(killed.waitFor(2, TimeUnit.MINUTES)).isTrue();
    assertThat(killed.exitValue()).isNotZero();

    Process next = application(args);
    assertThat(next.waitFor(5, TimeUnit.MINUTES)).isTrue();
    assertThat(next.exitValue()).as(log()).isZero();
    Lakes.assertSameTables(lake, clean);
  }

  private static boolean startedMarker(java.nio.file.Path runs) {
    try (var dirs = Files.list(runs)) {
      return dirs.anyMatch(run -> Files.exists(run.resolve("STARTED")));
    } catch (java.io.IOException e) {
      return false;
    }
  }

  private Process application(List<String> args) throws Exception {
    File[] jars = new File("target").listFiles((d, n) -> n.matches("student-engagement-pipeline-.*\\.jar")
        && !n.startsWith("original-"));
    assertThat(jars).as("the job jar (mvn package)").hasSize(1);
    List<String> command = new ArrayList<>(List.of("deploy/cluster.sh", "application", jars[0].getPath()));
    command.addAll(args);
    return sh(command);
  }

  private Process sh(List<String> command) throws Exception {
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(new File(work, "commands.log")));
    builder.environment().put("FLINK_RUN_DIR", new File(work, "flink-run").getAbsolutePath());
    return builder.start();
  }

  private String jobManagerOut() throws Exception {
    return Files.readString(new File(work, "flink-run/jobmanager/jobmanager.out").toPath());
  }

  private String log() throws Exception {
    File jobManagerLog = new File(work, "flink-run/jobmanager/jobmanager.log");
    return Files.readString(new File(work, "commands.log").toPath())
        + (jobManagerLog.exists() ? Files.readString(jobManagerLog.toPath()) : "");
  }

  private static JsonNode status(File lake) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    PipelineStatusAccess.print(lake, true, out);
    return new ObjectMapper().readTree(out.toString(StandardCharsets.UTF_8));
  }
}
