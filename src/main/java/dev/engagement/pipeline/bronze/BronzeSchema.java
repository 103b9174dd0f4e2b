package dev.engagement.pipeline.bronze;

import dev.engagement.pipeline.fs.LakeFiles;
import dev.engagement.pipeline.parquet.ParquetFooters;
import java.io.IOException;
import java.time.LocalDateTime;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.flink.core.fs.FileStatus;
import org.apache.flink.core.fs.Path;
import org.apache.flink.table.api.DataTypes;
import org.apache.flink.table.types.DataType;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.column.Encoding;
import org.apache.parquet.hadoop.CodecFactory;
import org.apache.parquet.hadoop.metadata.BlockMetaData;
import org.apache.parquet.hadoop.metadata.ColumnChunkMetaData;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.hadoop.metadata.ParquetMetadata;
import org.apache.parquet.schema.LogicalTypeAnnotation.DecimalLogicalTypeAnnotation;
import org.apache.parquet.schema.LogicalTypeAnnotation.IntLogicalTypeAnnotation;
import org.apache.parquet.schema.LogicalTypeAnnotation.TimestampLogicalTypeAnnotation;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.PrimitiveType;
import org.apache.parquet.schema.Type;

/**
 * The bronze folder as the footers describe it: the files to read and the Flink type of each
 * required column. Checked before anything runs, because Flink's parquet reader fills a missing
 * column with NULLs and fails deep inside a task on a type it did not expect. The footers also
 * say how each column chunk is encoded and compressed: {@code recordReaderFiles} are the files
 * Flink's vectorized reader cannot decode (see {@link BronzeFormat}).
 */
public record BronzeSchema(
    Path folder, List<FileStatus> files, Map<String, DataType> columns, Map<Path, Long> rowsByFile,
    Map<Path, LocalDateTime> lastModifiedBounds, Set<Path> recordReaderFiles) {
  /**
   * The data encodings Flink's vectorized reader decodes (its column readers refuse any other);
   * RLE and BIT_PACKED appear for the repetition and definition levels.
   */
  private static final Set<Encoding> VECTORIZED = EnumSet.of(
      Encoding.PLAIN, Encoding.PLAIN_DICTIONARY, Encoding.RLE_DICTIONARY, Encoding.RLE, Encoding.BIT_PACKED);
  /** Why a codec cannot be read here (empty: it can), probed once per codec. */
  private static final Map<CompressionCodecName, String> CODEC_PROBES = new ConcurrentHashMap<>();

  public static BronzeSchema inspect(Path folder) throws IOException {
    List<FileStatus> files = LakeFiles.listDataFiles(folder);
    if (files.isEmpty()) {
      throw new IllegalArgumentException(
          "bronze folder " + folder + " has no parquet files (missing, empty or only hidden files)");
    }
    Map<String, DataType> columns = new LinkedHashMap<>();
    Map<String, Path> firstSeenIn = new LinkedHashMap<>();
    Map<Path, LocalDateTime> bounds = new HashMap<>();
    Set<Path> recordReaderFiles = new HashSet<>();
    Map<Path, Long> rows = new HashMap<>();
    for (FileStatus file : files) {
      ParquetMetadata footer = ParquetFooters.read(folder.getFileSystem(), file);
      rows.put(file.getPath(), ParquetFooters.rowCount(footer));
      LastModifiedBound.of(footer).ifPresent(bound -> bounds.put(file.getPath(), bound));
      Map<String, Type> fields = BronzeColumns.byName(footer.getFileMetaData().getSchema(), file.getPath());
      if (!vectorized(file.getPath(), footer, fields)) {
        recordReaderFiles.add(file.getPath());
      }
      for (String column : BronzeColumns.REQUIRED) {
        DataType type = columnType(file.getPath(), fields, column);
        DataType before = columns.putIfAbsent(column, type);
        firstSeenIn.putIfAbsent(column, file.getPath());
        if (before != null && !before.equals(type)) {
          throw new IllegalArgumentException(
              "bronze column " + column + " is " + type + " in " + file.getPath() + " but "
                  + before + " in " + firstSeenIn.get(column) + "; all files must agree");
        }
      }
    }
    return new BronzeSchema(folder, files, columns, rows, bounds, recordReaderFiles);
  }

  /** The rows of all files, as their footers count them. */
  public long rows() {
    return rows(files);
  }

  /** The rows of {@code some} of the files, as their footers count them. */
  public long rows(List<FileStatus> some) {
    return some.stream().mapToLong(f -> rowsByFile.get(f.getPath())).sum();
  }

  /**
   * Whether Flink's vectorized reader decodes every chunk of the bronze columns. A codec that
   * cannot be read is refused here, before the job, naming the file and column.
   */
  private static boolean vectorized(Path file, ParquetMetadata footer, Map<String, Type> fields) {
    Set<String> read = new HashSet<>();
    BronzeColumns.REQUIRED.forEach(c -> read.add(BronzeColumns.key(c)));
    boolean vectorized = true;
    for (BlockMetaData block : footer.getBlocks()) {
      for (ColumnChunkMetaData chunk : block.getColumns()) {
        String column = chunk.getPath().toArray()[0];
        if (!read.contains(BronzeColumns.key(column))) {
          continue;
        }
        String unreadable = CODEC_PROBES.computeIfAbsent(chunk.getCodec(), BronzeSchema::probe);
        if (!unreadable.isEmpty()) {
          throw new IllegalArgumentException("bronze file " + file + " column " + column + " is compressed with "
              + chunk.getCodec() + ", which this build cannot read (" + unreadable + ")");
        }
        vectorized &= VECTORIZED.containsAll(chunk.getEncodings());
      }
    }
    return vectorized;
  }

  /** Loads the codec's decompressor as both readers do (Hadoop codec classes, native libraries). */
  private static String probe(CompressionCodecName codec) {
    try {
      new CodecFactory(new Configuration(), 0).getDecompressor(codec).release();
      return "";
    } catch (RuntimeException | LinkageError e) {
      return e.getMessage() == null ? e.toString() : e.getMessage();
    }
  }

  /**
   * The files that may hold a row with a LastModifiedDate after {@code watermark}: all but those
   * whose footer statistics bound every such date at or before it (see LastModifiedBound).
   */
  public List<FileStatus> filesNewerThan(LocalDateTime watermark) {
    return files.stream()
        .filter(f -> !lastModifiedBounds.containsKey(f.getPath()) || lastModifiedBounds.get(f.getPath()).isAfter(watermark))
        .toList();
  }

  private static DataType columnType(Path file, Map<String, Type> fields, String column) {
    Type field = fields.get(BronzeColumns.key(column));
    if (field == null) {
      throw new IllegalArgumentException(
          "bronze file " + file + " has no column " + column + " (in any case)");
    }
    DataType type = field.isPrimitive() && !field.isRepetition(Type.Repetition.REPEATED)
        ? flinkType(field.asPrimitiveType())
        : null;
    if (type == null) {
      throw new IllegalArgumentException(
          "bronze file " + file + " column " + column + " has unsupported parquet type " + field
              + " (expected a string, integer, floating point, decimal or timestamp)");
    }
    return type;
  }

  /** The Flink type whose parquet reader accepts this physical type as it is, or null. */
  static DataType flinkType(PrimitiveType type) {
    LogicalTypeAnnotation logical = type.getLogicalTypeAnnotation();
    if (logical instanceof DecimalLogicalTypeAnnotation decimal) {
      return decimalType(type.getPrimitiveTypeName(), decimal);
    }
    switch (type.getPrimitiveTypeName()) {
      case BINARY:
        return DataTypes.STRING();
      case INT32:
        return logical == null || logical instanceof IntLogicalTypeAnnotation ? DataTypes.INT() : null;
      case INT64:
        if (logical instanceof TimestampLogicalTypeAnnotation ts) {
          return DataTypes.TIMESTAMP(switch (ts.getUnit()) {
            case MILLIS -> 3;
            case MICROS -> 6;
            case NANOS -> 9;
          });
        }
        return logical == null || logical instanceof IntLogicalTypeAnnotation ? DataTypes.BIGINT() : null;
      case INT96:
        return DataTypes.TIMESTAMP(9);
      case FLOAT:
        return DataTypes.FLOAT();
      case DOUBLE:
        return DataTypes.DOUBLE();
      default:
        return null;
    }
  }

  /** Flink's reader ties a DECIMAL's declared precision to the physical type it reads. */
  private static DataType decimalType(
      PrimitiveType.PrimitiveTypeName physical, DecimalLogicalTypeAnnotation decimal) {
    int precision = decimal.getPrecision();
    boolean readable = switch (physical) {
      case INT32 -> precision <= 9;
      case INT64 -> precision > 9 && precision <= 18;
      case FIXED_LEN_BYTE_ARRAY -> true;
      case BINARY -> precision > 18;
      default -> false;
    };
    return readable ? DataTypes.DECIMAL(precision, decimal.getScale()) : null;
  }
}
