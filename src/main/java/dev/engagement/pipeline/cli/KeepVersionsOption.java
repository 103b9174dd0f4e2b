package dev.engagement.pipeline.cli;

import java.time.Duration;
import picocli.CommandLine.Option;

/** How long the files of replaced table versions stay for time travel and rollback. */
final class KeepVersionsOption {
  @Option(names = "--keep-versions-days", paramLabel = "N", defaultValue = "7", converter = PositiveNumber.class,
      description = "files that newer versions of a table replaced are kept this long for time travel and rollback,"
          + " then the vacuum deletes them")
  int days;

  Duration duration() {
    return Duration.ofDays(days);
  }
}
