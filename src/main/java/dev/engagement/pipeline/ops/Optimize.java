package dev.engagement.pipeline.ops;

import dev.engagement.pipeline.lake.Compaction;
import dev.engagement.pipeline.lake.LakeLayout;
import dev.engagement.pipeline.lake.LakeTable;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code optimize}: compacts every table of the lake ({@link Compaction}), without the pipeline's
 * lock: runs go on while it works, and each side commits over the other's changes.
 */
public final class Optimize {
  private Optimize() {}

  /** Compacts the six tables, one after the other; returns what each compaction did. */
  public static List<Compaction.Result> optimize(LakeLayout lake, long targetBytes) throws IOException {
    String id = "optimize-" + Instant.now().toEpochMilli();
    List<Compaction.Result> results = new ArrayList<>();
    for (LakeTable table : LakeTable.values()) {
      results.add(Compaction.compact(lake, table, targetBytes, id, false));
    }
    return results;
  }

  /** One line per table: its files before and after. */
  public static String describe(List<Compaction.Result> results) {
    StringBuilder out = new StringBuilder();
    for (Compaction.Result r : results) {
      out.append(String.format("%-34s %6d files -> %6d (%d compacted into %d)%n", r.table().path(), r.filesBefore(),
          r.filesAfter(), r.filesRemoved(), r.filesAdded()));
    }
    return out.toString();
  }
}
