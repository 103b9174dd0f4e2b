package dev.engagement.pipeline.lake;

import java.io.IOException;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.flink.core.fs.FileStatus;
import org.apache.flink.core.fs.Path;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.hadoop.ParquetReader;
import org.apache.parquet.hadoop.api.ReadSupport;
import org.apache.parquet.hadoop.example.GroupReadSupport;

/**
 * The one-row summary a run's job writes next to its staged tables: how many bronze rows it read
 * and the greatest valid LastModifiedDate among them, which becomes the watermark.
 */
public record BatchSummary(long bronzeRows, Optional<LocalDateTime> maxLastModifiedDate) {

  public static BatchSummary read(Path folder) throws IOException {
    List<Group> rows = new ArrayList<>();
    for (FileStatus file : LakeFiles.listDataFiles(folder)) {
      try (ParquetReader<Group> reader = new GroupReader(new FlinkInputFile(folder.getFileSystem(), file)).build()) {
        for (Group row = reader.read(); row != null; row = reader.read()) {
          rows.add(row);
        }
      }
    }
    if (rows.size() != 1) {
      throw new IOException("expected one summary row in " + folder + ", found " + rows.size());
    }
    Group row = rows.get(0);
    Optional<LocalDateTime> max = row.getFieldRepetitionCount("MaxLastModifiedDate") == 0
        ? Optional.empty()
        : Optional.of(epochMillis(row.getLong("MaxLastModifiedDate", 0)));
    return new BatchSummary(row.getLong("BronzeRows", 0), max);
  }

  private static LocalDateTime epochMillis(long millis) {
    return LocalDateTime.ofEpochSecond(
        Math.floorDiv(millis, 1000), (int) Math.floorMod(millis, 1000) * 1_000_000, ZoneOffset.UTC);
  }

  private static final class GroupReader extends ParquetReader.Builder<Group> {
    GroupReader(FlinkInputFile file) {
      super(file);
    }

    @Override
    protected ReadSupport<Group> getReadSupport() {
      return new GroupReadSupport();
    }
  }
}
