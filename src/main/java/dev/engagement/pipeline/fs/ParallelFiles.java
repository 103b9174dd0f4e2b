package dev.engagement.pipeline.fs;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Independent file operations, several at a time. On Blob storage and ADLS each rename, footer
 * read or marker is one or more HTTP round trips, and a commit does thousands of them (1M rows
 * on the emulator: 250 s one at a time, docs/performance.md).
 */
public final class ParallelFiles {
  /** Operations in flight: enough to hide an object store's latency, few enough for a local disk. */
  static final int THREADS = 8;

  private ParallelFiles() {}

  @FunctionalInterface
  public interface Action<T> {
    void apply(T item) throws IOException;
  }

  /**
   * Applies {@code action} to every item, {@value #THREADS} at a time, and returns when all are
   * done, so no operation is still in flight when it throws the first failure (the others added
   * as suppressed).
   */
  public static <T> void forEach(Collection<T> items, Action<T> action) throws IOException {
    if (items.size() <= 1) {
      for (T item : items) {
        action.apply(item);
      }
      return;
    }
    AtomicInteger threads = new AtomicInteger();
    ExecutorService pool = Executors.newFixedThreadPool(Math.min(THREADS, items.size()), task -> {
      Thread thread = new Thread(task, "lake-files-" + threads.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    });
    try {
      List<Future<?>> running = new ArrayList<>();
      for (T item : items) {
        running.add(pool.submit(() -> {
          action.apply(item);
          return null;
        }));
      }
      Throwable failure = null;
      for (Future<?> f : running) {
        try {
          f.get();
        } catch (ExecutionException e) {
          if (failure == null) {
            failure = e.getCause();
          } else {
            failure.addSuppressed(e.getCause());
          }
        }
      }
      if (failure instanceof IOException io) {
        throw io;
      } else if (failure instanceof RuntimeException runtime) {
        throw runtime;
      } else if (failure instanceof Error error) {
        throw error;
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while waiting for file operations");
    } finally {
      pool.shutdownNow();
    }
  }
}
