package dev.engagement.pipeline.commit;

import dev.engagement.pipeline.delta.DeltaTable;
import dev.engagement.pipeline.fs.LakeFiles;
import dev.engagement.pipeline.lake.LakeLayout;
import dev.engagement.pipeline.lake.LakeTable;
import java.io.IOException;
import java.util.EnumMap;
import java.util.Map;

/** The lake's six tables as Delta tables, and the run number the next commit carries. */
public final class LakeTables {
  private final Map<LakeTable, DeltaTable> tables;
  private final String pipelineName;

  private LakeTables(Map<LakeTable, DeltaTable> tables, String pipelineName) {
    this.tables = tables;
    this.pipelineName = pipelineName;
  }

  /**
   * The tables of {@code lake}. A table folder that holds data files but no Delta log was written
   * by a release before the lake's tables were Delta tables: refused, with how to move on.
   */
  public static LakeTables open(LakeLayout lake) throws IOException {
    Map<LakeTable, DeltaTable> tables = new EnumMap<>(LakeTable.class);
    for (LakeTable table : LakeTable.values()) {
      DeltaTable delta = new DeltaTable(lake.table(table));
      if (!delta.hasLog() && !LakeFiles.listDataFiles(delta.root()).isEmpty()) {
        throw new IllegalArgumentException("--lake " + lake.root() + ": " + delta.root() + " holds parquet files but"
            + " no Delta log (a lake written before its tables were Delta tables); move the lake aside and run"
            + " --mode full over all of bronze into a new one (docs/lake.md, \"Upgrading a lake\")");
      }
      tables.put(table, delta);
    }
    return new LakeTables(tables, lake.pipelineName());
  }

  public DeltaTable get(LakeTable table) {
    return tables.get(table);
  }

  /** One more than the greatest run number the pipeline has committed to any table. */
  public long nextTransaction() {
    return tables.values().stream().mapToLong(t -> t.committedTransaction(pipelineName)).max().orElse(-1) + 1;
  }
}
