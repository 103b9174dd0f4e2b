package dev.engagement.pipeline.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Several runs of the pipeline, each in a JVM of its own, lined up at one crash point
 * ({@code commit.CrashPoints}) and let go at the same instant: a race made certain.
 */
public final class RunRace {
  private RunRace() {}

  /** Starts {@code runs} runs with {@code args}, releases them together at {@code point}; returns their exit statuses. */
  public static List<Integer> atPoint(File work, int runs, String point, String extraConf, String... args)
      throws Exception {
    File go = new File(work, "go-" + point);
    Files.deleteIfExists(go.toPath());
    List<Process> processes = new ArrayList<>();
    for (int i = 0; i < runs; i++) {
      processes.add(PipelineRunner.startInNewJvm(work,
          List.of("-Dpipeline.pause-at=" + point, "-Dpipeline.pause-file=" + go.getPath()), extraConf,
          new File(work, "race-" + point + "-" + i + ".log"), args));
    }
    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
    while (waiting(work, go) < runs) {
      assertThat(processes).as("every run reaches %s", point).allMatch(Process::isAlive);
      assertThat(System.nanoTime()).as("every run reaches %s in time", point).isLessThan(deadline);
      Thread.sleep(50);
    }
    Files.createFile(go.toPath());
    List<Integer> statuses = new ArrayList<>();
    for (Process p : processes) {
      assertThat(p.waitFor(5, TimeUnit.MINUTES)).isTrue();
      statuses.add(p.exitValue());
    }
    return statuses;
  }

  private static int waiting(File work, File go) {
    return work.list((d, n) -> n.startsWith(go.getName() + ".") && n.endsWith(".paused")).length;
  }
}
