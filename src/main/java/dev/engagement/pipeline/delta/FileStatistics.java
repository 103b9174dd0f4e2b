package dev.engagement.pipeline.delta;

import dev.engagement.pipeline.parquet.ParquetFooters;
import io.delta.kernel.expressions.Column;
import io.delta.kernel.expressions.Literal;
import io.delta.kernel.statistics.DataFileStatistics;
import io.delta.kernel.types.DataType;
import io.delta.kernel.types.DecimalType;
import io.delta.kernel.types.DoubleType;
import io.delta.kernel.types.IntegerType;
import io.delta.kernel.types.LongType;
import io.delta.kernel.types.StringType;
import io.delta.kernel.types.StructField;
import io.delta.kernel.types.StructType;
import io.delta.kernel.types.TimestampType;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.flink.core.fs.FileSystem;
import org.apache.flink.core.fs.Path;
import org.apache.parquet.column.statistics.Statistics;
import org.apache.parquet.hadoop.metadata.BlockMetaData;
import org.apache.parquet.hadoop.metadata.ColumnChunkMetaData;
import org.apache.parquet.hadoop.metadata.ParquetMetadata;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.PrimitiveType;

/**
 * A data file's Delta statistics (numRecords, and per column minValues, maxValues and
 * nullCount) from its parquet footer: what readers skip files by. Timestamps are stored in the
 * files as milliseconds and in Delta's statistics as microseconds.
 */
final class FileStatistics {
  private FileStatistics() {}

  /** The statistics of {@code file} at {@code path}: from the footer its writer reported, else from the file. */
  static DataFileStatistics of(DataFile file, Path path, StructType dataSchema) throws IOException {
    if (file.footer() != null) {
      return of(ParquetFooters.parse(file.footer(), path), dataSchema);
    }
    FileSystem fs = path.getFileSystem();
    return of(ParquetFooters.read(fs, fs.getFileStatus(path)), dataSchema);
  }

  private static DataFileStatistics of(ParquetMetadata footer, StructType dataSchema) {
    Map<Column, Literal> min = new HashMap<>();
    Map<Column, Literal> max = new HashMap<>();
    Map<Column, Long> nulls = new HashMap<>();
    for (StructField field : dataSchema.fields()) {
      List<ColumnChunkMetaData> chunks = chunks(footer, field.getName());
      if (chunks == null) {
        continue;
      }
      Column column = new Column(field.getName());
      if (chunks.stream().allMatch(c -> c.getStatistics() != null && c.getStatistics().isNumNullsSet())) {
        nulls.put(column, chunks.stream().mapToLong(c -> c.getStatistics().getNumNulls()).sum());
      }
      Statistics<?> bounds = bounds(chunks);
      if (bounds != null) {
        PrimitiveType type = chunks.get(0).getPrimitiveType();
        Literal lo = literal(field.getDataType(), type, bounds.genericGetMin());
        Literal hi = literal(field.getDataType(), type, bounds.genericGetMax());
        if (lo != null && hi != null) {
          min.put(column, lo);
          max.put(column, hi);
        }
      }
    }
    return new DataFileStatistics(ParquetFooters.rowCount(footer), min, max, nulls, Optional.empty());
  }

  /** The column's chunk in each row group; null when a row group lacks it. */
  private static List<ColumnChunkMetaData> chunks(ParquetMetadata footer, String name) {
    List<ColumnChunkMetaData> chunks = new ArrayList<>();
    for (BlockMetaData block : footer.getBlocks()) {
      ColumnChunkMetaData chunk = block.getColumns().stream()
          .filter(c -> c.getPath().toDotString().equals(name)).findFirst().orElse(null);
      if (chunk == null) {
        return null;
      }
      chunks.add(chunk);
    }
    return chunks;
  }

  /**
   * The min and max of the column's non-null values over all its chunks, or null unless every
   * chunk bounds its values: a reader skips the file by them, so a chunk whose min and max its
   * writer left out (parquet-mr drops those of values over 4 KiB) or that has no statistics
   * leaves the column without bounds. A chunk of NULLs only has no values to bound.
   */
  private static Statistics<?> bounds(List<ColumnChunkMetaData> chunks) {
    Statistics<?> merged = null;
    for (ColumnChunkMetaData chunk : chunks) {
      Statistics<?> stats = chunk.getStatistics();
      if (stats != null && stats.hasNonNullValue()) {
        if (merged == null) {
          merged = stats.copy();
        } else {
          merged.mergeStatistics(stats);
        }
      } else if (stats == null || !stats.isNumNullsSet() || stats.getNumNulls() < chunk.getValueCount()) {
        return null;
      }
    }
    return merged;
  }

  private static Literal literal(DataType delta, PrimitiveType parquet, Object value) {
    if (delta instanceof StringType) {
      // Readers compare strings as UTF-8 bytes: replacement characters for invalid UTF-8 would
      // move the bound past values (0xFF sorts after them), so such a column has no bounds.
      return validUtf8((Binary) value) ? Literal.ofString(((Binary) value).toStringUsingUTF8()) : null;
    } else if (delta instanceof LongType) {
      return Literal.ofLong(((Number) value).longValue());
    } else if (delta instanceof IntegerType) {
      return Literal.ofInt(((Number) value).intValue());
    } else if (delta instanceof DoubleType) {
      return Literal.ofDouble(((Number) value).doubleValue());
    } else if (delta instanceof DecimalType d) {
      BigInteger unscaled = value instanceof Binary b ? new BigInteger(b.getBytes()) : BigInteger.valueOf(((Number) value).longValue());
      return Literal.ofDecimal(new BigDecimal(unscaled, d.getScale()), d.getPrecision(), d.getScale());
    } else if (delta instanceof TimestampType
        && parquet.getLogicalTypeAnnotation() instanceof LogicalTypeAnnotation.TimestampLogicalTypeAnnotation t) {
      long micros = switch (t.getUnit()) {
        case MILLIS -> ((Number) value).longValue() * 1000;
        case MICROS -> ((Number) value).longValue();
        case NANOS -> ((Number) value).longValue() / 1000;
      };
      return Literal.ofTimestamp(micros);
    }
    return null; // no statistics of other types: readers then simply read the file
  }

  private static boolean validUtf8(Binary value) {
    try {
      StandardCharsets.UTF_8.newDecoder().decode(value.toByteBuffer());
      return true;
    } catch (CharacterCodingException e) {
      return false;
    }
  }
}
