package dev.engagement.pipeline.progress;

import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * Standard error on a terminal with one line that updates in place below whatever else is
 * printed: a log line clears it first, and it is drawn again after the log line's end. Logback's
 * console appender writes through {@code System.err}, so installing this there is enough.
 */
final class TerminalLine extends OutputStream {
  private static final byte[] CLEAR = "\r\033[2K".getBytes(StandardCharsets.US_ASCII);

  private final PrintStream terminal;
  private byte[] line = new byte[0];
  private boolean shown;

  TerminalLine(PrintStream terminal) {
    this.terminal = terminal;
  }

  synchronized void show(String text) {
    line = text.getBytes(StandardCharsets.UTF_8);
    clear();
    draw();
  }

  /** Leaves the line's last text in place, followed by a line break. */
  synchronized void end() {
    if (shown) {
      terminal.write('\n');
      terminal.flush();
      shown = false;
    }
    line = new byte[0];
  }

  @Override
  public synchronized void write(int b) {
    clear();
    terminal.write(b);
    if (b == '\n') {
      draw();
    }
  }

  @Override
  public synchronized void write(byte[] b, int off, int len) {
    if (len == 0) {
      return;
    }
    clear();
    terminal.write(b, off, len);
    if (b[off + len - 1] == '\n') {
      draw();
    }
  }

  @Override
  public synchronized void flush() {
    terminal.flush();
  }

  private void clear() {
    if (shown) {
      terminal.write(CLEAR, 0, CLEAR.length);
      shown = false;
    }
  }

  private void draw() {
    if (line.length > 0) {
      terminal.write(line, 0, line.length);
      terminal.flush();
      shown = true;
    }
  }
}
