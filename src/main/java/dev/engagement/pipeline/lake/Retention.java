package dev.engagement.pipeline.lake;

import dev.engagement.pipeline.delta.DataFile;
import dev.engagement.pipeline.delta.DeltaTable;
import dev.engagement.pipeline.delta.Reads;
import java.io.IOException;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Removes date partitions older than the retention: silver by LoginDate, the quality tables by
 * ErrorDate. Gold is never pruned. Runs only after a run's own commit.
 */
public final class Retention {
  private static final Logger LOG = LoggerFactory.getLogger(Retention.class);
  private static final List<LakeTable> PRUNED =
      List.of(LakeTable.SILVER, LakeTable.NULL_VIOLATIONS, LakeTable.REJECTED_ROWS);

  private Retention() {}

  /**
   * Removes the partitions dated before {@code runDate - days}, one Delta commit per table that
   * has any; their files stay for time travel until the vacuum. Returns how many partitions.
   */
  public static int prune(LakeLayout lake, LocalDate runDate, int days) throws IOException {
    LocalDate oldestKept = runDate.minusDays(days);
    int deleted = 0;
    for (LakeTable table : PRUNED) {
      String key = table.partitionKey().orElseThrow();
      Predicate<DataFile> old = file -> dateOf(file.partitionValues().get(key)).isBefore(oldestKept);
      DeltaTable delta = new DeltaTable(lake.table(table));
      long read = delta.version();
      Set<String> partitions = new TreeSet<>();
      delta.files(read).stream().filter(old).forEach(file -> partitions.add(file.partitionValues().get(key)));
      if (!partitions.isEmpty()) {
        // A DELETE by date: it removes what is old when it commits, whatever others did since.
        delta.commit(new DeltaTable.Write(null, 0, read, Reads.nothing(), List.of(), old, true, new DeltaTable.CommitInfo(
            "DELETE", Map.of("predicate", key + " < '" + oldestKept + "'"),
            Map.of("numRemovedPartitions", Integer.toString(partitions.size())))));
        LOG.info("Retention: removed {} partitions of {} older than {} days before {}: {}", partitions.size(),
            table.path(), days, runDate, partitions);
        deleted += partitions.size();
      }
    }
    return deleted;
  }

  private static LocalDate dateOf(String text) {
    if (text == null) {
      return LocalDate.MAX;
    }
    try {
      return LocalDate.parse(text);
    } catch (DateTimeParseException e) {
      return LocalDate.MAX; // not a date: never pruned
    }
  }
}
