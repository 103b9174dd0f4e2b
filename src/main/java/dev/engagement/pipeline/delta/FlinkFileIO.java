package dev.engagement.pipeline.delta;

import dev.engagement.pipeline.azure.BlobDirectWrite;
import dev.engagement.pipeline.fs.LakeFiles;
import io.delta.kernel.defaults.engine.fileio.FileIO;
import io.delta.kernel.defaults.engine.fileio.InputFile;
import io.delta.kernel.defaults.engine.fileio.OutputFile;
import io.delta.kernel.defaults.engine.fileio.PositionOutputStream;
import io.delta.kernel.defaults.engine.fileio.SeekableInputStream;
import io.delta.kernel.utils.CloseableIterator;
import io.delta.kernel.utils.FileStatus;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.apache.flink.core.fs.FSDataInputStream;
import org.apache.flink.core.fs.FSDataOutputStream;
import org.apache.flink.core.fs.FileSystem;
import org.apache.flink.core.fs.Path;

/**
 * Delta Kernel's file access over Flink's file systems, so the log is read and written through
 * the same {@code file://}, {@code abfss://} and {@code wasb://} plugins as the data files (the
 * Azure drivers live in Flink's plugin class loader, out of reach of Kernel's Hadoop engine).
 * A commit file is written to a hidden temporary name and renamed into place, refused when the
 * version exists: readers never see a partial commit. Two writers racing for one version are
 * kept apart by the run lock, not here (Blob storage has no rename-if-absent).
 */
final class FlinkFileIO implements FileIO {

  @Override
  public CloseableIterator<FileStatus> listFrom(String filePath) throws IOException {
    Path start = new Path(filePath);
    FileSystem fs = start.getFileSystem();
    Path dir = start.getParent();
    if (!fs.exists(dir)) {
      throw new FileNotFoundException("no folder " + dir);
    }
    String from = start.getName();
    List<FileStatus> files = Arrays.stream(fs.listStatus(dir))
        .filter(f -> !f.isDir() && f.getPath().getName().compareTo(from) >= 0)
        .map(f -> FileStatus.of(f.getPath().toString(), f.getLen(), f.getModificationTime()))
        .sorted(Comparator.comparing(f -> new Path(f.getPath()).getName()))
        .toList();
    return KernelInternals.iterator(files);
  }

  @Override
  public FileStatus getFileStatus(String path) throws IOException {
    Path p = new Path(path);
    org.apache.flink.core.fs.FileStatus status = p.getFileSystem().getFileStatus(p);
    return FileStatus.of(status.getPath().toString(), status.getLen(), status.getModificationTime());
  }

  @Override
  public String resolvePath(String path) throws IOException {
    Path p = new Path(path);
    return p.makeQualified(p.getFileSystem()).toString();
  }

  @Override
  public boolean mkdirs(String path) throws IOException {
    Path p = new Path(path);
    return p.getFileSystem().mkdirs(p);
  }

  @Override
  public InputFile newInputFile(String path, long fileSize) {
    return new InputFile() {
      @Override
      public long length() {
        return fileSize;
      }

      @Override
      public String path() {
        return path;
      }

      @Override
      public SeekableInputStream newStream() throws IOException {
        Path p = new Path(path);
        return new Input(p.getFileSystem().open(p));
      }
    };
  }

  @Override
  public OutputFile newOutputFile(String path) {
    return new OutputFile() {
      @Override
      public String path() {
        return path;
      }

      @Override
      public PositionOutputStream create(boolean atomicWrite) throws IOException {
        Path p = new Path(path);
        FileSystem fs = p.getFileSystem();
        if (atomicWrite && fs.exists(p)) {
          throw new FileAlreadyExistsException(path);
        }
        return new Output(fs.create(p, FileSystem.WriteMode.OVERWRITE));
      }

      @Override
      public void writeAtomically(CloseableIterator<String> lines, boolean overwrite) throws IOException {
        try (lines) {
          writeLines(new Path(path), lines, overwrite);
        }
      }
    };
  }

  @Override
  public boolean delete(String path) throws IOException {
    Path p = new Path(path);
    return p.getFileSystem().delete(p, false);
  }

  @Override
  public Optional<String> getConf(String confKey) {
    return Optional.empty();
  }

  @Override
  public void copyFileAtomically(String srcPath, String destPath, boolean overwrite) throws IOException {
    String content = LakeFiles.readString(new Path(srcPath));
    writeLines(new Path(destPath), List.of(content).iterator(), overwrite);
  }

  /** Lines to a hidden sibling, then renamed to {@code target}; refused if it exists unless {@code overwrite}. */
  private static void writeLines(Path target, Iterator<String> lines, boolean overwrite) throws IOException {
    FileSystem fs = target.getFileSystem();
    if (!overwrite && fs.exists(target)) {
      throw new FileAlreadyExistsException(target.toString());
    }
    Path tmp = new Path(target.getParent(), "." + target.getName() + "." + UUID.randomUUID() + ".tmp");
    // The temporary name is this writer's alone: written as a data file is (BlobDirectWrite).
    try (OutputStream out = BlobDirectWrite.create(tmp)) {
      while (lines.hasNext()) {
        out.write(lines.next().getBytes(StandardCharsets.UTF_8));
        out.write('\n');
      }
    }
    boolean renamed = false;
    try {
      if (!overwrite && fs.exists(target)) {
        throw new FileAlreadyExistsException(target.toString());
      }
      if (overwrite) {
        fs.delete(target, false);
      }
      LakeFiles.rename(tmp, target);
      renamed = true;
    } finally {
      if (!renamed) {
        fs.delete(tmp, false);
      }
    }
  }

  private static final class Input extends SeekableInputStream {
    private final FSDataInputStream in;

    Input(FSDataInputStream in) {
      this.in = in;
    }

    @Override
    public int read() throws IOException {
      return in.read();
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      return in.read(b, off, len);
    }

    @Override
    public long getPos() throws IOException {
      return in.getPos();
    }

    @Override
    public void seek(long newPos) throws IOException {
      in.seek(newPos);
    }

    @Override
    public void readFully(byte[] b, int off, int len) throws IOException {
      while (len > 0) {
        int n = in.read(b, off, len);
        if (n < 0) {
          throw new java.io.EOFException("end of file with " + len + " bytes still to read");
        }
        off += n;
        len -= n;
      }
    }

    @Override
    public void close() throws IOException {
      in.close();
    }
  }

  private static final class Output extends PositionOutputStream {
    private final FSDataOutputStream out;

    Output(FSDataOutputStream out) {
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
    public void close() throws IOException {
      out.close();
    }
  }
}
