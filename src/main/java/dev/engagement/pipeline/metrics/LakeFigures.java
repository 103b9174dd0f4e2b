package dev.engagement.pipeline.metrics;

import dev.engagement.pipeline.delta.DataFile;
import dev.engagement.pipeline.delta.DeltaTable;
import dev.engagement.pipeline.lake.LakeLayout;
import dev.engagement.pipeline.lake.LakeTable;
import dev.engagement.pipeline.lake.RunLog;
import dev.engagement.pipeline.fs.LakeFiles;
import dev.engagement.pipeline.parquet.ParquetRecords;
import java.io.IOException;
import java.time.LocalDateTime;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.flink.core.fs.Path;

/**
 * What the lake says after a run: each table's current files (its Delta version's) and the
 * pipeline's last successful run, from the run log, so that no push (nor a Pushgateway that lost
 * its state) can erase it.
 *
 * @param lastSuccess the end of the latest run that succeeded, or null if none did
 */
public record LakeFigures(Map<LakeTable, TableSize> tables, LocalDateTime lastSuccess) {

  public record TableSize(long files, long bytes) {}

  public static LakeFigures read(LakeLayout lake, RunFigures run) throws IOException {
    Map<LakeTable, TableSize> tables = new LinkedHashMap<>();
    for (LakeTable table : LakeTable.values()) {
      List<DataFile> files = new DeltaTable(lake.table(table)).files();
      tables.put(table, new TableSize(files.size(), files.stream().mapToLong(DataFile::size).sum()));
    }
    return new LakeFigures(tables, lastSuccess(lake, run));
  }

  /**
   * This run's end if it succeeded, else the newest in the run log: its RunDate partitions are
   * read newest first, and only until one holds a successful run of this pipeline.
   */
  private static LocalDateTime lastSuccess(LakeLayout lake, RunFigures run) throws IOException {
    if (run.succeeded()) {
      return run.end();
    }
    List<Path> days = LakeFiles.listDirs(RunLog.runLog(lake)).stream()
        .sorted(Comparator.comparing(Path::getName).reversed()).toList();
    for (Path day : days) {
      Optional<LocalDateTime> latest = ParquetRecords.read(day).stream()
          .filter(r -> run.pipelineName().equals(r.get("PipelineName")))
          .filter(r -> RunFigures.succeeded((String) r.get("Status")))
          .map(r -> (LocalDateTime) r.get("EndTime"))
          .max(Comparator.naturalOrder());
      if (latest.isPresent()) {
        return latest.get();
      }
    }
    return null;
  }
}
