package dev.engagement.pipeline.delta;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.flink.core.fs.FSDataInputStream;
import org.apache.flink.core.fs.FileStatus;
import org.apache.flink.core.fs.FileSystem;
import org.apache.flink.core.fs.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Checkpoints cut off mid-write by a crashed writer of an earlier build, which wrote them in place
 * under their final name. Kernel would read such a file as the table's checkpoint and fail, every
 * time (delta-spark falls back to an earlier checkpoint, Kernel does not), so the log's listing
 * leaves it out and deletes it: the table reads from the checkpoint before it and the commits
 * since, and the next checkpoint is written afresh. A checkpoint is complete when its parquet
 * tail is (the footer's length and the {@code PAR1} magic, written last); each one is read once
 * per process, as a checkpoint never changes.
 */
final class IncompleteCheckpoints {
  private static final Logger LOG = LoggerFactory.getLogger(IncompleteCheckpoints.class);
  private static final byte[] MAGIC = "PAR1".getBytes(StandardCharsets.US_ASCII);
  private static final int TAIL = 8; // footer length (int, little-endian) + magic
  private static final Set<String> COMPLETE = ConcurrentHashMap.newKeySet();

  private IncompleteCheckpoints() {}

  /** Whether a listed file of the log is one to show Kernel: anything but an incomplete checkpoint. */
  static boolean usable(FileSystem fs, FileStatus file) throws IOException {
    Path path = file.getPath();
    if (!isCheckpoint(path.getName()) || COMPLETE.contains(key(file))) {
      return true;
    }
    try {
      if (isComplete(fs, file)) {
        return true;
      }
    } catch (FileNotFoundException e) {
      return false; // deleted since the listing (the log's clean-up)
    }
    LOG.warn("{} is an incomplete checkpoint ({} bytes, no parquet footer), left by a writer that stopped while"
        + " writing it: ignored and deleted, the table is read from the commits", path, file.getLen());
    try {
      fs.delete(path, false);
    } catch (IOException e) {
      LOG.warn("Could not delete {} ({}): it stays ignored", path, e.toString());
    }
    return false;
  }

  private static boolean isCheckpoint(String name) {
    return !name.startsWith(".") && name.contains(".checkpoint.") && name.endsWith(".parquet");
  }

  private static boolean isComplete(FileSystem fs, FileStatus file) throws IOException {
    long length = file.getLen();
    if (length < MAGIC.length + TAIL) {
      return false;
    }
    byte[] tail = new byte[TAIL];
    try (FSDataInputStream in = fs.open(file.getPath())) {
      in.seek(length - TAIL);
      int read = 0;
      while (read < TAIL) {
        int n = in.read(tail, read, TAIL - read);
        if (n < 0) {
          return false;
        }
        read += n;
      }
    }
    int footerLength = ByteBuffer.wrap(tail, 0, 4).order(ByteOrder.LITTLE_ENDIAN).getInt();
    boolean complete = Arrays.equals(tail, 4, TAIL, MAGIC, 0, MAGIC.length)
        && footerLength > 0 && footerLength <= length - TAIL - MAGIC.length;
    if (complete) {
      COMPLETE.add(key(file));
    }
    return complete;
  }

  private static String key(FileStatus file) {
    return file.getPath() + "@" + file.getLen();
  }
}
