package dev.engagement.pipeline.parquet;

import java.io.IOException;
import org.apache.flink.core.fs.FSDataInputStream;
import org.apache.flink.core.fs.FileStatus;
import org.apache.flink.core.fs.FileSystem;
import org.apache.flink.core.fs.Path;
import org.apache.parquet.io.DelegatingSeekableInputStream;
import org.apache.parquet.io.InputFile;
import org.apache.parquet.io.SeekableInputStream;

/**
 * A parquet {@link InputFile} read through Flink's FileSystem, so footers are read with the same
 * file system (and plugin configuration) as the job itself: file://, abfss://, wasb://.
 */
public final class FlinkInputFile implements InputFile {
  private final FileSystem fs;
  private final Path path;
  private final long length;

  /** The file at {@code path}, its length asked of its file system. */
  public static FlinkInputFile of(Path path) throws IOException {
    FileSystem fs = path.getFileSystem();
    return new FlinkInputFile(fs, fs.getFileStatus(path));
  }

  public FlinkInputFile(FileSystem fs, FileStatus status) {
    this(fs, status.getPath(), status.getLen());
  }

  public FlinkInputFile(FileSystem fs, Path path, long length) {
    this.fs = fs;
    this.path = path;
    this.length = length;
  }

  @Override
  public long getLength() {
    return length;
  }

  @Override
  public SeekableInputStream newStream() throws IOException {
    FSDataInputStream in = fs.open(path);
    return new DelegatingSeekableInputStream(in) {
      @Override
      public long getPos() throws IOException {
        return in.getPos();
      }

      @Override
      public void seek(long newPos) throws IOException {
        in.seek(newPos);
      }
    };
  }

  @Override
  public String toString() {
    return path.toString();
  }
}
