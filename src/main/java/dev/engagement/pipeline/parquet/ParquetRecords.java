package dev.engagement.pipeline.parquet;

import dev.engagement.pipeline.fs.BufferedOutput;
import dev.engagement.pipeline.fs.LakeFiles;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import org.apache.flink.core.fs.FSDataOutputStream;
import org.apache.flink.core.fs.FileStatus;
import org.apache.flink.core.fs.FileSystem;
import org.apache.flink.core.fs.Path;
import org.apache.flink.table.utils.PartitionPathUtils;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.example.data.simple.SimpleGroupFactory;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.ParquetReader;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.api.ReadSupport;
import org.apache.parquet.hadoop.api.WriteSupport;
import org.apache.parquet.hadoop.example.GroupReadSupport;
import org.apache.parquet.hadoop.example.GroupWriteSupport;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.io.OutputFile;
import org.apache.parquet.io.PositionOutputStream;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType;
import org.apache.parquet.schema.Type;
import org.apache.parquet.schema.Types;

/**
 * Small parquet files the pipeline reads and writes itself (run summaries, the run log, error
 * records) through Flink's FileSystem, and the lake's tables for the report. Written columns are
 * strings, longs or timestamps (INT64 milliseconds, wall clock, like the lake's tables); read
 * ones also doubles and decimals. A row is a map, NULL a missing key.
 */
public final class ParquetRecords {
  private ParquetRecords() {}

  /** A schema builder: {@code schema("run_log").string("RunId").timestamp("StartTime").build()}. */
  public static final class Schema {
    private final Types.MessageTypeBuilder builder = Types.buildMessage();
    private final String name;

    private Schema(String name) {
      this.name = name;
    }

    public static Schema named(String name) {
      return new Schema(name);
    }

    public Schema string(String column) {
      builder.addField(Types.optional(PrimitiveType.PrimitiveTypeName.BINARY)
          .as(LogicalTypeAnnotation.stringType()).named(column));
      return this;
    }

    public Schema int64(String column) {
      builder.addField(Types.optional(PrimitiveType.PrimitiveTypeName.INT64).named(column));
      return this;
    }

    public Schema timestamp(String column) {
      builder.addField(Types.optional(PrimitiveType.PrimitiveTypeName.INT64)
          .as(LogicalTypeAnnotation.timestampType(false, LogicalTypeAnnotation.TimeUnit.MILLIS)).named(column));
      return this;
    }

    public MessageType build() {
      return builder.named(name);
    }
  }

  /** Writes {@code rows} to {@code file}: to a hidden sibling first, then renamed into place. */
  public static void write(Path file, MessageType schema, List<Map<String, Object>> rows) throws IOException {
    Path tmp = new Path(file.getParent(), "." + file.getName() + ".tmp");
    SimpleGroupFactory groups = new SimpleGroupFactory(schema);
    try (ParquetWriter<Group> writer = new GroupWriter(new FlinkOutputFile(tmp), schema).build()) {
      for (Map<String, Object> row : rows) {
        Group group = groups.newGroup();
        for (Type field : schema.getFields()) {
          Object value = row.get(field.getName());
          if (value instanceof String s) {
            group.add(field.getName(), s);
          } else if (value instanceof LocalDateTime t) {
            group.add(field.getName(), t.toInstant(ZoneOffset.UTC).toEpochMilli());
          } else if (value instanceof Number n) {
            group.add(field.getName(), n.longValue());
          }
        }
        writer.write(group);
      }
    }
    LakeFiles.rename(tmp, file);
  }

  /** A streaming writer of {@link Group}s to {@code file} (written in place: for generated data). */
  public static ParquetWriter<Group> writer(Path file, MessageType schema) throws IOException {
    return new GroupWriter(new FlinkOutputFile(file), schema).build();
  }

  /** Copies every row of {@code inputs}, files of one parquet schema, into {@code output}. */
  public static long copy(List<Path> inputs, Path output) throws IOException {
    return copy(inputs, output, "", Set.of());
  }

  /**
   * Copies the rows of {@code inputs}, files of one parquet schema, into {@code output} (written in
   * place: a data file no version names yet), value for value in the schema they have, except the
   * rows whose string column {@code column}, trimmed, is one of {@code drop}. Returns the rows
   * written.
   */
  public static long copy(List<Path> inputs, Path output, String column, Set<String> drop) throws IOException {
    MessageType schema;
    try (ParquetFileReader footer = ParquetFileReader.open(FlinkInputFile.of(inputs.get(0)))) {
      schema = footer.getFileMetaData().getSchema();
    }
    long rows = 0;
    try (ParquetWriter<Group> writer = writer(output, schema)) {
      for (Path input : inputs) {
        try (ParquetReader<Group> reader = new GroupReader(FlinkInputFile.of(input)).build()) {
          for (Group group = reader.read(); group != null; group = reader.read()) {
            if (!schema.equals(group.getType())) {
              throw new IllegalArgumentException(input + " has another parquet schema than " + inputs.get(0));
            }
            if (!matches(group, column, drop)) {
              writer.write(group);
              rows++;
            }
          }
        }
      }
    }
    return rows;
  }

  /** How many rows of {@code file} have the string column {@code column}, trimmed, in {@code values}. */
  public static long count(Path file, String column, Set<String> values) throws IOException {
    long rows = 0;
    try (ParquetReader<Group> reader = new GroupReader(FlinkInputFile.of(file)).build()) {
      for (Group group = reader.read(); group != null; group = reader.read()) {
        rows += matches(group, column, values) ? 1 : 0;
      }
    }
    return rows;
  }

  /**
   * Whether the row's column {@code column} (its name in any case, as bronze columns are matched)
   * holds one of {@code values}, trimmed; a whole number is taken as its digits, as a run casts it.
   */
  private static boolean matches(Group row, String column, Set<String> values) {
    if (values.isEmpty()) {
      return false;
    }
    for (int i = 0; i < row.getType().getFieldCount(); i++) {
      Type field = row.getType().getType(i);
      if (field.getName().equalsIgnoreCase(column) && field.isPrimitive() && row.getFieldRepetitionCount(i) > 0) {
        String value = switch (field.asPrimitiveType().getPrimitiveTypeName()) {
          case INT32 -> Integer.toString(row.getInteger(i, 0));
          case INT64 -> Long.toString(row.getLong(i, 0));
          default -> row.getString(i, 0);
        };
        return values.contains(value.trim());
      }
    }
    return false;
  }

  /** Every row of the visible parquet files below {@code folder} (none if it is missing). */
  public static List<Map<String, Object>> read(Path folder) throws IOException {
    List<Map<String, Object>> rows = new ArrayList<>();
    scan(folder, false, rows::add);
    return rows;
  }

  /**
   * Each row of the visible parquet files below {@code folder}, one at a time (for tables too big
   * to hold as maps), with its Hive-style partition folders ({@code CourseID=C%2F1}) as string
   * columns, unescaped as Flink's filesystem sink escaped them.
   */
  public static void forEach(Path folder, Consumer<Map<String, Object>> action) throws IOException {
    scan(folder, true, action);
  }

  private static void scan(Path folder, boolean partitions, Consumer<Map<String, Object>> action) throws IOException {
    for (FileStatus file : LakeFiles.listDataFiles(folder)) {
      forEach(file, partitions ? partitionValues(folder, file.getPath()) : Map.of(), action);
    }
  }

  /** Each row of one parquet file, with {@code columns} (e.g. its partition values) added. */
  public static void forEach(Path file, Map<String, String> columns, Consumer<Map<String, Object>> action)
      throws IOException {
    forEach(file.getFileSystem().getFileStatus(file), columns, action);
  }

  private static void forEach(FileStatus file, Map<String, String> columns, Consumer<Map<String, Object>> action)
      throws IOException {
    try (ParquetReader<Group> reader = new GroupReader(new FlinkInputFile(file.getPath().getFileSystem(), file)).build()) {
      for (Group group = reader.read(); group != null; group = reader.read()) {
        Map<String, Object> row = toMap(group);
        row.putAll(columns);
        action.accept(row);
      }
    }
  }

  private static Map<String, String> partitionValues(Path folder, Path file) {
    Map<String, String> values = new LinkedHashMap<>();
    String[] dirs = LakeFiles.relativize(folder, file).split("/");
    for (int i = 0; i < dirs.length - 1; i++) {
      String[] kv = dirs[i].split("=", 2);
      if (kv.length == 2) {
        values.put(kv[0], PartitionPathUtils.unescapePathName(kv[1]));
      }
    }
    return values;
  }

  private static Map<String, Object> toMap(Group group) {
    Map<String, Object> row = new LinkedHashMap<>();
    for (Type field : group.getType().getFields()) {
      String name = field.getName();
      if (group.getFieldRepetitionCount(name) == 0) {
        continue;
      }
      PrimitiveType type = field.asPrimitiveType();
      LogicalTypeAnnotation logical = type.getLogicalTypeAnnotation();
      if (logical instanceof LogicalTypeAnnotation.DecimalLogicalTypeAnnotation decimal) {
        BigInteger unscaled = switch (type.getPrimitiveTypeName()) {
          case INT32 -> BigInteger.valueOf(group.getInteger(name, 0));
          case INT64 -> BigInteger.valueOf(group.getLong(name, 0));
          default -> new BigInteger(group.getBinary(name, 0).getBytes());
        };
        row.put(name, new BigDecimal(unscaled, decimal.getScale()));
      } else if (logical instanceof LogicalTypeAnnotation.TimestampLogicalTypeAnnotation) {
        long millis = group.getLong(name, 0);
        row.put(name, LocalDateTime.ofEpochSecond(
            Math.floorDiv(millis, 1000), (int) Math.floorMod(millis, 1000) * 1_000_000, ZoneOffset.UTC));
      } else {
        row.put(name, switch (type.getPrimitiveTypeName()) {
          case BINARY -> group.getString(name, 0);
          case INT32 -> (long) group.getInteger(name, 0);
          case DOUBLE -> group.getDouble(name, 0);
          case FLOAT -> (double) group.getFloat(name, 0);
          case BOOLEAN -> group.getBoolean(name, 0);
          default -> group.getLong(name, 0);
        });
      }
    }
    return row;
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

  private static final class GroupWriter extends ParquetWriter.Builder<Group, GroupWriter> {
    private final MessageType schema;

    GroupWriter(OutputFile file, MessageType schema) {
      super(file);
      this.schema = schema;
      withCompressionCodec(CompressionCodecName.SNAPPY);
    }

    @Override
    protected GroupWriter self() {
      return this;
    }

    @Override
    protected WriteSupport<Group> getWriteSupport(Configuration conf) {
      GroupWriteSupport.setSchema(schema, conf);
      return new GroupWriteSupport();
    }
  }

  /** A parquet {@link OutputFile} written through Flink's FileSystem. */
  private record FlinkOutputFile(Path path) implements OutputFile {
    @Override
    public PositionOutputStream create(long blockSizeHint) throws IOException {
      return createOrOverwrite(blockSizeHint);
    }

    @Override
    public PositionOutputStream createOrOverwrite(long blockSizeHint) throws IOException {
      FSDataOutputStream out = BufferedOutput.create(path, FileSystem.WriteMode.OVERWRITE);
      return new PositionOutputStream() {
        @Override
        public long getPos() throws IOException {
          return out.getPos();
        }

        @Override
        public void write(int b) throws IOException {
          out.write(b);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
          out.write(b, off, len);
        }

        @Override
        public void flush() throws IOException {
          out.flush();
        }

        @Override
        public void close() throws IOException {
          out.close();
        }
      };
    }

    @Override
    public boolean supportsBlockSize() {
      return false;
    }

    @Override
    public long defaultBlockSize() {
      return 0;
    }
  }
}
