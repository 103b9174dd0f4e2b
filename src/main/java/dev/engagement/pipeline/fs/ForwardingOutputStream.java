package dev.engagement.pipeline.fs;

import java.io.IOException;
import org.apache.flink.core.fs.FSDataOutputStream;

/** A Flink output stream that hands every call to another; subclasses add to what they override. */
public abstract class ForwardingOutputStream extends FSDataOutputStream {
  protected final FSDataOutputStream out;

  protected ForwardingOutputStream(FSDataOutputStream out) {
    this.out = out;
  }

  @Override
  public void write(int b) throws IOException {
    out.write(b);
  }

  @Override
  public void write(byte[] b, int off, int len) throws IOException {
    out.write(b, off, len);
  }

  @Override
  public long getPos() throws IOException {
    return out.getPos();
  }

  @Override
  public void flush() throws IOException {
    out.flush();
  }

  @Override
  public void sync() throws IOException {
    out.sync();
  }

  @Override
  public void close() throws IOException {
    out.close();
  }
}
