package dev.engagement.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.engagement.pipeline.lake.LakeTable;
import dev.engagement.pipeline.testing.LakeReader;
import dev.engagement.pipeline.testing.PipelineRunner;
import java.io.File;
import java.util.List;
import java.util.Map;
import java.util.TimeZone;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** testdata/bad: each kind of hostile input gets a clear error naming the file, or is processed. */
class BadInputITCase {
  @TempDir File work;

  private PipelineRunner.Result run(String bronzeCase, File lake) {
    return PipelineRunner.run(work, "--bronze", bronze(bronzeCase).getPath(), "--lake", lake.getPath());
  }

  private static File bronze(String bronzeCase) {
    return new File(PipelineRunner.TESTDATA, "bad/" + bronzeCase);
  }

  /** File-level faults fail the run before anything is written, naming the file and column. */
  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      "truncated          | cut_off.parquet is not a readable parquet file",
      "zero_byte          | empty.parquet is not a parquet file (0 bytes)",
      "text_named_parquet | export.parquet is not a readable parquet file",
      "missing_column     | no_engagement.parquet has no column EngagementScore",
      "type_mismatch      | bronze column ProgressPercentage is",
      "empty_folder       | has no parquet files (missing, empty or only hidden files)"})
  void fileLevelFaultsFailTheRunNamingTheFile(String bronzeCase, String message) {
    File lake = new File(work, "lake");
    PipelineRunner.Result result = run(bronzeCase, lake);
    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(result.err().strip()).startsWith("error: ").contains(message).doesNotContain("\n").doesNotContain("\tat ");
    for (LakeTable table : LakeTable.values()) {
      assertThat(new File(lake, table.path())).as(table.path()).doesNotExist();
    }
  }

  @Test
  void int96AndMicrosecondTimestampsAreReadAsWallClockWhateverTheJvmsZone() {
    TimeZone before = TimeZone.getDefault();
    TimeZone.setDefault(TimeZone.getTimeZone("America/Los_Angeles"));
    try {
      for (String bronzeCase : List.of("int96_timestamps", "micros_timestamps")) {
        File lake = new File(work, bronzeCase);
        PipelineRunner.Result result = run(bronzeCase, lake);
        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(LakeReader.read(new File(lake, LakeTable.SILVER.path())))
            .extracting(r -> r.get("LoginTime") + " " + r.get("LastModifiedDate") + " " + r.get("LoginDate"))
            .containsExactlyInAnyOrder(
                "2025-04-01 08:30:00.000 2025-04-01 08:30:00.000 2025-04-01",
                "2025-04-02 09:00:00.000 2025-04-02 09:00:00.000 2025-04-02");
      }
    } finally {
      TimeZone.setDefault(before);
    }
  }

  @Test
  void aOneMegabyteIdIsCarriedThrough() {
    File lake = new File(work, "lake");
    assertThat(run("huge_id", lake).exitCode()).isZero();
    assertThat(LakeReader.read(new File(lake, LakeTable.GOLD.path())))
        .extracting(r -> r.get("StudentID").length()).containsExactlyInAnyOrder(1_048_576, 2);
  }

  @Test
  void controlCharactersAndInvalidUtf8AreKeptAsRowsNotCrashes() {
    File lake = new File(work, "lake");
    PipelineRunner.Result result = run("control_chars", lake);
    assertThat(result.exitCode()).as(result.err()).isZero();
    List<Map<String, String>> silver = LakeReader.read(new File(lake, LakeTable.SILVER.path()));
    assertThat(silver).hasSize(3);
    assertThat(silver).extracting(r -> r.get("StudentEmail")).contains("\u0007XX@XXXX.com");
    assertThat(silver).extracting(r -> r.get("StudentID")).contains("S\u0001tab\tid", "S3");
  }

  @Test
  void courseIdsThatAreUnsafeAsFolderNamesAreEscapedAndReadBack() {
    File lake = new File(work, "lake");
    PipelineRunner.Result result = run("unsafe_course_ids", lake);
    assertThat(result.exitCode()).as(result.err()).isZero();
    File gold = new File(lake, LakeTable.GOLD.path());
    assertThat(gold.list((d, n) -> n.startsWith("CourseID="))).containsExactlyInAnyOrder(
        "CourseID=a%2Fb", "CourseID=x%3Dy", "CourseID=..", "CourseID=with space", "CourseID=100%25",
        "CourseID=%23hash%3F%2A%3A%5C");
    assertThat(LakeReader.read(gold)).extracting(r -> r.get("CourseID"))
        .containsExactlyInAnyOrder("a/b", "x=y", "..", "with space", "100%", "#hash?*:\\");
    // An incremental run merges into those partitions through Flink's own reading of the names.
    PipelineRunner.Result again = PipelineRunner.run(work, "--bronze", bronze("unsafe_course_ids").getPath(),
        "--lake", lake.getPath(), "--mode", "full");
    assertThat(again.exitCode()).isZero();
    assertThat(LakeReader.read(new File(lake, LakeTable.COURSE_COMPLETION.path()))).hasSize(6);
  }

  @Test
  void hiddenFilesAreIgnored() {
    File lake = new File(work, "lake");
    PipelineRunner.Result result = run("hidden_files", lake);
    assertThat(result.exitCode()).as(result.err()).isZero();
    assertThat(result.out()).containsPattern("bronze rows read\\s+2\\b");
  }
}
