package dev.engagement.pipeline.lake;

import dev.engagement.pipeline.delta.DeltaTable;
import dev.engagement.pipeline.fs.LakeFiles;
import java.io.IOException;
import java.time.Duration;
import org.apache.flink.core.fs.FileSystem;
import org.apache.flink.core.fs.Path;

/**
 * The vacuum after a successful run: each table's files that no version of the last
 * {@code --keep-versions-days} needs are deleted ({@link DeltaTable#vacuum}). At most once a day,
 * as Delta's VACUUM is usually scheduled: it lists every table folder, which on Blob storage costs
 * a request per folder, and a file it spares today it deletes tomorrow.
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
    int deleted = 0;
    for (LakeTable table : LakeTable.values()) {
      deleted += new DeltaTable(lake.table(table)).vacuum(keep);
    }
    fs.delete(marker, false);
    LakeFiles.touch(marker);
    return deleted;
  }
}
