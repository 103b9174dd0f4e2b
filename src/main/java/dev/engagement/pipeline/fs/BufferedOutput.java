package dev.engagement.pipeline.fs;

import dev.engagement.pipeline.azure.BlobDirectWrite;
import java.io.IOException;
import org.apache.flink.core.fs.FSDataOutputStream;
import org.apache.flink.core.fs.FileSystem;
import org.apache.flink.core.fs.Path;

/**
 * A file on any Flink file system, written through a buffer that also keeps the position. Parquet
 * writes page headers and footers a few bytes at a time (thrift) and asks for the position at
 * every page; on Flink's local file system, whose streams are not buffered, each of those is a
 * system call (a write, an lseek): about a million of them for 200,000 rows.
 */
public final class BufferedOutput extends FSDataOutputStream {
  private static final int SIZE = 256 * 1024;

  private final FSDataOutputStream out;
  private final byte[] buffer = new byte[SIZE];
  private int buffered;
  private long written;

  private BufferedOutput(FSDataOutputStream out) throws IOException {
    this.out = out;
    this.written = out.getPos();
  }

  public static FSDataOutputStream create(Path path, FileSystem.WriteMode mode) throws IOException {
    return new BufferedOutput(path.getFileSystem().create(path, mode));
  }

  /** A new data file of the lake, which no one else writes: see {@link BlobDirectWrite}. */
  public static FSDataOutputStream createDataFile(Path path) throws IOException {
    return new BufferedOutput(BlobDirectWrite.create(path));
  }

  @Override
  public long getPos() {
    return written + buffered;
  }

  @Override
  public void write(int b) throws IOException {
    if (buffered == SIZE) {
      drain();
    }
    buffer[buffered++] = (byte) b;
  }

  @Override
  public void write(byte[] b, int off, int len) throws IOException {
    if (len > SIZE - buffered) {
      drain();
    }
    if (len >= SIZE) {
      out.write(b, off, len);
      written += len;
    } else {
      System.arraycopy(b, off, buffer, buffered, len);
      buffered += len;
    }
  }

  private void drain() throws IOException {
    if (buffered > 0) {
      out.write(buffer, 0, buffered);
      written += buffered;
      buffered = 0;
    }
  }

  @Override
  public void flush() throws IOException {
    drain();
    out.flush();
  }

  @Override
  public void sync() throws IOException {
    drain();
    out.sync();
  }

  @Override
  public void close() throws IOException {
    try (FSDataOutputStream closing = out) {
      drain();
    }
  }
}
