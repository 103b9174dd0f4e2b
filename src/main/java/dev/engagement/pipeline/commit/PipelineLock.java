package dev.engagement.pipeline.commit;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.engagement.pipeline.fs.ExclusiveCreate;
import dev.engagement.pipeline.fs.LakeFiles;
import dev.engagement.pipeline.lake.LakeLayout;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
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
 * One run of a pipeline at a time: {@code _pipeline/<name>/LOCK} names its holder and is created
 * only if absent, decided by the storage ({@link ExclusiveCreate}). The holder never rewrites it:
 * it shows it is alive by rewriting a heartbeat file of its own every {@link #HEARTBEAT}. A lock
 * whose holder's heartbeat is older than the timeout, or whose holder's process on this host is
 * gone, was left by a crashed run and is taken over; of several runs that find it so, only the one
 * that creates the takeover file for that holder goes on, and it checks the lock still names that
 * holder before it replaces it. A run checks that it still holds the lock right before its commit
 * point, and releases only a lock that names it.
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

  /** What the lock file and a heartbeat say. */
  public record Holder(String runId, String host, long pid, String heartbeat) {}

  private final LakeLayout lake;
  private final Holder holder;
  private final Duration timeout;
  private final ScheduledExecutorService heartbeat;
  private volatile long lastHeartbeat = System.currentTimeMillis();

  private PipelineLock(LakeLayout lake, Holder holder, Duration timeout) throws IOException {
    this.lake = lake;
    this.holder = holder;
    this.timeout = timeout;
    refresh();
    this.heartbeat = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "pipeline-lock-heartbeat");
      t.setDaemon(true);
      return t;
    });
    heartbeat.scheduleAtFixedRate(this::heartbeat, HEARTBEAT.toSeconds(), HEARTBEAT.toSeconds(), TimeUnit.SECONDS);
  }

  /** Takes the lock, or fails with a message naming the run that holds it. */
  public static PipelineLock acquire(LakeLayout lake, String runId, Duration timeout) throws IOException {
    Path file = lake.lockFile();
    file.getFileSystem().mkdirs(lake.pipelineDir());
    Holder me = holder(runId);
    CrashPoints.reached("lock-create");
    if (!ExclusiveCreate.create(file, JSON.writeValueAsBytes(me))) {
      Holder other = read(file);
      FileSystem fs = file.getFileSystem();
      Path alive = other == null ? file : lake.heartbeatFile(other.runId());
      if (!isGone(other, fs.exists(alive) ? alive : file, timeout)) {
        throw held(lake, other);
      }
      CrashPoints.reached("lock-takeover");
      takeOver(lake, other, me, timeout);
    }
    return new PipelineLock(lake, me, timeout);
  }

  private static Held held(LakeLayout lake, Holder other) {
    return new Held("pipeline " + lake.pipelineName() + " is already running ("
        + (other == null ? "lock being written" : "run " + other.runId() + " on " + other.host()
            + ", pid " + other.pid()) + "); lock " + lake.lockFile());
  }

  /**
   * Replaces the stale lock of {@code stale} by {@code me}. The takeover file for that holder is
   * created exclusively: one taker wins it; the others (and a taker that finds the lock changed
   * meanwhile) are refused as if the lock were held.
   */
  private static void takeOver(LakeLayout lake, Holder stale, Holder me, Duration timeout) throws IOException {
    String staleId = stale == null ? "unreadable" : stale.runId();
    Path takeover = lake.takeoverFile(staleId);
    FileSystem fs = takeover.getFileSystem();
    if (!ExclusiveCreate.create(takeover, JSON.writeValueAsBytes(me))) {
      if (!isGone(read(takeover), takeover, timeout)) {
        throw new Held("pipeline " + lake.pipelineName() + ": another run is taking over the lock left by "
            + staleId + "; lock " + lake.lockFile());
      }
      fs.delete(takeover, false); // its taker died taking over
      if (!ExclusiveCreate.create(takeover, JSON.writeValueAsBytes(me))) {
        throw held(lake, stale);
      }
    }
    try {
      Holder now = read(lake.lockFile());
      if (now == null ? stale != null : !now.equals(stale)) {
        throw held(lake, now);
      }
      LOG.warn("Taking over the lock {} left by {}", lake.lockFile(), stale);
      fs.delete(lake.lockFile(), false);
      if (stale != null) {
        fs.delete(lake.heartbeatFile(stale.runId()), false);
      }
      if (!ExclusiveCreate.create(lake.lockFile(), JSON.writeValueAsBytes(me))) {
        throw held(lake, read(lake.lockFile()));
      }
    } finally {
      fs.delete(takeover, false);
    }
  }

  private static Holder holder(String runId) throws IOException {
    return new Holder(runId, InetAddress.getLocalHost().getHostName(),
        ProcessHandle.current().pid(), Instant.now().toString());
  }

  /** {@code holder}'s process on this host is gone, or {@code alive} (its latest sign of life) is older than the timeout. */
  static boolean isGone(Holder holder, Path alive, Duration timeout) throws IOException {
    if (holder != null && holder.host().equals(InetAddress.getLocalHost().getHostName())
        && ProcessHandle.of(holder.pid()).map(p -> !p.isAlive()).orElse(true)) {
      return true;
    }
    return olderThan(alive.getFileSystem(), alive, timeout);
  }

  private static boolean olderThan(FileSystem fs, Path file, Duration age) throws IOException {
    try {
      long modified = fs.getFileStatus(file).getModificationTime();
      return Instant.ofEpochMilli(modified).plus(age).isBefore(Instant.now());
    } catch (FileNotFoundException gone) {
      return true;
    }
  }

  private static Holder read(Path file) {
    try {
      return JSON.readValue(LakeFiles.readString(file).getBytes(StandardCharsets.UTF_8), Holder.class);
    } catch (IOException e) {
      return null; // gone, or being written: only its age can tell
    }
  }

  /**
   * Fails (as {@link Held}) unless the lock still names this run and its heartbeat was written
   * within the timeout, so that no other run can have taken it over: called right before the
   * commit point.
   */
  public void checkHeld() {
    Holder now = read(lake.lockFile());
    if (now == null || !now.runId().equals(holder.runId())) {
      throw new Held("run " + holder.runId() + " lost the lock " + lake.lockFile() + " before its commit point ("
          + (now == null ? "it is gone" : "run " + now.runId() + " on " + now.host() + " holds it now")
          + "); nothing of this run was committed");
    }
    if (System.currentTimeMillis() - lastHeartbeat > timeout.toMillis()) {
      throw new Held("run " + holder.runId() + " could not refresh its lock " + lake.lockFile() + " for longer than the"
          + " lock timeout, so another run may have taken it over; nothing of this run was committed");
    }
  }

  private void heartbeat() {
    try {
      refresh();
    } catch (IOException e) {
      LOG.warn("Could not refresh the lock {}: {}", lake.lockFile(), e.getMessage());
    }
  }

  /** Rewrites this run's own heartbeat file; nobody else writes it. */
  private void refresh() throws IOException {
    Holder now = new Holder(holder.runId(), holder.host(), holder.pid(), Instant.now().toString());
    Path file = lake.heartbeatFile(holder.runId());
    try (OutputStream out = file.getFileSystem().create(file, FileSystem.WriteMode.OVERWRITE)) {
      out.write(JSON.writeValueAsBytes(now));
    }
    lastHeartbeat = System.currentTimeMillis();
  }

  @Override
  public void close() throws IOException {
    heartbeat.shutdownNow();
    FileSystem fs = lake.lockFile().getFileSystem();
    Holder now = read(lake.lockFile());
    if (now != null && now.runId().equals(holder.runId())) {
      fs.delete(lake.lockFile(), false);
    } else {
      LOG.warn("Run {} no longer holds the lock {} ({}): left as it is", holder.runId(), lake.lockFile(), now);
    }
    fs.delete(lake.heartbeatFile(holder.runId()), false);
  }
}
