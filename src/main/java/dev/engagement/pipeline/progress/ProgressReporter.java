package dev.engagement.pipeline.progress;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.core.fs.FileSystem;
import org.apache.flink.core.fs.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Shows a run's {@link Progress} while it runs. The figures come from the running job's own
 * accumulators, through its {@link JobClient} (an embedded cluster, or the cluster {@code flink
 * run} submitted to): {@link #ROWS_READ} and {@link #FILES_WRITTEN}. On a terminal, one line on
 * stderr updates every second; otherwise a plain line every interval, none for a shorter run.
 * Every interval the figures also go to {@code progress.json} in the pipeline's folder of the
 * lake, where {@code pipeline-status.sh} finds a run in progress.
 */
public final class ProgressReporter implements AutoCloseable {
  /** Accumulator: bronze rows the job's source has read. */
  public static final String ROWS_READ = "progress.rows-read";
  /** Accumulator: data files the job's sinks have finished. */
  public static final String FILES_WRITTEN = "progress.files-written";
  private static final Logger LOG = LoggerFactory.getLogger(ProgressReporter.class);
  private static final ObjectMapper JSON = new ObjectMapper();

  private final String runId;
  private final Path statusFile;
  private final Duration interval;
  private final PrintStream plain;
  private final TerminalLine terminal;
  private final PrintStream originalErr;
  private final ScheduledExecutorService ticks;
  private final long started = System.nanoTime();
  private final AtomicLong rowsRead = new AtomicLong();
  private final AtomicLong filesWritten = new AtomicLong();
  private final AtomicInteger tablesCommitted = new AtomicInteger();
  private final AtomicLong filesCommitted = new AtomicLong();
  private volatile Progress.Stage stage = Progress.Stage.PLANNING;
  private volatile long rowsTotal;
  private volatile int tablesTotal;
  private volatile long filesTotal;
  private volatile JobClient job;
  private volatile long jobStarted;
  private volatile boolean printed;
  private long lastStatus;

  /**
   * @param output where the lines go (stderr), or null to show nothing (the status file is kept
   *     all the same)
   */
  private ProgressReporter(String runId, Path statusFile, Duration interval, PrintStream output, boolean onTerminal) {
    this.runId = runId;
    this.statusFile = statusFile;
    this.interval = interval;
    this.originalErr = System.err;
    this.terminal = output != null && onTerminal ? new TerminalLine(output) : null;
    this.plain = output != null && !onTerminal ? output : null;
    if (terminal != null && output == System.err) {
      System.setErr(new PrintStream(terminal, true));
    }
    this.ticks = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "run-progress");
      t.setDaemon(true);
      return t;
    });
    long period = terminal != null ? 1000 : interval.toMillis();
    ticks.scheduleAtFixedRate(this::tick, period, period, TimeUnit.MILLISECONDS);
  }

  /** Shows progress on {@code err} if {@code show}, as a terminal line if stderr is one. */
  public static ProgressReporter start(String runId, Path statusFile, Duration interval, boolean show, PrintStream err) {
    return new ProgressReporter(runId, statusFile, interval, show ? err : null, show && stderrIsTerminal());
  }

  /** The job is submitted; it reads {@code rows} bronze rows. */
  public void job(JobClient client, long rows) {
    rowsTotal = rows;
    jobStarted = System.nanoTime();
    job = client;
    stage = Progress.Stage.READING;
  }

  /** The job finished with these accumulators. */
  public void jobFinished(Map<String, Object> accumulators) {
    job = null;
    update(accumulators);
  }

  public void committing(int tables, long files) {
    tablesTotal = tables;
    filesTotal = files;
    stage = Progress.Stage.COMMITTING;
  }

  public void tableCommitted(long files) {
    tablesCommitted.incrementAndGet();
    filesCommitted.addAndGet(files);
  }

  private Progress progress() {
    long now = System.nanoTime();
    return new Progress(stage, Duration.ofNanos(now - started), Duration.ofNanos(jobStarted == 0 ? 0 : now - jobStarted),
        rowsRead.get(), rowsTotal,
        filesWritten.get(), tablesCommitted.get(), tablesTotal, filesCommitted.get(), filesTotal);
  }

  private void tick() {
    try {
      JobClient client = job;
      if (client != null) {
        update(client.getAccumulators().get(interval.toMillis(), TimeUnit.MILLISECONDS));
      }
      Progress now = progress();
      if (terminal != null) {
        terminal.show(now.line());
      } else if (plain != null) {
        plain.println(now.line());
        printed = true;
      }
      if (System.nanoTime() - lastStatus >= interval.toNanos()) {
        lastStatus = System.nanoTime();
        writeStatus(now);
      }
    } catch (Exception e) {
      LOG.debug("Run {}: no progress this time: {}", runId, e.toString());
    }
  }

  private void update(Map<String, Object> accumulators) {
    if (accumulators.get(ROWS_READ) instanceof Long rows) {
      rowsRead.set(rows);
    }
    if (accumulators.get(FILES_WRITTEN) instanceof Long files) {
      filesWritten.set(files);
    }
    if (stage == Progress.Stage.READING && rowsRead.get() >= rowsTotal) {
      stage = Progress.Stage.WRITING;
    }
  }

  private void writeStatus(Progress now) throws IOException {
    ObjectNode status = JSON.createObjectNode().put("runId", runId).put("stage", now.stage().label)
        .put("rowsRead", now.rowsRead()).put("rowsTotal", now.rowsTotal()).put("filesWritten", now.filesWritten())
        .put("tablesCommitted", now.tablesCommitted()).put("tablesTotal", now.tablesTotal())
        .put("filesCommitted", now.filesCommitted()).put("filesTotal", now.filesTotal())
        .put("updated", Instant.now().toString()).put("line", now.line());
    try (OutputStream out = statusFile.getFileSystem().create(statusFile, FileSystem.WriteMode.OVERWRITE)) {
      out.write(JSON.writeValueAsBytes(status));
    }
  }

  /** Ends the display with the run's last figures; removes the status file. */
  @Override
  public void close() {
    ticks.shutdownNow();
    try {
      ticks.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    if (stage == Progress.Stage.COMMITTING && tablesCommitted.get() == tablesTotal) {
      stage = Progress.Stage.DONE;
    }
    if (terminal != null) {
      terminal.show(progress().line());
      terminal.end();
      System.setErr(originalErr);
    } else if (plain != null && printed) {
      plain.println(progress().line());
    }
    try {
      statusFile.getFileSystem().delete(statusFile, false);
    } catch (IOException e) {
      LOG.debug("Run {}: could not remove {}: {}", runId, statusFile, e.toString());
    }
  }

  /** Whether stderr is a terminal: on Linux, what file descriptor 2 links to; else a console. */
  static boolean stderrIsTerminal() {
    try {
      String target = Files.readSymbolicLink(Paths.get("/proc/self/fd/2")).toString();
      return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty");
    } catch (IOException | UnsupportedOperationException | SecurityException e) {
      return System.console() != null;
    }
  }
}
