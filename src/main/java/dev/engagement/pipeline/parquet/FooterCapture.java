package dev.engagement.pipeline.parquet;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import dev.engagement.pipeline.fs.ForwardingOutputStream;
import org.apache.flink.core.fs.FSDataOutputStream;

/**
 * A parquet file's output stream that keeps its last bytes, so the footer the writer ends it with
 * ({@code <footer><4-byte length>PAR1}) is at hand once it is written, without reading the file
 * back (on Blob storage, two requests a file).
 */
final class FooterCapture extends ForwardingOutputStream {
  private static final int KEPT = 64 * 1024;

  private final byte[] last = new byte[KEPT];
  private long written;

  FooterCapture(FSDataOutputStream out) {
    super(out);
  }

  /** The footer of the parquet file written so far, or null if it is longer than what is kept. */
  byte[] footer() {
    byte[] tail = tail((int) Math.min(written, KEPT));
    if (tail.length < 12 || !"PAR1".equals(new String(tail, tail.length - 4, 4, StandardCharsets.US_ASCII))) {
      return null;
    }
    int length = ByteBuffer.wrap(tail, tail.length - 8, 4).order(ByteOrder.LITTLE_ENDIAN).getInt();
    if (length < 0 || length + 8 > tail.length) {
      return null;
    }
    return Arrays.copyOfRange(tail, tail.length - 8 - length, tail.length - 8);
  }

  private byte[] tail(int n) {
    byte[] tail = new byte[n];
    int end = (int) (written % KEPT);
    int first = Math.min(n, end);
    System.arraycopy(last, end - first, tail, n - first, first);
    System.arraycopy(last, KEPT - (n - first), tail, 0, n - first);
    return tail;
  }

  @Override
  public void write(int b) throws IOException {
    out.write(b);
    last[(int) (written++ % KEPT)] = (byte) b;
  }

  @Override
  public void write(byte[] b, int off, int len) throws IOException {
    out.write(b, off, len);
    int keep = Math.min(len, KEPT);
    for (int i = len - keep; i < len; ) {
      int at = (int) ((written + i) % KEPT);
      int n = Math.min(len - i, KEPT - at);
      System.arraycopy(b, off + i, last, at, n);
      i += n;
    }
    written += len;
  }
}
