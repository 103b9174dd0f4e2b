package dev.engagement.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.engagement.pipeline.lake.Compaction;
import dev.engagement.pipeline.lake.LakeLayout;
import dev.engagement.pipeline.lake.LakeTable;
import dev.engagement.pipeline.ops.Optimize;
import dev.engagement.pipeline.parquet.ParquetRecords;
import dev.engagement.pipeline.tools.BronzeGenerator;
import dev.engagement.pipeline.testing.DeltaLog;
import dev.engagement.pipeline.testing.ExpectedTables;
import dev.engagement.pipeline.testing.LakeReader;
import dev.engagement.pipeline.testing.Lakes;
import dev.engagement.pipeline.testing.PipelineRunner;
import dev.engagement.pipeline.testing.SparkDelta;
import java.io.File;
import java.nio.file.Files;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.flink.core.fs.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * OPTIMIZE on a lake of nightly loads: few files, the same rows at the version before and after
 * (read by the pipeline's reader and by delta-spark), every add and remove a rearrangement with
 * full statistics; and a run and a compaction that overlap end with every row exactly once.
 */
class CompactionITCase {
  private static final int NIGHTS = 8;
  private static final ObjectMapper JSON = new ObjectMapper();
  @TempDir File work;

  @Test
  void optimizeCompactsNightlyLoadsIntoFewFilesWithTheSameRows() throws Exception {
    File lake = nightlyLake(NIGHTS);
    Map<LakeTable, Integer> filesBefore = fileCounts(lake);
    Map<LakeTable, Integer> versionBefore = versions(lake);
    Map<LakeTable, List<Map<String, String>>> rowsBefore = rows(lake);

    List<Compaction.Result> results = Optimize.optimize(layout(lake), Compaction.DEFAULT_TARGET_BYTES);

    Map<LakeTable, Integer> filesAfter = fileCounts(lake);
    int days = new File(lake, LakeTable.SILVER.path()).list((d, n) -> n.startsWith("LoginDate=")).length;
    assertThat(filesBefore.get(LakeTable.SILVER)).as("silver's files before").isGreaterThan(3 * days);
    assertThat(filesAfter.get(LakeTable.SILVER)).as("silver: a file per day partition").isEqualTo(days);
    assertThat(filesAfter.get(LakeTable.GOLD)).as("gold: a file per course (each night rewrote every course)").isEqualTo(20);
    assertThat(results).allMatch(r -> r.filesAfter() == filesAfter.get(r.table()));
    assertThat(rows(lake)).as("every table, row for row").isEqualTo(rowsBefore);

    List<LakeTable> compacted = results.stream().filter(r -> r.filesRemoved() > 0).map(Compaction.Result::table).toList();
    assertThat(compacted).contains(LakeTable.SILVER, LakeTable.NULL_VIOLATIONS, LakeTable.REJECTED_ROWS);
    for (LakeTable table : compacted) {
      List<JsonNode> commit = DeltaLog.commits(new File(lake, table.path())).get(versionBefore.get(table) + 1);
      assertThat(commit).filteredOn(a -> a.has("commitInfo"))
          .allMatch(a -> a.get("commitInfo").get("operation").asText().equals("OPTIMIZE"));
      List<JsonNode> files = commit.stream().filter(a -> a.has("add") || a.has("remove"))
          .map(a -> a.has("add") ? a.get("add") : a.get("remove")).toList();
      assertThat(files).as("%s's compaction adds and removes", table.path()).isNotEmpty()
          .allMatch(f -> !f.get("dataChange").asBoolean());
      for (JsonNode add : commit.stream().filter(a -> a.has("add")).map(a -> a.get("add")).toList()) {
        JsonNode stats = JSON.readTree(add.get("stats").asText());
        List<String> columns = new ArrayList<>(LakeReader.physicalTypes(new File(lake, table.path())).keySet());
        columns.removeAll(table.partitionKey().map(List::of).orElse(List.of()));
        assertThat(stats.get("numRecords").asLong()).isPositive();
        for (String column : columns) {
          assertThat(stats.get("nullCount").has(column)).as("%s nullCount of %s", table.path(), column).isTrue();
          assertThat(stats.get("minValues").has(column) || stats.get("nullCount").get(column).asLong()
              == stats.get("numRecords").asLong()).as("%s minValues of %s", table.path(), column).isTrue();
        }
      }
    }

    Map<String, List<Map<String, String>>> expected = new LinkedHashMap<>();
    for (LakeTable table : List.of(LakeTable.SILVER, LakeTable.REJECTED_ROWS)) {
      List<Map<String, String>> rows = LakeReader.read(new File(lake, table.path()));
      expected.put(table.path() + "@" + versionBefore.get(table), rows);
      expected.put(table.path() + "@" + (versionBefore.get(table) + 1), rows);
    }
    Map<String, List<Map<String, String>>> spark = SparkDelta.read(lake, expected.keySet().toArray(String[]::new));
    expected.forEach((table, rows) -> ExpectedTables.assertSameRows("Spark's " + table, spark.get(table), rows));

    assertThat(Optimize.optimize(layout(lake), Compaction.DEFAULT_TARGET_BYTES))
        .as("a second optimize finds nothing to do").allMatch(r -> r.filesRemoved() == 0);
  }

  @Test
  void autoCompactionAfterEachRunKeepsTheRowsAndCountsItsFiles() throws Exception {
    File lake = new File(work, "lake");
    File plain = new File(work, "plain");
    for (int n = 0; n < 5; n++) {
      night(n);
      run(lake, "--auto-optimize-files", "4");
      run(plain);
    }
    Lakes.assertSameTables(lake, plain);
    assertThat(fileCounts(lake).get(LakeTable.SILVER)).isLessThan(fileCounts(plain).get(LakeTable.SILVER));
    assertThat(DeltaLog.commits(new File(lake, LakeTable.SILVER.path())).stream().flatMap(List::stream)
        .filter(a -> a.has("commitInfo") && a.get("commitInfo").get("operation").asText().equals("OPTIMIZE")))
        .as("silver's compactions").isNotEmpty()
        .allMatch(a -> a.get("commitInfo").get("operationParameters").get("auto").asText().equals("true"));
    assertThat(ParquetRecords.read(new Path(new File(lake, "_pipeline/run_log").toURI())))
        .as("the run log counts the files compacted").anyMatch(r -> r.get("FilesCompacted") instanceof Long f && f > 0);
  }

  @Test
  void aRunCommittingWhileACompactionIsUnderWayLosesNothing() throws Exception {
    File plain = besideTheFifthNightsRun((lake, go) -> {
      System.setProperty("pipeline.pause-at", "before-compaction-commit");
      System.setProperty("pipeline.pause-file", go.getPath());
      try {
        CompletableFuture<List<Compaction.Result>> optimize = CompletableFuture.supplyAsync(() -> {
          try {
            return Optimize.optimize(layout(lake), Compaction.DEFAULT_TARGET_BYTES);
          } catch (Exception e) {
            throw new IllegalStateException(e);
          }
        });
        awaitPaused(go, () -> !optimize.isDone());
        run(lake); // silver's compaction waits to commit: the run commits every table meanwhile
        Files.createFile(go.toPath());
        optimize.get(5, TimeUnit.MINUTES);
      } finally {
        System.clearProperty("pipeline.pause-at");
        System.clearProperty("pipeline.pause-file");
      }
    });
    assertThat(fileCounts(new File(work, "lake")).get(LakeTable.SILVER)).isLessThan(fileCounts(plain).get(LakeTable.SILVER));
  }

  @Test
  void aCompactionWhileARunHoldsTheLockLosesNothing() throws Exception {
    besideTheFifthNightsRun((lake, go) -> {
      Process paused = PipelineRunner.startInNewJvm(work,
          List.of("-Dpipeline.pause-at=before-commit-point", "-Dpipeline.pause-file=" + go.getPath()), "",
          new File(work, "paused-run.log"), "--bronze", new File(work, "bronze").getPath(), "--lake", lake.getPath());
      awaitPaused(go, paused::isAlive);
      assertThat(Optimize.optimize(layout(lake), Compaction.DEFAULT_TARGET_BYTES)).anyMatch(r -> r.filesRemoved() > 0);
      Files.createFile(go.toPath());
      assertThat(paused.waitFor(5, TimeUnit.MINUTES)).isTrue();
      assertThat(paused.exitValue()).as("the run's exit status").isZero();
    });
  }

  /** The fifth night's run and a compaction, overlapping as {@code overlap} lines them up on the lake. */
  private interface Overlap {
    void run(File lake, File go) throws Exception;
  }

  /**
   * Four nights' runs; then the fifth night's run overlaps a compaction: the lake must equal a
   * copy where the fifth run ran alone (returned), every row exactly once.
   */
  private File besideTheFifthNightsRun(Overlap overlap) throws Exception {
    File lake = nightlyLake(4);
    File plain = Lakes.copy(lake, new File(work, "plain"));
    night(4);
    overlap.run(lake, new File(work, "go"));
    run(plain);
    Lakes.assertSameTables(lake, plain);
    return plain;
  }

  /** Waits until a writer paused at a crash point with {@code go} as its pause file. */
  private void awaitPaused(File go, java.util.function.BooleanSupplier alive) throws InterruptedException {
    while (work.list((d, n) -> n.startsWith(go.getName() + ".") && n.endsWith(".paused")).length == 0) {
      assertThat(alive.getAsBoolean()).as("the writer reaches its pause").isTrue();
      Thread.sleep(20);
    }
  }

  /** A lake after {@code nights} nightly loads, each an incremental run. */
  private File nightlyLake(int nights) throws Exception {
    File bronze = new File(work, "bronze");
    File lake = new File(work, "lake");
    for (int night = 0; night < nights; night++) {
      night(night);
      run(lake);
    }
    return lake;
  }

  /** Night {@code night}'s export: 150 rows over 20 courses, logins on the 40 days before it. */
  private void night(int night) throws Exception {
    BronzeGenerator.night(new Path(new File(work, "bronze").toURI()), 150, 7, LocalDateTime.parse("2025-03-01T00:00"),
        20, night);
  }

  private void run(File lake, String... extra) {
    List<String> args = new ArrayList<>(List.of("--bronze", new File(work, "bronze").getPath(), "--lake", lake.getPath()));
    args.addAll(List.of(extra));
    PipelineRunner.Result result = PipelineRunner.run(work, args.toArray(String[]::new));
    assertThat(result.exitCode()).as(result.err()).isZero();
  }

  private static LakeLayout layout(File lake) {
    return new LakeLayout(new Path(lake.toURI()), "StudentEngagement");
  }

  private static Map<LakeTable, Integer> fileCounts(File lake) {
    Map<LakeTable, Integer> counts = new EnumMap<>(LakeTable.class);
    for (LakeTable table : LakeTable.values()) {
      counts.put(table, DeltaLog.currentFiles(new File(lake, table.path())).size());
    }
    return counts;
  }

  private static Map<LakeTable, Integer> versions(File lake) {
    Map<LakeTable, Integer> versions = new EnumMap<>(LakeTable.class);
    for (LakeTable table : LakeTable.values()) {
      versions.put(table, DeltaLog.commits(new File(lake, table.path())).size() - 1);
    }
    return versions;
  }

  private static Map<LakeTable, List<Map<String, String>>> rows(File lake) {
    Map<LakeTable, List<Map<String, String>>> rows = new EnumMap<>(LakeTable.class);
    for (LakeTable table : LakeTable.values()) {
      rows.put(table, Lakes.rows(lake, table).stream().sorted(java.util.Comparator.comparing(Object::toString)).toList());
    }
    return rows;
  }
}
