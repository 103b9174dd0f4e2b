package dev.engagement.pipeline.delta;

import static org.assertj.core.api.Assertions.assertThat;

import io.delta.kernel.expressions.Column;
import io.delta.kernel.expressions.Literal;
import io.delta.kernel.statistics.DataFileStatistics;
import io.delta.kernel.types.LongType;
import io.delta.kernel.types.StringType;
import io.delta.kernel.types.StructType;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.util.Arrays;
import java.util.List;
import org.apache.flink.core.fs.Path;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.example.data.simple.SimpleGroupFactory;
import org.apache.parquet.format.FileMetaData;
import org.apache.parquet.format.Util;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.example.ExampleParquetWriter;
import org.apache.parquet.hadoop.util.HadoopOutputFile;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;
import org.apache.parquet.schema.Types;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Statistics from real parquet files of one row group per row: a column's bounds cover every
 * value of the file or are left out, never narrower than the data.
 */
class FileStatisticsTest {
  private static final MessageType PARQUET = Types.buildMessage()
      .optional(PrimitiveTypeName.BINARY).as(LogicalTypeAnnotation.stringType()).named("StudentID")
      .optional(PrimitiveTypeName.INT64).named("TotalLogins")
      .named("gold");
  private static final StructType DELTA = new StructType()
      .add("StudentID", StringType.STRING).add("TotalLogins", LongType.LONG);
  private static final Column STUDENT = new Column("StudentID");
  private static final Column LOGINS = new Column("TotalLogins");

  @TempDir File work;

  @Test
  void boundsAndNullCountsAreMergedOverEveryRowGroup() throws IOException {
    DataFileStatistics stats = statistics(write(row("S5", 3L), row(null, 7L), row("S2", null), row("S9", 1L)));
    assertThat(stats.getNumRecords()).isEqualTo(4);
    assertThat(stats.getMinValues()).containsEntry(STUDENT, Literal.ofString("S2")).containsEntry(LOGINS, Literal.ofLong(1));
    assertThat(stats.getMaxValues()).containsEntry(STUDENT, Literal.ofString("S9")).containsEntry(LOGINS, Literal.ofLong(7));
    assertThat(stats.getNullCount()).containsEntry(STUDENT, 1L).containsEntry(LOGINS, 1L);
  }

  @Test
  void aColumnOfNullsOnlyHasANullCountAndNoBounds() throws IOException {
    DataFileStatistics stats = statistics(write(row(null, 1L), row(null, 2L)));
    assertThat(stats.getMinValues()).doesNotContainKey(STUDENT).containsEntry(LOGINS, Literal.ofLong(1));
    assertThat(stats.getMaxValues()).doesNotContainKey(STUDENT);
    assertThat(stats.getNullCount()).containsEntry(STUDENT, 2L);
  }

  /** parquet-mr leaves out the min and max of a chunk with a value over 4 KiB. */
  @Test
  void aRowGroupWithAValueOver4KiBLeavesTheColumnWithoutBounds() throws IOException {
    // "A..." sorts before every other ID: bounds merged from the other row groups would exclude it.
    File file = write(row("S5", 3L), row("A".repeat(5000), 4L), row("S9", 5L));
    DataFileStatistics stats = statistics(file);
    assertThat(stats.getMinValues()).doesNotContainKey(STUDENT).containsEntry(LOGINS, Literal.ofLong(3));
    assertThat(stats.getMaxValues()).doesNotContainKey(STUDENT).containsEntry(LOGINS, Literal.ofLong(5));
  }

  @Test
  void aChunkWithoutStatisticsLeavesTheColumnWithoutBoundsOrNullCount() throws IOException {
    File file = write(row("S5", 3L), row("S7", 9L), row("S9", 5L));
    withoutStatistics(file, 1, 1);
    DataFileStatistics stats = statistics(file);
    assertThat(stats.getMinValues()).containsEntry(STUDENT, Literal.ofString("S5")).doesNotContainKey(LOGINS);
    assertThat(stats.getMaxValues()).containsEntry(STUDENT, Literal.ofString("S9")).doesNotContainKey(LOGINS);
    assertThat(stats.getNullCount()).containsEntry(STUDENT, 0L).doesNotContainKey(LOGINS);
  }

  /** Readers compare UTF-8 bytes; 0xFF would become U+FFFD (EF BF BD), which sorts before it. */
  @Test
  void invalidUtf8LeavesTheColumnWithoutBounds() throws IOException {
    Group bad = row(null, 1L);
    bad.add("StudentID", Binary.fromConstantByteArray(new byte[] {'S', (byte) 0xFF}));
    DataFileStatistics stats = statistics(write(row("S1", 2L), bad));
    assertThat(stats.getMinValues()).doesNotContainKey(STUDENT);
    assertThat(stats.getMaxValues()).doesNotContainKey(STUDENT);
    assertThat(stats.getNullCount()).containsEntry(STUDENT, 0L);
  }

  private static Group row(String student, Long logins) {
    Group row = new SimpleGroupFactory(PARQUET).newGroup();
    if (student != null) {
      row.add("StudentID", student);
    }
    if (logins != null) {
      row.add("TotalLogins", logins);
    }
    return row;
  }

  /** A parquet file of one row group per row. */
  private File write(Group... rows) throws IOException {
    File file = new File(work, "part-" + System.nanoTime() + ".parquet");
    try (ParquetWriter<Group> writer = ExampleParquetWriter.builder(
            HadoopOutputFile.fromPath(new org.apache.hadoop.fs.Path(file.getAbsolutePath()), new Configuration()))
        .withType(PARQUET).withRowGroupSize(1).withMinRowCountForPageSizeCheck(1).withMaxRowCountForPageSizeCheck(1)
        .build()) {
      for (Group row : rows) {
        writer.write(row);
      }
    }
    return file;
  }

  private static DataFileStatistics statistics(File file) throws IOException {
    DataFileStatistics stats = FileStatistics.of(new DataFile(file.getName(), java.util.Map.of(), file.length(),
        file.lastModified(), null), new Path(file.toURI()), DELTA);
    assertThat(stats.getNumRecords()).isEqualTo(rowGroups(file));
    return stats;
  }

  private static long rowGroups(File file) throws IOException {
    return footer(Files.readAllBytes(file.toPath())).getRow_groupsSize();
  }

  /** Rewrites the file's footer without the statistics of one column chunk, as some writers leave it. */
  private static void withoutStatistics(File file, int rowGroup, int column) throws IOException {
    byte[] bytes = Files.readAllBytes(file.toPath());
    FileMetaData footer = footer(bytes);
    footer.getRow_groups().get(rowGroup).getColumns().get(column).getMeta_data().unsetStatistics();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(bytes, 0, bytes.length - 8 - footerLength(bytes));
    ByteArrayOutputStream thrift = new ByteArrayOutputStream();
    Util.writeFileMetaData(footer, thrift);
    thrift.writeTo(out);
    out.write(ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(thrift.size()).array());
    out.write("PAR1".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
    Files.write(file.toPath(), out.toByteArray());
  }

  private static FileMetaData footer(byte[] file) throws IOException {
    int length = footerLength(file);
    return Util.readFileMetaData(new ByteArrayInputStream(Arrays.copyOfRange(file, file.length - 8 - length, file.length - 8)));
  }

  private static int footerLength(byte[] file) {
    return ByteBuffer.wrap(file, file.length - 8, 4).order(ByteOrder.LITTLE_ENDIAN).getInt();
  }
}
