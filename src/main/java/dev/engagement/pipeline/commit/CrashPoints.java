package dev.engagement.pipeline.commit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.UUID;

/**
 * Named points of a run where tests kill or pause the process. {@code -Dpipeline.halt-at=<point>}
 * halts the JVM there without any clean-up, as a crash or {@code kill -9} would.
 * {@code -Dpipeline.pause-at=<point> -Dpipeline.pause-file=<file>} stops the run there until
 * {@code <file>} exists, leaving {@code <file>.<random>.paused} for the test to see it waiting:
 * to place another writer's commit, or to line several runs up at one point.
 */
public final class CrashPoints {
  private CrashPoints() {}

  public static void reached(String point) {
    if (point.equals(System.getProperty("pipeline.halt-at"))) {
      Runtime.getRuntime().halt(137);
    }
    if (point.equals(System.getProperty("pipeline.pause-at"))) {
      pause(Paths.get(System.getProperty("pipeline.pause-file")));
    }
  }

  private static void pause(Path until) {
    try {
      Files.createFile(until.resolveSibling(until.getFileName() + "." + UUID.randomUUID() + ".paused"));
      while (!Files.exists(until)) {
        Thread.sleep(20);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
