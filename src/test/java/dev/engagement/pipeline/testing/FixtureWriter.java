package dev.engagement.pipeline.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.example.data.simple.SimpleGroupFactory;
import org.apache.parquet.hadoop.ParquetFileWriter;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.example.ExampleParquetWriter;
import org.apache.parquet.hadoop.util.HadoopOutputFile;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;
import org.apache.parquet.schema.Type;
import org.apache.parquet.schema.Types;

/**
 * Turns readable fixture sources into parquet: every {@code <dir>/_sources/<name>.json} becomes
 * {@code <dir>/<name>.parquet}. A source is {@code {"schema": {"Column": "type"}, "rows": [...]}}
 * with types string, int32, int64, double, decimal(p,s), timestamp_millis, timestamp_micros,
 * int96 or boolean (string values may also be {"repeat": "x", "times": N} or {"hex": "ff 41"});
 * timestamps are written as 'yyyy-MM-dd HH:mm:ss[.SSS]' wall-clock values. JSON null is a
 * parquet NULL; "" is an empty string. (The '_sources' folder is hidden from Flink's readers.)
 *
 * <p>Run it with {@code deploy/make-fixtures.sh}.
 */
public final class FixtureWriter {
  private static final Pattern DECIMAL = Pattern.compile("decimal\\((\\d+),\\s*(\\d+)\\)");
  private static final DateTimeFormatter TIMESTAMP =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss[.SSS]");
  private static final ObjectMapper JSON = new ObjectMapper();

  public static void main(String[] args) throws IOException {
    for (String dir : args) {
      File[] sources = new File(dir, "_sources").listFiles((d, name) -> name.endsWith(".json"));
      if (sources == null || sources.length == 0) {
        throw new IllegalArgumentException("no _sources/*.json in " + dir);
      }
      for (File source : sources) {
        File target = new File(dir, source.getName().replace(".json", ".parquet"));
        write(source, target);
        System.out.println("wrote " + target);
      }
    }
  }

  public static void write(File source, File target) throws IOException {
    JsonNode root = JSON.readTree(source);
    List<Map.Entry<String, String>> columns = new ArrayList<>();
    root.get("schema").fields().forEachRemaining(e -> columns.add(Map.entry(e.getKey(), e.getValue().asText())));
    Types.MessageTypeBuilder builder = Types.buildMessage();
    for (Map.Entry<String, String> column : columns) {
      builder.addField(parquetType(column.getKey(), column.getValue()));
    }
    MessageType schema = builder.named("bronze");
    SimpleGroupFactory groups = new SimpleGroupFactory(schema);
    target.delete();
    try (ParquetWriter<Group> writer = ExampleParquetWriter.builder(
            HadoopOutputFile.fromPath(new org.apache.hadoop.fs.Path(target.getAbsolutePath()), new Configuration()))
        .withType(schema)
        .withWriteMode(ParquetFileWriter.Mode.OVERWRITE)
        .build()) {
      for (Iterator<JsonNode> rows = root.get("rows").elements(); rows.hasNext(); ) {
        JsonNode row = rows.next();
        Group group = groups.newGroup();
        for (Map.Entry<String, String> column : columns) {
          JsonNode value = row.get(column.getKey());
          if (value != null && !value.isNull()) {
            add(group, column.getKey(), column.getValue(), value);
          }
        }
        writer.write(group);
      }
    }
    new File(target.getParentFile(), "." + target.getName() + ".crc").delete();
  }

  private static Type parquetType(String name, String type) {
    Matcher decimal = DECIMAL.matcher(type);
    if (decimal.matches()) {
      int precision = Integer.parseInt(decimal.group(1));
      int scale = Integer.parseInt(decimal.group(2));
      PrimitiveTypeName physical = precision <= 9 ? PrimitiveTypeName.INT32 : PrimitiveTypeName.INT64;
      return Types.optional(physical).as(LogicalTypeAnnotation.decimalType(scale, precision)).named(name);
    }
    return switch (type) {
      case "string" -> Types.optional(PrimitiveTypeName.BINARY).as(LogicalTypeAnnotation.stringType()).named(name);
      case "int32" -> Types.optional(PrimitiveTypeName.INT32).named(name);
      case "int64" -> Types.optional(PrimitiveTypeName.INT64).named(name);
      case "double" -> Types.optional(PrimitiveTypeName.DOUBLE).named(name);
      case "timestamp_millis" -> Types.optional(PrimitiveTypeName.INT64)
          .as(LogicalTypeAnnotation.timestampType(false, LogicalTypeAnnotation.TimeUnit.MILLIS)).named(name);
      case "timestamp_micros" -> Types.optional(PrimitiveTypeName.INT64)
          .as(LogicalTypeAnnotation.timestampType(false, LogicalTypeAnnotation.TimeUnit.MICROS)).named(name);
      case "int96" -> Types.optional(PrimitiveTypeName.INT96).named(name);
      case "boolean" -> Types.optional(PrimitiveTypeName.BOOLEAN).named(name);
      default -> throw new IllegalArgumentException("unknown fixture type " + type + " for " + name);
    };
  }

  private static void add(Group group, String name, String type, JsonNode value) {
    Matcher decimal = DECIMAL.matcher(type);
    if (decimal.matches()) {
      long unscaled = new BigDecimal(value.asText())
          .setScale(Integer.parseInt(decimal.group(2)), RoundingMode.UNNECESSARY).unscaledValue().longValueExact();
      if (Integer.parseInt(decimal.group(1)) <= 9) {
        group.add(name, (int) unscaled);
      } else {
        group.add(name, unscaled);
      }
      return;
    }
    switch (type) {
      case "string" -> group.add(name, stringValue(value));
      case "int32" -> group.add(name, value.asInt());
      case "int64" -> group.add(name, value.asLong());
      case "double" -> group.add(name, value.asDouble());
      case "timestamp_millis" -> group.add(name, epochMicros(value.asText()) / 1000);
      case "timestamp_micros" -> group.add(name, epochMicros(value.asText()));
      case "int96" -> group.add(name, int96(value.asText()));
      case "boolean" -> group.add(name, value.asBoolean());
      default -> throw new IllegalArgumentException(type);
    }
  }

  /**
   * A string value: JSON text, or {"repeat": "x", "times": N} for a long string, or
   * {"hex": "ff fe 41"} for raw bytes that need not be valid UTF-8.
   */
  private static Binary stringValue(JsonNode value) {
    if (value.has("repeat")) {
      return Binary.fromString(value.get("repeat").asText().repeat(value.get("times").asInt()));
    }
    if (value.has("hex")) {
      String[] hex = value.get("hex").asText().trim().split("\\s+");
      byte[] bytes = new byte[hex.length];
      for (int i = 0; i < hex.length; i++) {
        bytes[i] = (byte) Integer.parseInt(hex[i], 16);
      }
      return Binary.fromConstantByteArray(bytes);
    }
    return Binary.fromString(value.asText());
  }

  private static long epochMicros(String text) {
    LocalDateTime t = LocalDateTime.parse(text, TIMESTAMP);
    return t.toEpochSecond(ZoneOffset.UTC) * 1_000_000 + t.getNano() / 1000;
  }

  /** INT96: nanoseconds of the day, then the Julian day, little-endian (Impala/Spark layout). */
  private static Binary int96(String text) {
    LocalDateTime t = LocalDateTime.parse(text, TIMESTAMP);
    long julianDay = t.toLocalDate().toEpochDay() + 2_440_588L;
    long nanosOfDay = t.toLocalTime().toNanoOfDay();
    ByteBuffer buf = ByteBuffer.allocate(12).order(ByteOrder.LITTLE_ENDIAN);
    buf.putLong(nanosOfDay).putInt((int) julianDay);
    return Binary.fromConstantByteArray(buf.array());
  }
}
