package dev.engagement.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.engagement.pipeline.testing.Lakes;
import dev.engagement.pipeline.testing.PipelineRunner;
import dev.engagement.pipeline.tools.BronzeGenerator;
import java.io.File;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.apache.flink.core.fs.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The embedded runner killed with SIGKILL at random points of a run, and two runs started
 * together: afterwards, one more run always yields exactly the clean result. CI kills at
 * {@code kill.points} (default 4) points; {@code mvn test -Dtest=LocalKillITCase -Dkill.points=20}
 * runs the full count.
 */
class LocalKillITCase {
  @TempDir static File work;
  private static File bronze;
  private static File clean;
  private static long cleanRunMillis;

  @BeforeAll
  static void generateAndRunClean() throws Exception {
    bronze = new File(work, "bronze");
    BronzeGenerator.generate(new Path(bronze.toURI()), 50_000, 2, 7, LocalDateTime.parse("2025-01-01T00:00"), 500);
    clean = new File(work, "clean");
    long began = System.nanoTime();
    assertThat(PipelineRunner.runInNewJvm(work, List.of(), "--bronze", bronze.getPath(), "--lake", clean.getPath()))
        .isZero();
    cleanRunMillis = (System.nanoTime() - began) / 1_000_000;
  }

  @Test
  void aRunKilledAtAnyPointIsMadeWholeByTheNextRun() throws Exception {
    int points = Integer.getInteger("kill.points", 4);
    Random random = new Random(Long.getLong("kill.seed", 20261125L));
    List<Long> killedAt = new ArrayList<>();
    for (int i = 0; i < points; i++) {
      // Spread over the run: point i falls in the i-th of `points` equal slices of a clean run.
      long at = (cleanRunMillis * i + (long) (random.nextDouble() * cleanRunMillis)) / points;
      File lake = new File(work, "lake-" + i);
      Process run = start(lake, new File(work, "killed-" + i + ".log"));
      boolean finished = run.waitFor(at, TimeUnit.MILLISECONDS);
      if (!finished) {
        run.destroyForcibly().waitFor();
      }
      killedAt.add(finished ? -at : at);
      PipelineRunner.Result next = PipelineRunner.run(work, "--bronze", bronze.getPath(), "--lake", lake.getPath());
      assertThat(next.exitCode()).as("the run after a kill at %d ms: %s", at, next.err()).isZero();
      Lakes.assertSameTables(lake, clean);
    }
    System.out.println("killed at (ms, negative: the run had already finished): " + killedAt
        + " of a " + cleanRunMillis + " ms run");
  }

  @Test
  void twoRunsStartedTogetherOneRunsTheOtherExitsWithAClearMessage() throws Exception {
    File lake = new File(work, "together");
    Process first = start(lake, new File(work, "together-0.log"));
    Process second = start(lake, new File(work, "together-1.log"));
    List<Integer> statuses = List.of(first.waitFor(), second.waitFor());
    assertThat(statuses).containsExactlyInAnyOrder(0, 3);
    File refused = new File(work, "together-" + (statuses.get(0) == 3 ? 0 : 1) + ".log");
    assertThat(java.nio.file.Files.readString(refused.toPath())).contains("is already running");
    Lakes.assertSameTables(lake, clean);
  }

  private static Process start(File lake, File log) throws Exception {
    List<String> command = PipelineRunner.newJvmCommand(List.of(),
        List.of("--bronze", bronze.getPath(), "--lake", lake.getPath()));
    return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log).start();
  }

}
