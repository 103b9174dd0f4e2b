package dev.engagement.pipeline.lake;

import dev.engagement.pipeline.delta.DeltaTable;
import dev.engagement.pipeline.fs.LakeFiles;
import java.io.IOException;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import org.apache.flink.core.fs.FileSystem;
import org.apache.flink.core.fs.Path;

/**
 * The vacuum: each table's files that no version of the last {@code --keep-versions-days} needs
 * are deleted ({@link DeltaTable#vacuum}). After a successful run at most once a day, as Delta's
 * VACUUM is usually scheduled: it lists every table folder, which on Blob storage costs a request
 * per folder, and a file it spares today it deletes tomorrow.
 */
public final class Vacuum {
  static final Duration EVERY = Duration.ofDays(1);

  private Vacuum() {}

  /** Vacuums every table unless the last vacuum was less than a day ago; returns the files deleted. */
  public static int afterRun(LakeLayout lake, Duration keep) throws IOException {
    Path marker = lake.lastVacuumMarker();
    FileSystem fs = marker.getFileSystem();
    if (fs.exists(marker)
        && fs.getFileStatus(marker).getModificationTime() > System.currentTimeMillis() - EVERY.toMillis()) {
      return 0;
    }
    return now(lake, keep).values().stream().mapToInt(Integer::intValue).sum();
  }

  /** Vacuums every table now; returns the files deleted from each. */
  public static Map<LakeTable, Integer> now(LakeLayout lake, Duration keep) throws IOException {
    Map<LakeTable, Integer> deleted = new EnumMap<>(LakeTable.class);
    for (LakeTable table : LakeTable.values()) {
      deleted.put(table, new DeltaTable(lake.table(table)).vacuum(keep));
    }
    Path marker = lake.lastVacuumMarker();
    marker.getFileSystem().delete(marker, false);
    LakeFiles.touch(marker);
    return deleted;
  }
}
