package dev.engagement.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.engagement.pipeline.lake.LakeLayout;
import dev.engagement.pipeline.lake.LakeTable;
import dev.engagement.pipeline.ops.Erase;
import dev.engagement.pipeline.parquet.ParquetRecords;
import dev.engagement.pipeline.testing.DeltaLog;
import dev.engagement.pipeline.testing.LakeReader;
import dev.engagement.pipeline.testing.Lakes;
import dev.engagement.pipeline.testing.PipelineRunner;
import dev.engagement.pipeline.testing.ReferencePipeline;
import dev.engagement.pipeline.tools.BronzeGenerator;
import java.io.File;
import java.nio.file.Files;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.flink.core.fs.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Erasing two students of the fixture (S002: silver, null_violations, gold and the reports; S008:
 * only the quality tables): no table, no version kept for time travel and no later run, full or
 * incremental over the unchanged bronze, has a row of theirs; every other row is what a pipeline
 * that never saw them holds (the reference pipeline, over bronze without their rows).
 */
class ErasureITCase {
  static final Set<String> ERASED = Set.of("S002", "S008");
  @TempDir File work;

  @Test
  void anEraseLeavesNoRowOfTheStudentsInAnyTableVersionOrLaterRun() throws Exception {
    File bronze = new File(work, "bronze");
    File lake = new File(work, "lake");
    List<Map<String, String>> sources = new ArrayList<>();
    ReferencePipeline reference = new ReferencePipeline();
    sources.addAll(ReferencePipeline.sourceRows(Lakes.copyInto(bronze, Lakes.fixtures("bronze"))));
    run(bronze, lake);
    reference.run(withoutErased(sources), true);
    sources.addAll(ReferencePipeline.sourceRows(Lakes.copyInto(bronze, Lakes.fixtures("increments/batch_1"))));
    run(bronze, lake);
    reference.run(withoutErased(sources), false);
    assertThat(holding(lake)).as("files with their rows before the erase").isNotEmpty();

    Erase.Result result = Erase.erase(layout(lake), ERASED, Optional.of(new Path(bronze.toURI())));

    Lakes.assertSameTables(lake, reference);
    assertThat(holding(lake)).as("files of any version that hold their rows").isEmpty();
    for (LakeTable table : LakeTable.values()) {
      File dir = new File(lake, table.path());
      for (int v = 0; v < DeltaLog.commits(dir).size(); v++) {
        for (File file : DeltaLog.filesAt(dir, v).keySet()) {
          assertThat(!file.exists() || rowsOf(file).isEmpty()).as("%s version %d: %s", table.path(), v, file).isTrue();
        }
      }
    }
    assertThat(result.rowsErased().get(LakeTable.SILVER)).as("silver rows erased").isPositive();
    assertThat(result.bronzeFiles()).as("bronze files still holding their rows")
        .containsExactlyInAnyOrder(bronzeFile(bronze, "export_2025_01_a.parquet"),
            bronzeFile(bronze, "export_2025_01_b.parquet"), bronzeFile(bronze, "export_2025_03_a.parquet"));
    assertThat(Files.readString(new File(lake, "_pipeline/erased-students.json").toPath()))
        .as("the erased list").doesNotContain("S002").doesNotContain("S008");

    sources.addAll(ReferencePipeline.sourceRows(Lakes.copyInto(bronze, Lakes.fixtures("increments/batch_2"))));
    run(bronze, lake);
    reference.run(withoutErased(sources), false);
    Lakes.assertSameTables(lake, reference);
    assertThat(holding(lake)).as("after the next incremental run").isEmpty();
    run(bronze, lake, "--mode", "full");
    ReferencePipeline full = new ReferencePipeline();
    full.run(withoutErased(sources), true);
    Lakes.assertSameTables(lake, full);
    assertThat(holding(lake)).as("after a full run over the unchanged bronze").isEmpty();
    assertThat(ParquetRecords.read(new Path(new File(lake, "_pipeline/run_log").toURI())))
        .as("the run log counts the rows dropped").anyMatch(r -> r.get("ErasedRows") instanceof Long n && n > 0);
  }

  /**
   * On generated nightly loads: one student with rows in silver and gold, one with rows only in
   * the quality tables. The lake after the erase equals a lake built from bronze files copied
   * without their rows.
   */
  @Test
  void anEraseOfGeneratedNightlyLoadsEqualsALakeBuiltWithoutTheStudents() throws Exception {
    File bronze = new File(work, "bronze");
    File lake = new File(work, "lake");
    for (int night = 0; night < 5; night++) {
      BronzeGenerator.night(new Path(bronze.toURI()), 2_000, 11, LocalDateTime.parse("2025-03-01T00:00"), 30, night);
      run(bronze, lake);
    }
    Set<String> inSilver = studentIds(lake, LakeTable.SILVER);
    String everywhere = studentIds(lake, LakeTable.NULL_VIOLATIONS).stream().filter(inSilver::contains).sorted()
        .findFirst().orElseThrow();
    String onlyQuality = studentIds(lake, LakeTable.REJECTED_ROWS).stream().filter(id -> !inSilver.contains(id))
        .sorted().findFirst().orElseThrow();
    Set<String> erased = Set.of(everywhere, onlyQuality);

    Erase.erase(layout(lake), erased, Optional.empty());

    File without = new File(work, "bronze-without");
    without.mkdirs();
    for (File file : bronze.listFiles((d, n) -> n.endsWith(".parquet"))) {
      ParquetRecords.copy(List.of(new Path(file.toURI())), new Path(new File(without, file.getName()).toURI()),
          "StudentID", erased);
    }
    File clean = new File(work, "clean");
    run(without, clean);
    Lakes.assertSameTables(lake, clean);
    for (LakeTable table : List.of(LakeTable.SILVER, LakeTable.NULL_VIOLATIONS, LakeTable.REJECTED_ROWS, LakeTable.GOLD)) {
      assertThat(studentIds(lake, table)).as(table.path()).doesNotContainAnyElementsOf(erased);
    }
  }

  private static Set<String> studentIds(File lake, LakeTable table) {
    Set<String> ids = new java.util.HashSet<>();
    LakeReader.read(new File(lake, table.path())).forEach(r -> {
      if (r.get("StudentID") != null) {
        ids.add(r.get("StudentID").trim());
      }
    });
    return ids;
  }

  @Test
  void anEraseCutOffAtAnyPointIsCompletedByTheNextRun() throws Exception {
    File bronze = new File(work, "bronze");
    File base = new File(work, "base");
    Lakes.copyInto(bronze, Lakes.fixtures("bronze"));
    run(bronze, base);
    Lakes.copyInto(bronze, Lakes.fixtures("increments/batch_1"));
    run(bronze, base);
    File straight = Lakes.copy(base, new File(work, "straight"));
    Erase.erase(layout(straight), ERASED, Optional.empty());
    for (String point : List.of("after-commit-point", "after-commit-of-gold", "after-commit-of-silver",
        "before-watermark")) {
      File lake = Lakes.copy(base, new File(work, point));
      assertThat(PipelineRunner.runInNewJvm(work, List.of("-Dpipeline.halt-at=" + point), "erase", "--lake",
          lake.getPath(), "--student", String.join(",", ERASED))).as("the erase halted at %s", point).isEqualTo(137);
      run(bronze, lake);
      Lakes.assertSameTables(lake, straight);
      assertThat(holding(lake)).as("files holding their rows after a crash at %s", point).isEmpty();
    }
  }

  private static List<Map<String, String>> withoutErased(List<Map<String, String>> rows) {
    return rows.stream().filter(r -> r.get("StudentID") == null || !ERASED.contains(r.get("StudentID").trim())).toList();
  }

  /** The data files under the lake's tables that hold a row of an erased student. */
  static List<File> holding(File lake) {
    List<File> files = new ArrayList<>();
    for (LakeTable table : LakeTable.values()) {
      for (File file : LakeReader.parquetFiles(new File(lake, table.path()))) {
        if (!rowsOf(file).isEmpty()) {
          files.add(file);
        }
      }
    }
    return files;
  }

  private static List<Map<String, Object>> rowsOf(File file) {
    List<Map<String, Object>> rows = new ArrayList<>();
    try {
      ParquetRecords.forEach(new Path(file.toURI()), Map.of(), row -> {
        Object id = row.get("StudentID");
        if (id != null && ERASED.contains(id.toString().trim())) {
          rows.add(row);
        }
      });
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    return rows;
  }

  private static String bronzeFile(File bronze, String name) {
    return new Path(new File(bronze, name).toURI()).toString();
  }

  private void run(File bronze, File lake, String... extra) {
    List<String> args = new ArrayList<>(List.of("--bronze", bronze.getPath(), "--lake", lake.getPath()));
    args.addAll(List.of(extra));
    PipelineRunner.Result result = PipelineRunner.run(work, args.toArray(String[]::new));
    assertThat(result.exitCode()).as(result.err()).isZero();
  }

  private static LakeLayout layout(File lake) {
    return new LakeLayout(new Path(lake.toURI()), "StudentEngagement");
  }
}
