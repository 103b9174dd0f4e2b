package dev.engagement.pipeline.testing;

import java.io.File;
import java.io.IOException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.column.ParquetProperties;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.example.data.simple.SimpleGroupFactory;
import org.apache.parquet.hadoop.ParquetFileWriter;
import org.apache.parquet.hadoop.ParquetReader;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.example.ExampleParquetWriter;
import org.apache.parquet.hadoop.example.GroupReadSupport;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.hadoop.util.HadoopOutputFile;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.Type;
import org.apache.parquet.schema.Types;

/**
 * Parquet written at test time by writers other than the project's own: DuckDB (its own C++
 * parquet writer) and parquet-mr's example writer with v2 pages and no dictionaries.
 */
public final class IndependentWriters {
  private IndependentWriters() {}

  /**
   * DuckDB: {@code COPY (SELECT <select> FROM rows <clause>) TO <target> (FORMAT parquet, <options>)}
   * where {@code rows} are those of {@code sources} with {@code row_index} (0, 1, ... in file
   * order) and {@code clause} may be a WHERE or a join.
   */
  public static File duckdb(String select, List<File> sources, String clause, File target, String options)
      throws SQLException {
    String files = sources.stream().map(f -> "'" + f.getAbsolutePath() + "'").collect(Collectors.joining(", "));
    try (Connection duck = DriverManager.getConnection("jdbc:duckdb:"); Statement sql = duck.createStatement()) {
      sql.execute("COPY (SELECT " + select + " FROM (SELECT * EXCLUDE (filename, file_row_number),"
          + " row_number() OVER (ORDER BY filename, file_row_number) - 1 AS row_index"
          + " FROM read_parquet([" + files + "], filename = true, file_row_number = true)) AS rows " + clause
          + ") TO '" + target.getAbsolutePath() + "' (FORMAT parquet, " + options + ")");
    }
    return target;
  }

  /**
   * parquet-mr: the rows of {@code source} with writer version PARQUET_2_0 (v2 pages; DELTA_*
   * encodings, or BYTE_STREAM_SPLIT for floating point, without a dictionary), the given codec,
   * and the columns renamed.
   */
  public static void parquetMr(File source, File target, CompressionCodecName codec, boolean dictionary,
      UnaryOperator<String> rename) throws IOException {
    try (ParquetReader<Group> reader = ParquetReader.builder(
        new GroupReadSupport(), new org.apache.hadoop.fs.Path(source.getAbsolutePath())).build()) {
      Group first = reader.read();
      Types.MessageTypeBuilder renamed = Types.buildMessage();
      for (Type field : first.getType().getFields()) {
        renamed.addField(Types.primitive(field.asPrimitiveType().getPrimitiveTypeName(), field.getRepetition())
            .as(field.getLogicalTypeAnnotation()).named(rename.apply(field.getName())));
      }
      MessageType schema = renamed.named("exported");
      SimpleGroupFactory groups = new SimpleGroupFactory(schema);
      try (ParquetWriter<Group> writer = ExampleParquetWriter.builder(HadoopOutputFile.fromPath(
              new org.apache.hadoop.fs.Path(target.getAbsolutePath()), new Configuration()))
          .withType(schema)
          .withWriteMode(ParquetFileWriter.Mode.OVERWRITE)
          .withWriterVersion(ParquetProperties.WriterVersion.PARQUET_2_0)
          .withDictionaryEncoding(dictionary)
          .withByteStreamSplitEncoding(!dictionary)
          .withCompressionCodec(codec)
          .build()) {
        for (Group row = first; row != null; row = reader.read()) {
          writer.write(copy(row, groups.newGroup()));
        }
      }
    }
    new File(target.getParentFile(), "." + target.getName() + ".crc").delete();
  }

  private static Group copy(Group from, Group to) {
    for (int i = 0; i < from.getType().getFieldCount(); i++) {
      if (from.getFieldRepetitionCount(i) == 0) {
        continue;
      }
      Type field = from.getType().getType(i);
      switch (field.asPrimitiveType().getPrimitiveTypeName()) {
        case INT32 -> to.add(i, from.getInteger(i, 0));
        case INT64 -> to.add(i, from.getLong(i, 0));
        case DOUBLE -> to.add(i, from.getDouble(i, 0));
        case FLOAT -> to.add(i, from.getFloat(i, 0));
        case BOOLEAN -> to.add(i, from.getBoolean(i, 0));
        default -> to.add(i, from.getBinary(i, 0));
      }
    }
    return to;
  }
}
