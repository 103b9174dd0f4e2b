package dev.engagement.pipeline.bronze;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.engagement.pipeline.testing.FixtureWriter;
import dev.engagement.pipeline.testing.PipelineRunner;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.core.fs.Path;
import org.apache.flink.table.api.DataTypes;
import org.apache.parquet.format.CompressionCodec;
import org.apache.parquet.format.FileMetaData;
import org.apache.parquet.format.Util;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The bronze contract is checked from the footers, before anything runs or is written. */
class BronzeSchemaTest {
  @TempDir File dir;

  @Test
  void readsTypesFromTheFootersAndIgnoresHiddenFiles() throws Exception {
    parquet("a", "Extra", "int32");
    parquet("nested/b");
    Files.writeString(new File(dir, "_SUCCESS").toPath(), "");
    Files.writeString(new File(dir, ".a.parquet.crc").toPath(), "not parquet");
    new File(dir, "_temporary").mkdirs();
    Files.writeString(new File(dir, "_temporary/part-0").toPath(), "half written");

    BronzeSchema schema = BronzeSchema.inspect(new Path(dir.toURI()));

    assertThat(schema.files()).hasSize(2);
    assertThat(schema.rows()).isEqualTo(2);
    assertThat(schema.columns()).containsOnlyKeys(BronzeColumns.REQUIRED);
    assertThat(schema.columns().values()).containsOnly(DataTypes.STRING());
  }

  @Test
  void nativeTypesMapToWhatFlinksParquetReaderReads() throws Exception {
    parquet("native", "StudentID", "int64", "CourseID", "int32", "LoginTime", "int96",
        "ProgressPercentage", "decimal(5,2)", "EngagementScore", "double", "LastModifiedDate", "timestamp_micros");
    BronzeSchema schema = BronzeSchema.inspect(new Path(dir.toURI()));
    assertThat(schema.columns()).containsEntry("StudentID", DataTypes.BIGINT())
        .containsEntry("CourseID", DataTypes.INT())
        .containsEntry("LoginTime", DataTypes.TIMESTAMP(9))
        .containsEntry("ProgressPercentage", DataTypes.DECIMAL(5, 2))
        .containsEntry("EngagementScore", DataTypes.DOUBLE())
        .containsEntry("LastModifiedDate", DataTypes.TIMESTAMP(6));
  }

  @Test
  void aMissingColumnNamesTheFileAndColumn() throws Exception {
    parquet("good");
    File bad = parquet("bad", "EngagementScore", null, "Engagement", "string");
    assertRefused("bronze file " + new Path(bad.toURI()) + " has no column EngagementScore");
  }

  @Test
  void filesThatDisagreeOnATypeAreRefused() throws Exception {
    parquet("a");
    File b = parquet("b", "ProgressPercentage", "double");
    assertRefused("bronze column ProgressPercentage is DOUBLE in " + new Path(b.toURI()) + " but STRING in");
  }

  @Test
  void aFileThatIsNotParquetIsNamed() throws Exception {
    parquet("a");
    File text = new File(dir, "notes.parquet");
    Files.writeString(text.toPath(), "StudentID,CourseID\nS1,C1\n");
    assertRefused(new Path(text.toURI()) + " is not a readable parquet file");
  }

  @Test
  void aZeroByteFileIsNamed() throws Exception {
    File empty = new File(dir, "empty.parquet");
    Files.writeString(empty.toPath(), "");
    assertRefused(new Path(empty.toURI()) + " is not a parquet file (0 bytes)");
  }

  @Test
  void anEmptyOrMissingFolderIsRefused() {
    assertRefused("has no parquet files");
    assertThatThrownBy(() -> BronzeSchema.inspect(new Path(new File(dir, "missing").toURI())))
        .hasMessageContaining("has no parquet files");
  }

  @Test
  void anUnsupportedTypeIsNamed() throws Exception {
    File f = parquet("a", "LoginTime", "boolean");
    assertRefused("bronze file " + new Path(f.toURI()) + " column LoginTime has unsupported parquet type");
  }

  @Test
  void thePipelineRefusesBadBronzeWithOneLineAndWritesNothing() throws Exception {
    File f = parquet("bronze/a", "CourseID", null);
    assertThePipelineRefuses("bronze file " + new Path(f.toURI()) + " has no column CourseID");
  }

  @Test
  void columnsMatchInAnyCase() throws Exception {
    parquet("lower", "StudentID", null, "studentid", "string");
    parquet("upper", "CourseID", null, "COURSEID", "string");
    BronzeSchema schema = BronzeSchema.inspect(new Path(dir.toURI()));
    assertThat(schema.columns()).containsOnlyKeys(BronzeColumns.REQUIRED);
  }

  @Test
  void columnsThatDifferOnlyInCaseAreRefusedNamingBoth() throws Exception {
    File f = parquet("a", "studentID", "string");
    assertRefused("bronze file " + new Path(f.toURI()) + " has columns StudentID and studentID, which differ only in case");
  }

  @Test
  void aCodecThatCannotBeReadIsRefusedBeforeAnythingRunsNamingFileColumnAndCodec() throws Exception {
    File f = parquet("bronze/lzo");
    relabelCodec(f, CompressionCodec.LZO);
    assertThePipelineRefuses("bronze file " + new Path(f.toURI()) + " column StudentID"
        + " is compressed with LZO, which this build cannot read");
  }

  @Test
  void aLakeInsideBronzeOrBronzeInsideTheLakeIsRefusedBeforeAnythingRuns() throws Exception {
    parquet("bronze/a");
    for (String[] folders : new String[][] {{"bronze", "bronze/lake"}, {"lake/bronze", "lake"}, {"bronze", "bronze/"}}) {
      File bronze = new File(dir, folders[0]);
      File lake = new File(dir, folders[1]);
      PipelineRunner.Result result = PipelineRunner.run(dir, "--bronze", bronze.getPath(), "--lake", lake.getPath());
      assertThat(result.exitCode()).as(result.err()).isEqualTo(2);
      assertThat(result.err().strip()).startsWith("error: --lake ").contains("--bronze ")
          .endsWith("bronze and the lake must be separate folders").doesNotContain("\n");
      assertThat(new File(dir, "bronze/lake")).doesNotExist();
      assertThat(new File(dir, "lake")).doesNotExist();
    }
  }

  /** Rewrites the footer to claim every column chunk is compressed with {@code codec} (the pages stay as they are). */
  private static void relabelCodec(File file, CompressionCodec codec) throws Exception {
    byte[] bytes = Files.readAllBytes(file.toPath());
    int footerLength = ByteBuffer.wrap(bytes, bytes.length - 8, 4).order(ByteOrder.LITTLE_ENDIAN).getInt();
    int footerStart = bytes.length - 8 - footerLength;
    FileMetaData footer = Util.readFileMetaData(new ByteArrayInputStream(bytes, footerStart, footerLength));
    footer.getRow_groups().forEach(g -> g.getColumns().forEach(c -> c.getMeta_data().setCodec(codec)));
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(bytes, 0, footerStart);
    ByteArrayOutputStream newFooter = new ByteArrayOutputStream();
    Util.writeFileMetaData(footer, newFooter);
    newFooter.writeTo(out);
    out.write(ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(newFooter.size()).array());
    out.write("PAR1".getBytes(StandardCharsets.US_ASCII));
    Files.write(file.toPath(), out.toByteArray());
  }

  /** The pipeline on {@code <dir>/bronze} exits 2 with one line starting with {@code message} and writes no table. */
  private void assertThePipelineRefuses(String message) {
    File lake = new File(dir, "lake");
    PipelineRunner.Result result = PipelineRunner.run(dir, "--bronze", new File(dir, "bronze").getPath(),
        "--lake", lake.getPath());
    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(result.err().strip()).startsWith("error: " + message).doesNotContain("\n");
    assertThat(new File(lake, "silver")).doesNotExist();
    assertThat(new File(lake, "gold")).doesNotExist();
  }

  private void assertRefused(String message) {
    assertThatThrownBy(() -> BronzeSchema.inspect(new Path(dir.toURI())))
        .hasMessageContaining(message);
  }

  /** A one-row parquet file {@code <dir>/<name>.parquet}: the string contract with some columns changed. */
  private File parquet(String name, String... changes) throws Exception {
    Map<String, String> schema = new LinkedHashMap<>();
    BronzeColumns.REQUIRED.forEach(c -> schema.put(c, "string"));
    for (int i = 0; i < changes.length; i += 2) {
      if (changes[i + 1] == null) {
        schema.remove(changes[i]);
      } else {
        schema.put(changes[i], changes[i + 1]);
      }
    }
    Map<String, Object> row = new LinkedHashMap<>();
    schema.forEach((column, type) -> row.put(column, switch (type) {
      case "string" -> "x";
      case "boolean" -> true;
      default -> type.startsWith("timestamp") || type.equals("int96") ? "2025-01-01 00:00:00" : 1;
    }));
    File source = new File(dir, "_src/" + name + ".json");
    source.getParentFile().mkdirs();
    new ObjectMapper().writeValue(source, Map.of("schema", schema, "rows", List.of(row)));
    File target = new File(dir, name + ".parquet");
    target.getParentFile().mkdirs();
    FixtureWriter.write(source, target);
    return target;
  }
}
