package dev.engagement.pipeline.testing;

import java.io.IOException;
import java.net.URI;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.flink.core.fs.FSDataOutputStream;
import org.apache.flink.core.fs.FileSystem;
import org.apache.flink.core.fs.FileSystemFactory;
import org.apache.flink.core.fs.Path;
import org.apache.flink.core.fs.local.LocalFileSystem;

/**
 * {@code faulty:///path}: the local disk, except for the faults a test arms. Registered as a
 * Flink file system factory (META-INF/services), so the job, the planner and the commit all go
 * through it, in the same JVM as the test's embedded cluster.
 */
public final class FaultyFileSystem extends LocalFileSystem {
  /** The Nth rename from now on fails (0: none). */
  public static final AtomicInteger FAIL_RENAME = new AtomicInteger();
  /** The next N creations of a file whose path contains {@link #failCreateOf} fail. */
  public static final AtomicInteger FAIL_CREATES = new AtomicInteger();
  public static volatile String failCreateOf = "\0";

  private static final AtomicInteger RENAMES = new AtomicInteger();

  public static void reset() {
    FAIL_RENAME.set(0);
    FAIL_CREATES.set(0);
    failCreateOf = "\0";
    RENAMES.set(0);
  }

  /** Counts renames from now; the {@code n}th fails. */
  public static void failRename(int n) {
    RENAMES.set(0);
    FAIL_RENAME.set(n);
  }

  public static int renames() {
    return RENAMES.get();
  }

  @Override
  public URI getUri() {
    return URI.create("faulty:///");
  }

  @Override
  public boolean rename(Path src, Path dst) throws IOException {
    if (RENAMES.incrementAndGet() == FAIL_RENAME.get()) {
      throw new IOException("injected fault: rename " + src + " -> " + dst);
    }
    return super.rename(src, dst);
  }

  @Override
  public FSDataOutputStream create(Path path, WriteMode mode) throws IOException {
    if (path.toString().contains(failCreateOf) && FAIL_CREATES.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
      throw new IOException("injected fault: create " + path);
    }
    return super.create(path, mode);
  }

  /** The factory Flink finds through the service loader. */
  public static final class Factory implements FileSystemFactory {
    @Override
    public String getScheme() {
      return "faulty";
    }

    @Override
    public FileSystem create(URI fsUri) {
      return new FaultyFileSystem();
    }
  }
}
