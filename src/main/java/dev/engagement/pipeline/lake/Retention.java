package dev.engagement.pipeline.lake;

import dev.engagement.pipeline.fs.LakeFiles;
import java.io.IOException;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.List;
import org.apache.flink.core.fs.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deletes date partitions older than the retention: silver by LoginDate, the quality tables by
 * ErrorDate. Gold is never pruned. Runs only after a run's own commit.
 */
public final class Retention {
  private static final Logger LOG = LoggerFactory.getLogger(Retention.class);
  private static final List<LakeTable> PRUNED =
      List.of(LakeTable.SILVER, LakeTable.NULL_VIOLATIONS, LakeTable.REJECTED_ROWS);

  private Retention() {}

  /** Deletes the partitions dated before {@code runDate - days}; returns how many. */
  public static int prune(LakeLayout lake, LocalDate runDate, int days) throws IOException {
    LocalDate oldestKept = runDate.minusDays(days);
    int deleted = 0;
    for (LakeTable table : PRUNED) {
      String prefix = table.partitionKey().orElseThrow() + "=";
      for (Path partition : LakeFiles.listDirs(lake.table(table))) {
        String name = partition.getName();
        if (name.startsWith(prefix) && dateOf(name.substring(prefix.length())).isBefore(oldestKept)) {
          LakeFiles.deleteRecursively(partition);
          LOG.info("Retention: deleted {} (older than {} days before {})", partition, days, runDate);
          deleted++;
        }
      }
    }
    return deleted;
  }

  private static LocalDate dateOf(String text) {
    try {
      return LocalDate.parse(text);
    } catch (DateTimeParseException e) {
      return LocalDate.MAX; // not a date: never pruned
    }
  }
}
