package dev.engagement.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.engagement.pipeline.lake.LakeLayout;
import dev.engagement.pipeline.lake.LakeTable;
import dev.engagement.pipeline.ops.Rollback;
import dev.engagement.pipeline.testing.DeltaLog;
import dev.engagement.pipeline.testing.ExpectedTables;
import dev.engagement.pipeline.testing.LakeReader;
import dev.engagement.pipeline.testing.Lakes;
import dev.engagement.pipeline.testing.PipelineRunner;
import dev.engagement.pipeline.testing.SparkDelta;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.flink.core.fs.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The vacuum keeps every file a version of the last --keep-versions-days needs, however old the
 * file: files a rollback added back and a later run removed again stay readable by time travel;
 * files whose last removal is older go, and so do old files no commit names.
 */
class VacuumITCase {
  @TempDir File work;
  private File bronze;
  private File lake;

  @Test
  void aVacuumAfterARollbackAndALaterRunKeepsEveryFileAVersionOfTheWindowNeeds() throws Exception {
    bronze = new File(work, "bronze");
    lake = new File(work, "lake");
    Lakes.copyInto(bronze, Lakes.fixtures("bronze"));
    run();
    Map<LakeTable, Integer> first = versions();
    Lakes.copyInto(bronze, Lakes.fixtures("increments/batch_1"));
    run();
    Lakes.copyInto(bronze, Lakes.fixtures("increments/batch_2"));
    run();
    Map<LakeTable, Integer> third = versions();
    File orphan = new File(lake, LakeTable.TOP_STUDENTS.path() + "/part-20250101T000000Z-dead-task-0-attempt-0-file-0.parquet");
    Files.copy(DeltaLog.currentFiles(new File(lake, LakeTable.TOP_STUDENTS.path())).keySet().iterator().next().toPath(),
        orphan.toPath());

    // Three days later: the second run's load is rolled back, and loaded again by the next run.
    ageEveryFile(Duration.ofDays(3));
    Map<String, List<Map<String, String>>> expected = new LinkedHashMap<>();
    record(expected); // the versions current at the cutoff
    Rollback.rollback(new LakeLayout(new Path(lake.toURI()), "StudentEngagement"), Optional.empty(), Optional.of(1L));
    record(expected);
    run();
    record(expected);

    new File(lake, "_pipeline/StudentEngagement/last-vacuum").delete();
    run("--keep-versions-days", "1"); // nothing new: vacuums only

    for (LakeTable table : LakeTable.values()) {
      File dir = new File(lake, table.path());
      Set<File> needed = new HashSet<>();
      for (int v = third.get(table); v < DeltaLog.commits(dir).size(); v++) {
        needed.addAll(DeltaLog.filesAt(dir, v).keySet());
      }
      assertThat(needed).as("files of %s's versions in the window", table.path()).allMatch(File::exists);
      Set<File> onlyBefore = new HashSet<>(DeltaLog.filesAt(dir, first.get(table)).keySet());
      onlyBefore.removeAll(needed);
      assertThat(onlyBefore).as("files of %s only versions before the window had", table.path()).noneMatch(File::exists);
    }
    assertThat(orphan).as("an old file no commit names").doesNotExist();
    Map<String, List<Map<String, String>>> spark = SparkDelta.read(lake, expected.keySet().toArray(String[]::new));
    expected.forEach((table, rows) -> ExpectedTables.assertSameRows("Spark's " + table, spark.get(table), rows));

    // Longer than the log keeps commits: said, not swallowed.
    new File(lake, "_pipeline/StudentEngagement/last-vacuum").delete();
    run("--keep-versions-days", "40");
    assertThat(Files.readString(new File("target/test-logs/pipeline.json.log").toPath())).as("the JSON log")
        .contains(LakeTable.GOLD.path().replace("/", "\\/") + ": --keep-versions-days is 40 days, but the log keeps commits 30 days");
  }

  /** Each table's latest version, as {@code table@version}, with its rows read from the log now. */
  private void record(Map<String, List<Map<String, String>>> expected) {
    versions().forEach((table, version) ->
        expected.put(table.path() + "@" + version, LakeReader.read(new File(lake, table.path()))));
  }

  private Map<LakeTable, Integer> versions() {
    Map<LakeTable, Integer> versions = new LinkedHashMap<>();
    for (LakeTable table : LakeTable.values()) {
      versions.put(table, DeltaLog.commits(new File(lake, table.path())).size() - 1);
    }
    return versions;
  }

  private void run(String... extra) {
    List<String> args = new ArrayList<>(List.of("--bronze", bronze.getPath(), "--lake", lake.getPath()));
    args.addAll(List.of(extra));
    PipelineRunner.Result result = PipelineRunner.run(work, args.toArray(String[]::new));
    assertThat(result.exitCode()).as(result.err()).isZero();
  }

  /** Moves every file's modification time back (the log's commits included: their time is the commit's). */
  private void ageEveryFile(Duration age) throws Exception {
    try (var files = Files.walk(lake.toPath())) {
      for (java.nio.file.Path f : files.filter(Files::isRegularFile).toList()) {
        Files.setLastModifiedTime(f, FileTime.from(Files.getLastModifiedTime(f).toInstant().minus(age)));
      }
    }
  }
}
