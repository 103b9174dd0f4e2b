package dev.engagement.pipeline.delta;

import dev.engagement.pipeline.azure.BlobDirectWrite;
import dev.engagement.pipeline.commit.CrashPoints;
import dev.engagement.pipeline.fs.ExclusiveCreate;
import dev.engagement.pipeline.fs.LakeFiles;
import io.delta.kernel.defaults.engine.fileio.FileIO;
import io.delta.kernel.defaults.engine.fileio.InputFile;
import io.delta.kernel.defaults.engine.fileio.OutputFile;
import io.delta.kernel.defaults.engine.fileio.PositionOutputStream;
import io.delta.kernel.defaults.engine.fileio.SeekableInputStream;
import io.delta.kernel.utils.CloseableIterator;
import io.delta.kernel.utils.FileStatus;
import java.io.ByteArrayOutputStream;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import org.apache.flink.core.fs.FSDataInputStream;
import org.apache.flink.core.fs.FSDataOutputStream;
import org.apache.flink.core.fs.FileSystem;
import org.apache.flink.core.fs.Path;

/**
 * Delta Kernel's file access over Flink's file systems, so the log is read and written through
 * the same {@code file://}, {@code abfss://} and {@code wasb://} plugins as the data files (the
 * Azure drivers live in Flink's plugin class loader, out of reach of Kernel's Hadoop engine).
 * Commits, checkpoints and {@code _last_checkpoint} are written whole or not at all
 * ({@link AtomicLogFile}); a commit or a checkpoint is refused when its version exists. On Blob
 * storage a commit is one conditional Put Blob ({@link ExclusiveCreate}): of two writers racing
 * for one version, the service lets exactly one win. Checkpoints that an earlier build left
 * incomplete are not listed ({@link IncompleteCheckpoints}).
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
    List<FileStatus> files = new ArrayList<>();
    for (org.apache.flink.core.fs.FileStatus f : fs.listStatus(dir)) {
      if (!f.isDir() && f.getPath().getName().compareTo(from) >= 0 && IncompleteCheckpoints.usable(fs, f)) {
        files.add(FileStatus.of(f.getPath().toString(), f.getLen(), f.getModificationTime()));
      }
    }
    files.sort(Comparator.comparing(f -> new Path(f.getPath()).getName()));
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
        // Kernel writes a checkpoint so (atomicWrite: put-if-absent, whole or not at all).
        Path p = new Path(path);
        FSDataOutputStream out = atomicWrite ? AtomicLogFile.create(p, false)
            : p.getFileSystem().create(p, FileSystem.WriteMode.OVERWRITE);
        return new Output(out, p.getName().endsWith(".checkpoint.parquet"));
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

  /**
   * Lines as the file {@code target} (a commit, {@code _last_checkpoint}), whole or not at all;
   * refused if it exists unless {@code overwrite}.
   */
  private static void writeLines(Path target, Iterator<String> lines, boolean overwrite) throws IOException {
    if (!overwrite && BlobDirectWrite.isBlob(target)) {
      ByteArrayOutputStream content = new ByteArrayOutputStream();
      writeLines(content, lines);
      if (!ExclusiveCreate.create(target, content.toByteArray())) {
        throw new FileAlreadyExistsException(target.toString());
      }
      return;
    }
    try (OutputStream out = AtomicLogFile.create(target, overwrite)) {
      writeLines(out, lines);
    }
  }

  private static void writeLines(OutputStream out, Iterator<String> lines) throws IOException {
    while (lines.hasNext()) {
      out.write(lines.next().getBytes(StandardCharsets.UTF_8));
      out.write('\n');
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
    private final boolean checkpoint;

    Output(FSDataOutputStream out, boolean checkpoint) {
      this.out = out;
      this.checkpoint = checkpoint;
    }

    @Override
    public void write(int b) throws IOException {
      out.write(b);
      crashPoint();
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      out.write(b, off, len);
      crashPoint();
    }

    /** Where tests kill a writer that has written part of a checkpoint. */
    private void crashPoint() {
      if (checkpoint) {
        CrashPoints.reached("checkpoint-partly-written");
      }
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
