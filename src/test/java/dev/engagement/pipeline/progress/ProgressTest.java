package dev.engagement.pipeline.progress;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class ProgressTest {
  private static Progress at(Progress.Stage stage, long read) {
    return new Progress(stage, Duration.ofSeconds(75), Duration.ofSeconds(50), read, 1_000_000, 12, 2, 6, 40, 90);
  }

  @Test
  void eachStageSaysWhatIsDoneOfWhat() {
    assertThat(at(Progress.Stage.PLANNING, 0).line()).isEqualTo("[1:15] planning: reading the bronze footers, planning the job");
    // 250,000 rows in 50 s: 5,000 rows/s, 750,000 rows left: 150 s.
    assertThat(at(Progress.Stage.READING, 250_000).line())
        .isEqualTo("[1:15] reading and writing: 250,000 of 1,000,000 rows (25%), 5,000 rows/s, 2:30 left");
    assertThat(at(Progress.Stage.WRITING, 1_000_000).line())
        .isEqualTo("[1:15] writing the partition files: 1,000,000 of 1,000,000 rows (100%), 12 files written");
    assertThat(at(Progress.Stage.COMMITTING, 1_000_000).line()).isEqualTo("[1:15] committing: 2 of 6 tables, 40 of 90 files");
    assertThat(at(Progress.Stage.DONE, 1_000_000).line()).isEqualTo("[1:15] done: 1,000,000 of 1,000,000 rows (100%), 40 files");
  }

  @Test
  void noTimeLeftBeforeAFewPercentAreRead() {
    assertThat(at(Progress.Stage.READING, 0).line()).isEqualTo("[1:15] reading and writing: 0 of 1,000,000 rows (0%), 0 rows/s");
    assertThat(at(Progress.Stage.READING, 49_000).line())
        .isEqualTo("[1:15] reading and writing: 49,000 of 1,000,000 rows (4%), 980 rows/s");
  }

  @Test
  void aLogLineClearsTheProgressLineWhichComesBackBelowIt() {
    ByteArrayOutputStream screen = new ByteArrayOutputStream();
    TerminalLine line = new TerminalLine(new PrintStream(screen, true, StandardCharsets.UTF_8));
    line.show("[0:01] a");
    line.show("[0:02] b");
    new PrintStream(line, true, StandardCharsets.UTF_8).print("log line\n");
    line.end();
    assertThat(screen.toString(StandardCharsets.UTF_8))
        .isEqualTo("[0:01] a\r\033[2K[0:02] b\r\033[2Klog line\n[0:02] b\n");
  }
}
