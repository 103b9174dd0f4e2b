package dev.engagement.pipeline.bronze;

import java.time.LocalDateTime;
import java.util.Optional;
import org.apache.parquet.column.statistics.Statistics;
import org.apache.parquet.hadoop.metadata.BlockMetaData;
import org.apache.parquet.hadoop.metadata.ColumnChunkMetaData;
import org.apache.parquet.hadoop.metadata.ParquetMetadata;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;

/**
 * The latest LastModifiedDate a bronze file can hold, read from the column statistics in its
 * footer: an incremental run skips the files whose bound is not after the watermark, so its cost
 * follows the new files, not all of bronze.
 *
 * <p>Only a string column gives a bound, and only when its smallest value starts with a digit:
 * then no value has leading spaces, and every value PARSE_TIMESTAMP accepts starts with
 * 'dddd-dd-dd dd:dd:dd', fixed-width fields whose text order is their time order. None is
 * therefore later than the largest value's first 19 characters, or, when the largest value is
 * longer, than those plus a fraction of a second.
 */
public final class LastModifiedBound {
  private static final String COLUMN = "LastModifiedDate";
  private static final int PLAIN_LENGTH = 19;

  private LastModifiedBound() {}

  /** The bound, or empty when the statistics cannot give one (the file is read). */
  public static Optional<LocalDateTime> of(ParquetMetadata footer) {
    Binary min = null;
    Binary max = null;
    for (BlockMetaData block : footer.getBlocks()) {
      ColumnChunkMetaData chunk = block.getColumns().stream()
          .filter(c -> c.getPath().toDotString().equals(COLUMN))
          .findFirst().orElse(null);
      if (chunk == null || chunk.getPrimitiveType().getPrimitiveTypeName() != PrimitiveTypeName.BINARY) {
        return Optional.empty();
      }
      Statistics<?> stats = chunk.getStatistics();
      if (block.getRowCount() == 0 || stats != null && !stats.isEmpty() && !stats.hasNonNullValue()) {
        continue; // no rows, or only NULLs: nothing here passes the watermark
      }
      if (stats == null || stats.isEmpty()) {
        return Optional.empty();
      }
      Binary low = (Binary) stats.genericGetMin();
      Binary high = (Binary) stats.genericGetMax();
      min = min == null || Binary.lexicographicCompare(low, min) < 0 ? low : min;
      max = max == null || Binary.lexicographicCompare(high, max) > 0 ? high : max;
    }
    if (max == null) {
      return Optional.of(LocalDateTime.MIN);
    }
    String smallest = min.toStringUsingUTF8();
    String largest = max.toStringUsingUTF8();
    if (smallest.isEmpty() || smallest.charAt(0) < '0' || largest.length() < PLAIN_LENGTH) {
      return Optional.empty();
    }
    LocalDateTime prefix = new BronzeFunctions.ParseTimestamp().eval(largest.substring(0, PLAIN_LENGTH));
    boolean fraction = largest.length() > PLAIN_LENGTH;
    return Optional.ofNullable(prefix).map(p -> fraction ? p.plusSeconds(1).minusNanos(1) : p);
  }
}
