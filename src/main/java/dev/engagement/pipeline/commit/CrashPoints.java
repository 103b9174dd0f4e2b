package dev.engagement.pipeline.commit;

/**
 * Named points of a run where tests kill the process, as a crash or {@code kill -9} would:
 * started with {@code -Dpipeline.halt-at=<point>}, the JVM halts there without any clean-up.
 */
public final class CrashPoints {
  private CrashPoints() {}

  public static void reached(String point) {
    if (point.equals(System.getProperty("pipeline.halt-at"))) {
      Runtime.getRuntime().halt(137);
    }
  }
}
