package dev.engagement.pipeline.commit;

import dev.engagement.pipeline.fs.LakeFiles;
import dev.engagement.pipeline.fs.ParallelFiles;
import dev.engagement.pipeline.lake.LakeTable;
import dev.engagement.pipeline.parquet.ParquetFooters;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.flink.core.fs.FileStatus;
import org.apache.flink.core.fs.FileSystem;
import org.apache.flink.core.fs.Path;

/**
 * What a run's job wrote for one table, sealed for commit: data files carry a {@code .parquet}
 * suffix, every partition folder and the table folder hold a {@code _SUCCESS} marker, and the
 * row count comes from the parquet footers.
 *
 * @param files data files, relative to the staged table folder
 * @param partitions partition folders (e.g. {@code CourseID=C1}), relative likewise
 */
public record StagedTable(LakeTable table, long rows, List<String> files, List<String> partitions) {
  public static final String SUCCESS = "_SUCCESS";
  private static final String SUFFIX = ".parquet";

  public static StagedTable seal(LakeTable table, Path dir) throws IOException {
    FileSystem fs = dir.getFileSystem();
    fs.mkdirs(dir);
    List<FileStatus> named = new ArrayList<>();
    List<String> files = new ArrayList<>();
    Set<String> partitions = new LinkedHashSet<>();
    for (FileStatus file : LakeFiles.listDataFiles(dir)) {
      Path path = file.getPath();
      if (!path.getName().endsWith(SUFFIX)) {
        Path withSuffix = new Path(path.getParent(), path.getName() + SUFFIX);
        LakeFiles.rename(path, withSuffix);
        file = fs.getFileStatus(withSuffix);
        path = withSuffix;
      }
      named.add(file);
      String relative = LakeFiles.relativize(dir, path);
      files.add(relative);
      int slash = relative.lastIndexOf('/');
      if (slash > 0) {
        partitions.add(relative.substring(0, slash));
      }
    }
    AtomicLong rows = new AtomicLong();
    ParallelFiles.forEach(named, file -> rows.addAndGet(ParquetFooters.rowCount(fs, file)));
    ParallelFiles.forEach(partitions, partition -> LakeFiles.touch(new Path(new Path(dir, partition), SUCCESS)));
    LakeFiles.touch(new Path(dir, SUCCESS));
    return new StagedTable(table, rows.get(), files, List.copyOf(partitions));
  }
}
