package dev.engagement.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.engagement.pipeline.lake.Compaction;
import dev.engagement.pipeline.lake.LakeLayout;
import dev.engagement.pipeline.lake.LakeTable;
import dev.engagement.pipeline.ops.Optimize;
import dev.engagement.pipeline.testing.DeltaLog;
import dev.engagement.pipeline.testing.ExpectedTables;
import dev.engagement.pipeline.testing.LakeReader;
import dev.engagement.pipeline.testing.Lakes;
import dev.engagement.pipeline.testing.NightlyLoads;
import dev.engagement.pipeline.testing.PipelineRunner;
import dev.engagement.pipeline.testing.SparkDelta;
import java.io.File;
import java.nio.file.Files;
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
  private static final int NIGHTS = 12;
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
  void aRunCommittingWhileACompactionIsUnderWayLosesNothing() throws Exception {
    File lake = nightlyLake(4);
    File plain = Lakes.copy(lake, new File(work, "plain"));
    NightlyLoads.write(new File(work, "bronze"), 4, 150);
    File go = new File(work, "go");
    System.setProperty("pipeline.pause-at", "before-compaction-commit");
    System.setProperty("pipeline.pause-file", go.getPath());
    CompletableFuture<List<Compaction.Result>> optimize;
    try {
      optimize = CompletableFuture.supplyAsync(() -> {
        try {
          return Optimize.optimize(layout(lake), Compaction.DEFAULT_TARGET_BYTES);
        } catch (Exception e) {
          throw new IllegalStateException(e);
        }
      });
      while (work.list((d, n) -> n.startsWith("go.") && n.endsWith(".paused")).length == 0) {
        Thread.sleep(20);
      }
      run(lake); // silver's compaction waits to commit: the run commits every table meanwhile
      Files.createFile(go.toPath());
      optimize.get(5, TimeUnit.MINUTES);
    } finally {
      System.clearProperty("pipeline.pause-at");
      System.clearProperty("pipeline.pause-file");
    }
    run(plain);
    Lakes.assertSameTables(lake, plain);
    assertThat(fileCounts(lake).get(LakeTable.SILVER)).isLessThan(fileCounts(plain).get(LakeTable.SILVER));
  }

  @Test
  void aCompactionWhileARunHoldsTheLockLosesNothing() throws Exception {
    File lake = nightlyLake(4);
    File plain = Lakes.copy(lake, new File(work, "plain"));
    NightlyLoads.write(new File(work, "bronze"), 4, 150);
    File go = new File(work, "go");
    Process paused = PipelineRunner.startInNewJvm(work,
        List.of("-Dpipeline.pause-at=before-commit-point", "-Dpipeline.pause-file=" + go.getPath()), "",
        new File(work, "paused-run.log"), "--bronze", new File(work, "bronze").getPath(), "--lake", lake.getPath());
    while (work.list((d, n) -> n.startsWith("go.") && n.endsWith(".paused")).length == 0) {
      assertThat(paused.isAlive()).as("the run reaches its commit point").isTrue();
      Thread.sleep(50);
    }
    List<Compaction.Result> results = Optimize.optimize(layout(lake), Compaction.DEFAULT_TARGET_BYTES);
    assertThat(results).anyMatch(r -> r.filesRemoved() > 0);
    Files.createFile(go.toPath());
    assertThat(paused.waitFor(5, TimeUnit.MINUTES)).isTrue();
    assertThat(paused.exitValue()).as("the run's exit status").isZero();
    run(plain);
    Lakes.assertSameTables(lake, plain);
  }

  /** A lake after {@code nights} nightly loads, each an incremental run. */
  private File nightlyLake(int nights) throws Exception {
    File bronze = new File(work, "bronze");
    File lake = new File(work, "lake");
    for (int night = 0; night < nights; night++) {
      NightlyLoads.write(bronze, night, 150);
      run(lake);
    }
    return lake;
  }

  private void run(File lake) {
    PipelineRunner.Result result = PipelineRunner.run(work, "--bronze", new File(work, "bronze").getPath(),
        "--lake", lake.getPath());
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
