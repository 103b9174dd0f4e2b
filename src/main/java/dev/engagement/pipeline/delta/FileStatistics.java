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
import java.util.HashMap;
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
      Statistics<?> merged = null;
      PrimitiveType type = null;
      for (BlockMetaData block : footer.getBlocks()) {
        for (ColumnChunkMetaData chunk : block.getColumns()) {
          if (chunk.getPath().toDotString().equals(field.getName())) {
            type = chunk.getPrimitiveType();
            Statistics<?> stats = chunk.getStatistics();
            if (stats == null || stats.isEmpty() && stats.getNumNulls() < 0) {
              merged = null;
              break;
            }
            if (merged == null) {
              merged = stats.copy();
            } else {
              merged.mergeStatistics(stats);
            }
          }
        }
      }
      if (merged == null || merged.getNumNulls() < 0) {
        continue;
      }
      Column column = new Column(field.getName());
      nulls.put(column, merged.getNumNulls());
      if (merged.hasNonNullValue()) {
        Literal lo = literal(field.getDataType(), type, merged.genericGetMin());
        Literal hi = literal(field.getDataType(), type, merged.genericGetMax());
        if (lo != null && hi != null) {
          min.put(column, lo);
          max.put(column, hi);
        }
      }
    }
    return new DataFileStatistics(ParquetFooters.rowCount(footer), min, max, nulls, Optional.empty());
  }

  private static Literal literal(DataType delta, PrimitiveType parquet, Object value) {
    if (delta instanceof StringType) {
      return Literal.ofString(((Binary) value).toStringUsingUTF8());
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
}
