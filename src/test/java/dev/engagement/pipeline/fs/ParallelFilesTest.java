package dev.engagement.pipeline.fs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class ParallelFilesTest {
  private static final List<Integer> ITEMS = IntStream.range(0, 100).boxed().toList();

  @Test
  void appliesTheActionToEveryItemOnSeveralThreads() throws IOException {
    Set<Integer> done = ConcurrentHashMap.newKeySet();
    Set<String> threads = ConcurrentHashMap.newKeySet();
    ParallelFiles.forEach(ITEMS, item -> {
      threads.add(Thread.currentThread().getName());
      sleepBriefly();
      done.add(item);
    });
    assertThat(done).containsExactlyInAnyOrderElementsOf(ITEMS);
    assertThat(threads).hasSizeBetween(2, ParallelFiles.THREADS);
  }

  @Test
  void throwsTheFirstFailureOnlyAfterEveryOtherItemIsDone() {
    Set<Integer> done = ConcurrentHashMap.newKeySet();
    assertThatThrownBy(() -> ParallelFiles.forEach(ITEMS, item -> {
      if (item == 10) {
        throw new IOException("rename 10 failed");
      }
      sleepBriefly();
      done.add(item);
    })).isInstanceOf(IOException.class).hasMessage("rename 10 failed");
    assertThat(done).hasSize(99).doesNotContain(10);
  }

  private static void sleepBriefly() {
    try {
      Thread.sleep(2);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
