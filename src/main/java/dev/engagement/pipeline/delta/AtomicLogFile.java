package dev.engagement.pipeline.delta;

import dev.engagement.pipeline.azure.BlobDirectWrite;
import dev.engagement.pipeline.fs.ForwardingOutputStream;
import dev.engagement.pipeline.fs.LakeFiles;
import java.io.File;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.StandardCopyOption;
import java.util.UUID;
import org.apache.flink.core.fs.FSDataOutputStream;
import org.apache.flink.core.fs.FileSystem;
import org.apache.flink.core.fs.Path;

/**
 * A file of the Delta log (a commit, a checkpoint, {@code _last_checkpoint}) that readers see
 * whole or not at all: its bytes go to a hidden sibling, which takes the final name when the
 * stream is closed. A writer killed before that leaves only the hidden file, which Delta readers
 * never look at (the vacuum deletes it). On the local disk the final name is taken atomically:
 * link(2) when the file must not exist yet (refused if it does), rename(2) to replace it.
 * Elsewhere it is checked, then renamed (the run lock keeps other writers off the log); a
 * replaced file is deleted first, so a reader sees the old file, none, or the new one.
 */
final class AtomicLogFile {
  private AtomicLogFile() {}

  /** A stream whose bytes become {@code target} when it is closed; refused if it exists unless {@code overwrite}. */
  static FSDataOutputStream create(Path target, boolean overwrite) throws IOException {
    FileSystem fs = target.getFileSystem();
    if (!overwrite && fs.exists(target)) {
      throw new FileAlreadyExistsException(target.toString());
    }
    Path tmp = new Path(target.getParent(), "." + target.getName() + "." + UUID.randomUUID() + ".tmp");
    // The temporary name is this writer's alone: written as a data file is (BlobDirectWrite).
    return new Publishing(BlobDirectWrite.create(tmp), tmp, target, overwrite);
  }

  /** Whether {@code name} is a temporary file of {@link #create} (or of Kernel's own engine). */
  static boolean isTemporary(String name) {
    return name.startsWith(".") && name.endsWith(".tmp");
  }

  private static void moveIntoPlace(Path tmp, Path target, boolean overwrite) throws IOException {
    FileSystem fs = tmp.getFileSystem();
    boolean moved = false;
    try {
      if ("file".equals(fs.getUri().getScheme())) {
        moveLocally(new File(tmp.toUri().getPath()).toPath(), new File(target.toUri().getPath()).toPath(), overwrite);
      } else {
        if (fs.exists(target)) {
          if (!overwrite) {
            throw new FileAlreadyExistsException(target.toString());
          }
          fs.delete(target, false);
        }
        LakeFiles.rename(tmp, target);
      }
      moved = true;
    } finally {
      if (!moved) {
        fs.delete(tmp, false);
      }
    }
  }

  private static void moveLocally(java.nio.file.Path tmp, java.nio.file.Path target, boolean overwrite)
      throws IOException {
    if (overwrite) {
      Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
    } else {
      Files.createLink(target, tmp); // put-if-absent: FileAlreadyExistsException if the target exists
      Files.delete(tmp);
    }
  }

  /** The temporary file's stream; closing it moves the file into place. */
  private static final class Publishing extends ForwardingOutputStream {
    private final Path tmp;
    private final Path target;
    private final boolean overwrite;
    private boolean closed;

    Publishing(FSDataOutputStream out, Path tmp, Path target, boolean overwrite) {
      super(out);
      this.tmp = tmp;
      this.target = target;
      this.overwrite = overwrite;
    }

    @Override
    public void close() throws IOException {
      if (closed) {
        return;
      }
      closed = true;
      out.close();
      moveIntoPlace(tmp, target, overwrite);
    }
  }
}
