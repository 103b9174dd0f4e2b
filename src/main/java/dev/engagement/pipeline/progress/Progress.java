package dev.engagement.pipeline.progress;

import java.time.Duration;
import java.util.Locale;

/**
 * Where a run is, as figures: its stage, the bronze rows read of the total its files hold, and
 * while committing, the tables and files committed. {@link #line()} is what a person reads.
 */
public record Progress(
    Stage stage,
    Duration elapsed,
    Duration jobElapsed,
    long rowsRead,
    long rowsTotal,
    long filesWritten,
    int tablesCommitted,
    int tablesTotal,
    long filesCommitted,
    long filesTotal) {

  public enum Stage {
    PLANNING("planning"),
    READING("reading and writing"),
    WRITING("writing the partition files"),
    COMMITTING("committing"),
    DONE("done");

    final String label;

    Stage(String label) {
      this.label = label;
    }
  }

  /** Rows read per second since the job was submitted (0 before the first row). */
  public long rowsPerSecond() {
    long millis = jobElapsed.toMillis();
    return millis <= 0 ? 0 : rowsRead * 1000 / millis;
  }

  /**
   * The time left to read the rest at the rate so far; empty until 5% are read (the first
   * figures, a heartbeat late and with the tasks still starting, would promise hours).
   */
  public String timeLeft() {
    long rate = rowsPerSecond();
    return rate == 0 || rowsRead * 20 < rowsTotal || rowsRead >= rowsTotal ? ""
        : clock(Duration.ofSeconds((rowsTotal - rowsRead) / rate));
  }

  public String line() {
    String rows = String.format(Locale.ROOT, "%,d of %,d rows (%d%%)", rowsRead, rowsTotal,
        rowsTotal == 0 ? 100 : rowsRead * 100 / rowsTotal);
    String detail = switch (stage) {
      case PLANNING -> "reading the bronze footers, planning the job";
      case READING -> rows + String.format(Locale.ROOT, ", %,d rows/s", rowsPerSecond())
          + (timeLeft().isEmpty() ? "" : ", " + timeLeft() + " left");
      case WRITING -> rows + String.format(Locale.ROOT, ", %,d files written", filesWritten);
      case COMMITTING -> String.format(Locale.ROOT, "%d of %d tables, %,d of %,d files", tablesCommitted,
          tablesTotal, filesCommitted, filesTotal);
      case DONE -> rows + String.format(Locale.ROOT, ", %,d files", filesCommitted);
    };
    return "[" + clock(elapsed) + "] " + stage.label + ": " + detail;
  }

  private static String clock(Duration d) {
    long s = d.toSeconds();
    return s >= 3600 ? String.format(Locale.ROOT, "%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60)
        : String.format(Locale.ROOT, "%d:%02d", s / 60, s % 60);
  }
}
