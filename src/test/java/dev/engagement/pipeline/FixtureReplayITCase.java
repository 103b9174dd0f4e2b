package dev.engagement.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.engagement.pipeline.bronze.BronzeColumns;
import dev.engagement.pipeline.bronze.BronzeSchema;
import dev.engagement.pipeline.lake.LakeTable;
import com.fasterxml.jackson.databind.JsonNode;
import dev.engagement.pipeline.testing.DeltaLog;
import dev.engagement.pipeline.testing.ExpectedTables;
import dev.engagement.pipeline.testing.IndependentWriters;
import dev.engagement.pipeline.testing.LakeReader;
import dev.engagement.pipeline.testing.PipelineRunner;
import dev.engagement.pipeline.testing.SparkDelta;
import java.io.File;
import java.nio.file.Files;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.flink.core.fs.Path;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Replays the testdata fixtures through the real job and compares every table to testdata/expected. */
class FixtureReplayITCase {
  @TempDir File work;

  @Test
  void stringBronzeProducesTheHandDerivedLake() throws Exception {
    File lake = new File(work, "lake");
    PipelineRunner.Result result = runFull("bronze", lake);

    assertLakeEquals(lake, "full");
    assertSparkReadsTheExpectedLake(lake, "full");
    assertThat(result.out())
        .contains("bronze rows read", "silver/student_engagement", lake.getPath())
        .containsPattern("silver/student_engagement\\s+13\\b");
    assertEveryRowAccountedFor(lake, 31);
    assertEachTableIsADeltaTableWithOneCommitOfTheRun(lake);
    assertQualityRowsCarryTheRunStart(lake);
  }

  @Test
  void nativeTypedBronzeGivesTheSameTypesAndRules() throws Exception {
    File lake = new File(work, "lake");
    runFull("bronze_native", lake);
    assertLakeEquals(lake, "native");
    assertEveryRowAccountedFor(lake, 5);
  }

  @Test
  void timestampsAreWallClockInt64MillisAndProgressIsDecimal() throws Exception {
    File lake = new File(work, "lake");
    runFull("bronze", lake);
    Map<String, String> silver = LakeReader.physicalTypes(new File(lake, LakeTable.SILVER.path()));
    assertThat(silver.get("LoginTime")).isEqualTo("INT64 TIMESTAMP(MILLIS,false)");
    assertThat(silver.get("LastModifiedDate")).isEqualTo("INT64 TIMESTAMP(MILLIS,false)");
    assertThat(silver.get("ProgressPercentage")).endsWith("DECIMAL(5,2)");
    assertThat(silver.get("EngagementScore")).isEqualTo("INT32");
    assertThat(silver).doesNotContainKey("LoginDate"); // a partition folder, not a column
  }

  @Test
  void aFullRunReplacesEveryTableOfThePreviousOne() throws Exception {
    File lake = new File(work, "lake");
    runFull("bronze", lake);
    runFull("bronze_native", lake);
    assertLakeEquals(lake, "native");
    File silver = new File(lake, LakeTable.SILVER.path());
    // The first run's files are no longer in the table, but stay for time travel until the vacuum.
    assertThat(DeltaLog.currentFiles(silver).values()).noneMatch(p -> "2025-01-10".equals(p.get("LoginDate")));
    assertThat(new File(silver, "LoginDate=2025-01-10").list()).isNotEmpty();
    assertThat(new File(lake, "_pipeline/StudentEngagement/runs").list()).isEmpty();
  }

  /**
   * The string fixture's rows dealt out over one folder of files from independent writers:
   * DuckDB with v2 pages and each codec, DuckDB with v1 pages and lower-case names, parquet-mr
   * with v2 pages, no dictionaries, upper-case names and each codec it writes. One job reads
   * them all (vectorized and record readers side by side) into the plain fixture's lake.
   */
  @Test
  void bronzeFromEveryWriterCodecAndPageVersionGivesTheSameLake() throws Exception {
    List<File> plain = LakeReader.parquetFiles(new File(PipelineRunner.TESTDATA, "bronze"));
    File bronze = new File(work, "mixed bronze #1");
    bronze.mkdirs();
    List<String> duckdb = List.of("COMPRESSION uncompressed, PARQUET_VERSION V2", "COMPRESSION snappy, PARQUET_VERSION V2",
        "COMPRESSION gzip, PARQUET_VERSION V2", "COMPRESSION zstd, PARQUET_VERSION V2",
        "COMPRESSION brotli, PARQUET_VERSION V2", "COMPRESSION lz4_raw, PARQUET_VERSION V2", "COMPRESSION snappy");
    List<CompressionCodecName> parquetMr = List.of(CompressionCodecName.LZ4, CompressionCodecName.LZ4_RAW,
        CompressionCodecName.ZSTD, CompressionCodecName.GZIP, CompressionCodecName.SNAPPY);
    int files = duckdb.size() + parquetMr.size();
    String lowerCase = BronzeColumns.REQUIRED.stream().map(c -> c + " AS " + c.toLowerCase(Locale.ROOT))
        .collect(Collectors.joining(", "));
    for (int i = 0; i < files; i++) {
      String share = "WHERE row_index % " + files + " = " + i;
      if (i < duckdb.size()) {
        String options = duckdb.get(i);
        IndependentWriters.duckdb(options.contains("V2") ? "* EXCLUDE (row_index)" : lowerCase, plain, share,
            new File(bronze, "duckdb-" + i + ".parquet"), options);
      } else {
        File rows = IndependentWriters.duckdb("* EXCLUDE (row_index)", plain, share,
            new File(work, "share-" + i + ".parquet"), "COMPRESSION uncompressed");
        IndependentWriters.parquetMr(rows, new File(bronze, "parquet-mr-" + i + ".parquet"),
            parquetMr.get(i - duckdb.size()), false, c -> c.toUpperCase(Locale.ROOT));
      }
    }
    BronzeSchema schema = BronzeSchema.inspect(new Path(bronze.toURI()));
    assertThat(schema.files()).hasSize(files);
    assertThat(schema.recordReaderFiles()).hasSizeBetween(1, files - 1);

    File lake = new File(work, "lake");
    PipelineRunner.Result result = PipelineRunner.run(work, "--bronze", bronze.getPath(), "--lake", lake.getPath());
    assertThat(result.exitCode()).as("exit status; stderr: %s", result.err()).isZero();
    assertLakeEquals(lake, "full");
    assertEveryRowAccountedFor(lake, 31);
  }

  private PipelineRunner.Result runFull(String bronze, File lake) {
    PipelineRunner.Result result = PipelineRunner.run(work,
        "--bronze", new File(PipelineRunner.TESTDATA, bronze).getPath(), "--lake", lake.getPath(), "--mode", "full");
    assertThat(result.exitCode()).as("exit status; stderr: %s", result.err()).isZero();
    return result;
  }

  static void assertLakeEquals(File lake, String expected) {
    for (LakeTable table : LakeTable.values()) {
      ExpectedTables.assertSameRows(table.path(), LakeReader.read(new File(lake, table.path())),
          new File(PipelineRunner.TESTDATA, "expected/" + expected + "/" + table.path() + ".jsonl"));
    }
  }

  /** Spark with delta-spark, an independent Delta reader, reads every table as expected. */
  static void assertSparkReadsTheExpectedLake(File lake, String expected) {
    String[] tables = java.util.Arrays.stream(LakeTable.values()).map(LakeTable::path).toArray(String[]::new);
    Map<String, List<Map<String, String>>> spark = SparkDelta.read(lake, tables);
    for (String table : tables) {
      ExpectedTables.assertSameRows("Spark's " + table, spark.get(table),
          new File(PipelineRunner.TESTDATA, "expected/" + expected + "/" + table + ".jsonl"));
    }
  }

  /** silver + rejected rows + rows with a NULL key = bronze rows read. */
  static void assertEveryRowAccountedFor(File lake, int bronzeRows) {
    long silver = LakeReader.read(new File(lake, LakeTable.SILVER.path())).size();
    long rejected = LakeReader.read(new File(lake, LakeTable.REJECTED_ROWS.path())).size();
    long nullKeys = LakeReader.read(new File(lake, LakeTable.NULL_VIOLATIONS.path())).stream()
        .filter(r -> List.of("NULL_STUDENT_ID", "NULL_COURSE_ID").contains(r.get("ErrorCode")))
        .count();
    assertThat(silver + rejected + nullKeys).isEqualTo(bronzeRows);
  }

  /**
   * Each table: reader version 1 and writer version 2, partitioned as its folders, created by one
   * commit and written by one more that carries the run's transaction and names the run.
   */
  static void assertEachTableIsADeltaTableWithOneCommitOfTheRun(File lake) {
    for (LakeTable table : LakeTable.values()) {
      List<List<JsonNode>> commits = DeltaLog.commits(new File(lake, table.path()));
      assertThat(commits).as("commits of %s", table.path()).hasSize(2);
      JsonNode protocol = action(commits.get(0), "protocol");
      assertThat(protocol.get("minReaderVersion").asInt()).isEqualTo(1);
      assertThat(protocol.get("minWriterVersion").asInt()).isEqualTo(2);
      List<String> partitionColumns = new java.util.ArrayList<>();
      action(commits.get(0), "metaData").get("partitionColumns").forEach(c -> partitionColumns.add(c.asText()));
      assertThat(partitionColumns).isEqualTo(table.partitionKey().map(List::of).orElse(List.of()));
      JsonNode txn = action(commits.get(1), "txn");
      assertThat(txn.get("appId").asText()).isEqualTo("StudentEngagement");
      assertThat(txn.get("version").asLong()).isZero();
      assertThat(action(commits.get(1), "commitInfo").get("operationParameters").get("runId").asText()).isNotBlank();
    }
  }

  private static JsonNode action(List<JsonNode> commit, String name) {
    return commit.stream().filter(a -> a.has(name)).findFirst().orElseThrow().get(name);
  }

  static void assertQualityRowsCarryTheRunStart(File lake) {
    for (LakeTable table : List.of(LakeTable.NULL_VIOLATIONS, LakeTable.REJECTED_ROWS)) {
      List<Map<String, String>> rows = LakeReader.read(new File(lake, table.path()));
      assertThat(rows).isNotEmpty();
      String timestamp = rows.get(0).get("ErrorTimestamp");
      assertThat(rows).allSatisfy(r -> {
        assertThat(r.get("ErrorTimestamp")).isEqualTo(timestamp);
        assertThat(r.get("ErrorDate")).isEqualTo(timestamp.substring(0, 10));
      });
    }
  }
}
