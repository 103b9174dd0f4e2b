package dev.engagement.pipeline.testing;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.ParquetReader;
import org.apache.parquet.hadoop.example.GroupReadSupport;
import org.apache.parquet.hadoop.metadata.ParquetMetadata;
import org.apache.parquet.hadoop.util.HadoopInputFile;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.PrimitiveType;
import org.apache.parquet.schema.Type;

/**
 * Reads a table of the lake with plain parquet-hadoop and Jackson, independently of Flink and of
 * Delta Kernel: a Delta table's current version by replaying its {@code _delta_log} commits (the
 * files added and not removed since, with the partition values the log gives them); any other
 * folder, every {@code *.parquet} file below it with Hive-style partition folders as columns.
 * Values become canonical strings (see {@link #canonical(Object)}), NULL stays null.
 */
public final class LakeReader {
  private static final DateTimeFormatter TIMESTAMP = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS");

  private LakeReader() {}

  public static List<Map<String, String>> read(File table) {
    List<Map<String, String>> rows = new ArrayList<>();
    Map<File, Map<String, String>> files = new LinkedHashMap<>();
    if (DeltaLog.isTable(table)) {
      files.putAll(DeltaLog.currentFiles(table));
    } else {
      parquetFiles(table).forEach(f -> files.put(f, partitions(table, f)));
    }
    for (Map.Entry<File, Map<String, String>> entry : files.entrySet()) {
      File file = entry.getKey();
      Map<String, String> partitions = entry.getValue();
      try (ParquetReader<Group> reader = ParquetReader.builder(
              new GroupReadSupport(), new org.apache.hadoop.fs.Path(file.getAbsolutePath()))
          .withConf(new Configuration()).build()) {
        for (Group g = reader.read(); g != null; g = reader.read()) {
          Map<String, String> row = new LinkedHashMap<>();
          for (int i = 0; i < g.getType().getFieldCount(); i++) {
            Type field = g.getType().getType(i);
            row.put(field.getName(), g.getFieldRepetitionCount(i) == 0 ? null : value(g, i, field.asPrimitiveType()));
          }
          row.putAll(partitions);
          rows.add(row);
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return rows;
  }

  /** The physical type of every column of the table's first file, e.g. "INT64 TIMESTAMP(MILLIS,false)". */
  public static Map<String, String> physicalTypes(File table) {
    Map<String, String> types = new LinkedHashMap<>();
    for (Type field : footer(dataFiles(table).get(0)).getFileMetaData().getSchema().getFields()) {
      PrimitiveType p = field.asPrimitiveType();
      LogicalTypeAnnotation logical = p.getLogicalTypeAnnotation();
      types.put(field.getName(), p.getPrimitiveTypeName() + (logical == null ? "" : " " + logical));
    }
    return types;
  }

  /** The footer of one parquet file. */
  public static ParquetMetadata footer(File file) {
    try (ParquetFileReader reader = ParquetFileReader.open(
        HadoopInputFile.fromPath(new org.apache.hadoop.fs.Path(file.getAbsolutePath()), new Configuration()))) {
      return reader.getFooter();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The data files of the table's current version (of a folder that is no Delta table, all). */
  public static List<File> dataFiles(File table) {
    return DeltaLog.isTable(table) ? List.copyOf(DeltaLog.currentFiles(table).keySet()) : parquetFiles(table);
  }

  /** Every parquet file below the folder, of any version. */
  public static List<File> parquetFiles(File table) {
    try (Stream<java.nio.file.Path> files = Files.walk(table.toPath())) {
      return files.map(java.nio.file.Path::toFile)
          .filter(f -> f.isFile() && f.getName().endsWith(".parquet"))
          .sorted()
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Map<String, String> partitions(File table, File file) {
    Map<String, String> partitions = new LinkedHashMap<>();
    for (File dir = file.getParentFile(); !dir.equals(table); dir = dir.getParentFile()) {
      String[] kv = dir.getName().split("=", 2);
      partitions.put(kv[0], URLDecoder.decode(kv[1].replace("+", "%2B"), StandardCharsets.UTF_8));
    }
    return partitions;
  }

  private static String value(Group g, int i, PrimitiveType type) {
    LogicalTypeAnnotation logical = type.getLogicalTypeAnnotation();
    if (logical instanceof LogicalTypeAnnotation.DecimalLogicalTypeAnnotation d) {
      BigInteger unscaled = switch (type.getPrimitiveTypeName()) {
        case INT32 -> BigInteger.valueOf(g.getInteger(i, 0));
        case INT64 -> BigInteger.valueOf(g.getLong(i, 0));
        default -> new BigInteger(g.getBinary(i, 0).getBytes());
      };
      return new BigDecimal(unscaled, d.getScale()).toPlainString();
    }
    if (logical instanceof LogicalTypeAnnotation.TimestampLogicalTypeAnnotation) {
      long millis = g.getLong(i, 0);
      return LocalDateTime.ofEpochSecond(Math.floorDiv(millis, 1000), (int) Math.floorMod(millis, 1000) * 1_000_000,
          ZoneOffset.UTC).format(TIMESTAMP);
    }
    return switch (type.getPrimitiveTypeName()) {
      case BINARY -> g.getString(i, 0);
      case INT32 -> canonical(g.getInteger(i, 0));
      case INT64 -> canonical(g.getLong(i, 0));
      case DOUBLE -> canonical(g.getDouble(i, 0));
      case INT96 -> int96(g.getInt96(i, 0).getBytes());
      default -> throw new IllegalArgumentException("unexpected parquet type " + type);
    };
  }

  /**
   * An INT96 timestamp, as Spark writes them by default (other writers of the lake): nanoseconds
   * of the day, then the Julian day, little-endian; in UTC, as a Spark session in UTC wrote it.
   */
  private static String int96(byte[] bytes) {
    java.nio.ByteBuffer buffer = java.nio.ByteBuffer.wrap(bytes).order(java.nio.ByteOrder.LITTLE_ENDIAN);
    long nanosOfDay = buffer.getLong();
    long epochDay = buffer.getInt() - 2_440_588L;
    return LocalDateTime.of(java.time.LocalDate.ofEpochDay(epochDay), java.time.LocalTime.ofNanoOfDay(nanosOfDay))
        .format(TIMESTAMP);
  }

  /** Numbers to 9 decimal places without trailing zeros (so doubles compare to 1e-9); text as is. */
  public static String canonical(Object value) {
    if (value == null) {
      return null;
    }
    if (value instanceof Number n) {
      return new BigDecimal(n.toString()).setScale(9, RoundingMode.HALF_UP).stripTrailingZeros().toPlainString();
    }
    return value.toString();
  }
}
