package dev.engagement.pipeline.commit;

import dev.engagement.pipeline.delta.DataFile;
import dev.engagement.pipeline.fs.LakeFiles;
import dev.engagement.pipeline.fs.ParallelFiles;
import dev.engagement.pipeline.parquet.WrittenFile;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.connector.file.table.FileSystemConnectorOptions;
import org.apache.flink.core.fs.FileStatus;
import org.apache.flink.core.fs.FileSystem;
import org.apache.flink.core.fs.Path;
import org.apache.flink.table.utils.PartitionPathUtils;

/**
 * The data files a run's job wrote into a table folder: as the job reported them, the files its
 * commit adds; found by their names ({@code part-<run id>-task-...}), for a run that never
 * committed, the files to delete.
 *
 * @param rows the rows in them
 */
public record RunFiles(List<DataFile> files, long rows) {
  private static final String NULL_PARTITION = FileSystemConnectorOptions.PARTITION_DEFAULT_NAME.defaultValue();

  /** What every data file of the run is named from. */
  public static String prefix(String runId) {
    return "part-" + runId;
  }

  /** The files the job reported writing into {@code table} (its sink's accumulator). */
  public static RunFiles of(Path table, List<WrittenFile> written) {
    List<DataFile> files = new ArrayList<>();
    long rows = 0;
    for (WrittenFile file : written) {
      Path path = new Path(file.path());
      files.add(new DataFile(LakeFiles.relativize(table, path), partitionValues(table, path), file.size(),
          file.modificationTime(), file.footer()));
      rows += file.rows();
    }
    return new RunFiles(files, rows);
  }

  /**
   * Deletes the run's files from the table (a run that never committed), and the folders that
   * leaves empty: partitions, and the table's (and its layer's) folder while it has no Delta log.
   */
  public static void delete(Path table, String runId) throws IOException {
    FileSystem fs = table.getFileSystem();
    List<FileStatus> files = list(table, runId);
    ParallelFiles.forEach(files, file -> fs.delete(file.getPath(), false));
    for (Path folder : files.stream().map(f -> f.getPath().getParent()).distinct().toList()) {
      for (Path p = folder; !p.equals(table.getParent().getParent()); p = p.getParent()) {
        LakeFiles.deleteIfEmpty(p);
      }
    }
  }

  private static List<FileStatus> list(Path table, String runId) throws IOException {
    String prefix = prefix(runId) + "-";
    return LakeFiles.listDataFiles(table).stream().filter(f -> f.getPath().getName().startsWith(prefix)).toList();
  }

  /** The Hive-style folders of a file ({@code CourseID=C%3A1}), unescaped as Flink escaped them. */
  private static Map<String, String> partitionValues(Path table, Path file) {
    Map<String, String> values = new LinkedHashMap<>();
    String relative = LakeFiles.relativize(table, file);
    String[] folders = relative.split("/");
    for (int i = 0; i < folders.length - 1; i++) {
      String[] kv = folders[i].split("=", 2);
      String value = PartitionPathUtils.unescapePathName(kv[1]);
      values.put(PartitionPathUtils.unescapePathName(kv[0]), NULL_PARTITION.equals(value) ? null : value);
    }
    return values;
  }
}
