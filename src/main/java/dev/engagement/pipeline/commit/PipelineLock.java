package dev.engagement.pipeline.commit;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.engagement.pipeline.fs.LakeFiles;
import dev.engagement.pipeline.lake.LakeLayout;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.flink.core.fs.FileSystem;
import org.apache.flink.core.fs.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One run of a pipeline at a time: {@code _pipeline/<name>/LOCK}, created exclusively, names its
 * holder and is refreshed every {@link #HEARTBEAT}. A lock whose heartbeat is older than the
 * timeout, or whose holder's process on this host is gone, was left by a crashed run and is
 * taken over.
 */
public final class PipelineLock implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(PipelineLock.class);
  static final Duration HEARTBEAT = Duration.ofSeconds(20);
  private static final ObjectMapper JSON = new ObjectMapper();

  /** Another run holds the lock. */
  public static final class Held extends RuntimeException {
    Held(String message) {
      super(message);
    }
  }

  /** What the lock file says. */
  public record Holder(String runId, String host, long pid, String heartbeat) {}

  private final Path file;
  private final Holder holder;
  private final ScheduledExecutorService heartbeat;

  private PipelineLock(Path file, Holder holder) {
    this.file = file;
    this.holder = holder;
    this.heartbeat = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "pipeline-lock-heartbeat");
      t.setDaemon(true);
      return t;
    });
    heartbeat.scheduleAtFixedRate(this::refresh, HEARTBEAT.toSeconds(), HEARTBEAT.toSeconds(), TimeUnit.SECONDS);
  }

  /** Takes the lock, or fails with a message naming the run that holds it. */
  public static PipelineLock acquire(LakeLayout lake, String runId, Duration timeout) throws IOException {
    Path file = new Path(lake.pipelineDir(), "LOCK");
    file.getFileSystem().mkdirs(lake.pipelineDir());
    Holder me = holder(runId);
    if (!createExclusively(file, me)) {
      Holder other = read(file);
      if (!isStale(file, other, timeout)) {
        throw new Held("pipeline " + lake.pipelineName() + " is already running ("
            + (other == null ? "lock being refreshed" : "run " + other.runId() + " on " + other.host()
                + ", pid " + other.pid()) + "); lock " + file);
      }
      LOG.warn("Taking over the lock {} left by {}", file, other);
      file.getFileSystem().delete(file, false);
      if (!createExclusively(file, me)) {
        throw new Held("pipeline " + lake.pipelineName() + " was started twice at once; lock " + file);
      }
    }
    return new PipelineLock(file, me);
  }

  private static Holder holder(String runId) throws IOException {
    return new Holder(runId, InetAddress.getLocalHost().getHostName(),
        ProcessHandle.current().pid(), Instant.now().toString());
  }

  /** Its holder's process on this host is gone, or the file was not refreshed within the timeout. */
  static boolean isStale(Path file, Holder other, Duration timeout) throws IOException {
    if (other != null && other.host().equals(InetAddress.getLocalHost().getHostName())
        && ProcessHandle.of(other.pid()).map(p -> !p.isAlive()).orElse(true)) {
      return true;
    }
    try {
      long modified = file.getFileSystem().getFileStatus(file).getModificationTime();
      return Instant.ofEpochMilli(modified).plus(timeout).isBefore(Instant.now());
    } catch (java.io.FileNotFoundException gone) {
      return true;
    }
  }

  /**
   * Creates the lock file only if there is none: atomic on a local disk (O_EXCL); elsewhere
   * Flink's NO_OVERWRITE, which ABFS and WASB implement as a conditional create.
   */
  private static boolean createExclusively(Path file, Holder holder) throws IOException {
    byte[] content = JSON.writeValueAsBytes(holder);
    FileSystem fs = file.getFileSystem();
    if (!fs.isDistributedFS() && "file".equals(file.toUri().getScheme())) {
      try {
        Files.write(Paths.get(file.toUri()), content, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        return true;
      } catch (FileAlreadyExistsException e) {
        return false;
      }
    }
    if (fs.exists(file)) {
      return false;
    }
    try (OutputStream out = fs.create(file, FileSystem.WriteMode.NO_OVERWRITE)) {
      out.write(content);
      return true;
    } catch (IOException e) {
      if (fs.exists(file)) {
        return false;
      }
      throw e;
    }
  }

  private static Holder read(Path file) {
    try {
      return JSON.readValue(LakeFiles.readString(file).getBytes(StandardCharsets.UTF_8), Holder.class);
    } catch (IOException e) {
      return null; // gone, or being rewritten: only its age can tell
    }
  }

  private void refresh() {
    try {
      Holder now = new Holder(holder.runId(), holder.host(), holder.pid(), Instant.now().toString());
      try (OutputStream out = file.getFileSystem().create(file, FileSystem.WriteMode.OVERWRITE)) {
        out.write(JSON.writeValueAsBytes(now));
      }
    } catch (IOException e) {
      LOG.warn("Could not refresh the lock {}: {}", file, e.getMessage());
    }
  }

  @Override
  public void close() throws IOException {
    heartbeat.shutdownNow();
    file.getFileSystem().delete(file, false);
  }
}
