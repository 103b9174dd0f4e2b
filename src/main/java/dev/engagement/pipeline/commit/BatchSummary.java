package dev.engagement.pipeline.commit;

import dev.engagement.pipeline.parquet.ParquetRecords;
import java.io.IOException;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.flink.core.fs.Path;

/**
 * The one-row summary a run's job writes next to its staged tables: how many bronze rows it read
 * and the greatest valid LastModifiedDate among them, which becomes the watermark.
 */
public record BatchSummary(long bronzeRows, Optional<LocalDateTime> maxLastModifiedDate) {

  public static BatchSummary read(Path folder) throws IOException {
    List<Map<String, Object>> rows = ParquetRecords.read(folder);
    if (rows.size() != 1) {
      throw new IOException("expected one summary row in " + folder + ", found " + rows.size());
    }
    Map<String, Object> row = rows.get(0);
    return new BatchSummary((Long) row.get("BronzeRows"),
        Optional.ofNullable((LocalDateTime) row.get("MaxLastModifiedDate")));
  }
}
