package dev.engagement.pipeline.bronze;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.engagement.pipeline.testing.BatchTables;
import dev.engagement.pipeline.testing.IndependentWriters;
import dev.engagement.pipeline.testing.LakeReader;
import dev.engagement.pipeline.testing.PipelineRunner;
import java.io.File;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.file.src.FileSourceSplit;
import org.apache.flink.connector.file.src.reader.BulkFormat;
import org.apache.flink.connector.file.src.util.RecordAndPosition;
import org.apache.flink.core.fs.FileStatus;
import org.apache.flink.core.fs.Path;
import org.apache.flink.table.api.DataTypes;
import org.apache.flink.table.api.TableEnvironment;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.runtime.typeutils.InternalTypeInfo;
import org.apache.flink.table.types.logical.RowType;
import org.apache.parquet.column.Encoding;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bronze written by independent writers, with every codec, v1 and v2 pages and the DELTA_* and
 * BYTE_STREAM_SPLIT encodings, reads as the same rows and types as the plain fixture. It also
 * checks the routing rule against Flink's vectorized reader itself: every file the footers send
 * to it is read by it, every other file makes it fail.
 */
class BronzeFormatTest {
  private static final List<String> DUCKDB_CODECS = List.of("uncompressed", "snappy", "gzip", "zstd", "brotli", "lz4_raw");
  private static final List<CompressionCodecName> PARQUET_MR_CODECS = List.of(CompressionCodecName.UNCOMPRESSED,
      CompressionCodecName.SNAPPY, CompressionCodecName.GZIP, CompressionCodecName.ZSTD, CompressionCodecName.LZ4,
      CompressionCodecName.LZ4_RAW);

  @TempDir File dir;

  @Test
  void everyWriterCodecAndEncodingReadsAsThePlainFixture() throws Exception {
    Set<Encoding> seen = EnumSet.noneOf(Encoding.class);
    TreeMap<String, String> routes = new TreeMap<>();
    for (String fixture : List.of("bronze", "bronze_native")) {
      List<File> plain = LakeReader.parquetFiles(new File(PipelineRunner.TESTDATA, fixture));
      BronzeSchema expected = BronzeSchema.inspect(new Path(new File(PipelineRunner.TESTDATA, fixture).toURI()));
      List<String> expectedRows = read(expected, false);
      for (File variant : variants(fixture, plain)) {
        BronzeSchema schema = BronzeSchema.inspect(new Path(variant.toURI()));
        boolean records = !schema.recordReaderFiles().isEmpty();
        routes.put(variant.getName(), records ? "record reader" : "vectorized");
        seen.addAll(encodings(variant));
        assertThat(schema.columns()).as(variant.getPath()).isEqualTo(expected.columns());
        assertThat(read(schema, false)).as(variant.getPath()).containsExactlyInAnyOrderElementsOf(expectedRows);
        if (records) {
          assertThatThrownBy(() -> read(schema, true)).as("the vectorized reader on %s", variant)
              .hasStackTraceContaining("Unsupported encoding");
        } else {
          assertThat(read(schema, true)).as(variant.getPath()).containsExactlyInAnyOrderElementsOf(expectedRows);
        }
      }
    }
    System.out.println("bronze read paths: " + routes + "; encodings seen: " + seen);
    assertThat(seen).contains(Encoding.DELTA_BINARY_PACKED, Encoding.DELTA_LENGTH_BYTE_ARRAY,
        Encoding.DELTA_BYTE_ARRAY, Encoding.BYTE_STREAM_SPLIT, Encoding.RLE_DICTIONARY);
    assertThat(routes).containsEntry("bronze-duckdb-v2-zstd", "record reader");
  }

  @Test
  void theTableSourceReadsExactlyTheFilesItIsGiven() throws Exception {
    BronzeSchema bronze = BronzeSchema.inspect(new Path(new File(PipelineRunner.TESTDATA, "bronze").toURI()));
    TableEnvironment tEnv = BatchTables.batch();
    assertThat(BatchTables.collect(tEnv.from(BronzeSource.of(bronze, bronze.files())))).hasSize(31);
    assertThat(BatchTables.collect(tEnv.from(BronzeSource.of(bronze, bronze.files().subList(0, 1))))).hasSize(16);
    // An incremental run whose files all end before the watermark reads none.
    assertThat(BatchTables.collect(tEnv.from(BronzeSource.of(bronze, List.of())))).isEmpty();
  }

  @Test
  void v2PagesWithDictionariesStayWithTheVectorizedReader() throws Exception {
    List<File> plain = LakeReader.parquetFiles(new File(PipelineRunner.TESTDATA, "bronze"));
    // Each row 50 times, so that parquet-mr keeps every column's dictionary.
    File repeated = IndependentWriters.duckdb("rows.* EXCLUDE (row_index)", plain, ", range(50)",
        file("repeated", "part"), "COMPRESSION snappy");
    parquetMr("v2-dictionary", List.of(repeated), CompressionCodecName.SNAPPY, true);
    BronzeSchema schema = BronzeSchema.inspect(new Path(new File(dir, "v2-dictionary").toURI()));
    assertThat(encodings(new File(dir, "v2-dictionary"))).containsOnly(Encoding.PLAIN, Encoding.RLE_DICTIONARY);
    assertThat(schema.recordReaderFiles()).isEmpty();
    List<String> expected = read(BronzeSchema.inspect(new Path(repeated.getParentFile().toURI())), true);
    assertThat(expected).hasSize(50 * 31);
    assertThat(read(schema, true)).containsExactlyInAnyOrderElementsOf(expected);
  }

  /**
   * Folders holding the fixture's rows rewritten by DuckDB (v2 pages with each codec; v1 with
   * lower-case names) and by parquet-mr (v2 pages, no dictionaries, upper-case names).
   */
  private List<File> variants(String fixture, List<File> plain) throws Exception {
    List<File> folders = new ArrayList<>();
    // DuckDB reads TIMESTAMP(MILLIS) as microseconds; keep the fixture's unit.
    String loginTime = fixture.equals("bronze") ? "LoginTime" : "LoginTime::TIMESTAMP_MS";
    for (String codec : DUCKDB_CODECS) {
      folders.add(IndependentWriters.duckdb("* EXCLUDE (row_index, LoginTime), " + loginTime + " AS LoginTime",
          plain, "", file(fixture + "-duckdb-v2-" + codec, "part"), "COMPRESSION " + codec + ", PARQUET_VERSION V2")
          .getParentFile());
    }
    String lowerCase = BronzeColumns.REQUIRED.stream()
        .map(c -> (c.equals("LoginTime") ? loginTime : c) + " AS " + c.toLowerCase(Locale.ROOT))
        .collect(Collectors.joining(", "));
    folders.add(IndependentWriters.duckdb(lowerCase, plain, "", file(fixture + "-duckdb-v1-lower-case", "part"),
        "COMPRESSION snappy").getParentFile());
    for (CompressionCodecName codec : PARQUET_MR_CODECS) {
      folders.add(parquetMr(fixture + "-parquet-mr-v2-" + codec, plain, codec, false));
    }
    return folders;
  }

  private File parquetMr(String folder, List<File> plain, CompressionCodecName codec, boolean dictionary)
      throws Exception {
    for (File source : plain) {
      IndependentWriters.parquetMr(source, file(folder, source.getName()), codec, dictionary,
          c -> c.toUpperCase(Locale.ROOT));
    }
    return new File(dir, folder);
  }

  private File file(String folder, String name) {
    File file = new File(new File(dir, folder), name.endsWith(".parquet") ? name : name + ".parquet");
    file.getParentFile().mkdirs();
    return file;
  }

  /** Every row of the bronze files, as text; {@code vectorizedOnly}: every file through Flink's vectorized reader. */
  private static List<String> read(BronzeSchema schema, boolean vectorizedOnly) throws Exception {
    RowType rowType = (RowType) DataTypes.ROW(schema.columns().entrySet().stream()
        .map(c -> DataTypes.FIELD(c.getKey(), c.getValue())).toArray(DataTypes.Field[]::new)).getLogicalType();
    BronzeFormat format = new BronzeFormat(rowType, InternalTypeInfo.of(rowType), vectorizedOnly ? Set.of()
        : schema.recordReaderFiles().stream().map(p -> p.toUri().getPath()).collect(Collectors.toSet()));
    List<RowData.FieldGetter> fields = IntStream.range(0, rowType.getFieldCount())
        .mapToObj(i -> RowData.createFieldGetter(rowType.getTypeAt(i), i)).toList();
    List<String> rows = new ArrayList<>();
    for (FileStatus file : schema.files()) {
      FileSourceSplit split = new FileSourceSplit("0", file.getPath(), 0, file.getLen(), 0, file.getLen());
      try (BulkFormat.Reader<RowData> reader = format.createReader(new Configuration(), split)) {
        for (BulkFormat.RecordIterator<RowData> batch; (batch = reader.readBatch()) != null; batch.releaseBatch()) {
          for (RecordAndPosition<RowData> row; (row = batch.next()) != null; ) {
            RowData record = row.getRecord();
            rows.add(fields.stream().map(f -> String.valueOf(f.getFieldOrNull(record))).toList().toString());
          }
        }
      }
    }
    return rows;
  }

  private static Set<Encoding> encodings(File folder) {
    Set<Encoding> encodings = EnumSet.noneOf(Encoding.class);
    for (File file : LakeReader.parquetFiles(folder)) {
      LakeReader.footer(file).getBlocks().forEach(b -> b.getColumns().forEach(c -> encodings.addAll(c.getEncodings())));
    }
    return encodings;
  }
}
