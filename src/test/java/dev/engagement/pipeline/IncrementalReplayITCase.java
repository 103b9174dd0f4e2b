package dev.engagement.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.engagement.pipeline.lake.LakeTable;
import dev.engagement.pipeline.testing.LakeReader;
import dev.engagement.pipeline.testing.ExpectedTables;
import dev.engagement.pipeline.testing.Lakes;
import dev.engagement.pipeline.testing.PipelineRunner;
import dev.engagement.pipeline.testing.SparkDelta;
import dev.engagement.pipeline.testing.ReferencePipeline;
import java.io.File;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Full, then the increments of testdata/increments one by one: each state checked. */
class IncrementalReplayITCase {
  @TempDir File work;

  private File bronze() {
    return new File(work, "bronze");
  }

  private File lake() {
    return new File(work, "lake");
  }

  @Test
  void everyRunEndsInTheStateTheReferencePipelineReaches() throws Exception {
    ReferencePipeline reference = new ReferencePipeline();
    List<Map<String, String>> sources = new ArrayList<>();

    // First run of the lake: a full run.
    PipelineRunner.Result first = step(reference, sources, Lakes.fixtures("bronze"));
    assertThat(first.out()).contains("(full (first run))");
    assertThat(watermark(lake())).isEqualTo("2025-02-03 09:00:00.000");

    // Batch 1: five new rows; a late row and a row without LastModifiedDate are ignored.
    PipelineRunner.Result second = step(reference, sources, Lakes.fixtures("increments/batch_1"));
    assertThat(second.out()).contains("(incremental)")
        .containsPattern("bronze rows read\\s+5\\b")
        .containsPattern("silver/student_engagement\\s+3\\b")
        .containsPattern("quality/null_violations\\s+1\\b")
        .containsPattern("quality/rejected_rows\\s+1\\b")
        // S001/C001 (merged), S010/C002 (new student), S002/C005 (new course), and every other
        // row of the touched courses: C001 (3 students), C002 (4), C005 (1), rewritten whole.
        .containsPattern("gold/student_course_engagement\\s+8\\b");
    assertThat(LakeReader.read(new File(lake(), LakeTable.GOLD.path())))
        .filteredOn(r -> r.get("StudentID").equals("S001") && r.get("CourseID").equals("C001"))
        .singleElement()
        .satisfies(r -> {
          assertThat(r.get("TotalLogins")).isEqualTo("4");
          assertThat(r.get("EngagementScoreSum")).isEqualTo("350");
          assertThat(r.get("AvgEngagementScore")).isEqualTo("87.5");
          assertThat(r.get("LastLoginTime")).isEqualTo("2025-03-01 09:00:00.000");
        });
    assertThat(watermark(lake())).isEqualTo("2025-03-05 10:00:00.000");

    // Batch 2: a re-delivered copy of batch 1 (all rows at or below the watermark) and two new rows.
    PipelineRunner.Result third = step(reference, sources, Lakes.fixtures("increments/batch_2"));
    assertThat(third.out()).containsPattern("bronze rows read\\s+2\\b");

    // Batch 3: nothing new. Nothing changes but the run record, not even the watermark.
    Set<String> before = withoutRunRecords(Lakes.listing(lake()));
    PipelineRunner.Result fourth = step(reference, sources, Lakes.fixtures("increments/batch_3"));
    assertThat(fourth.out()).contains("nothing to do, the lake at");
    assertThat(withoutRunRecords(Lakes.listing(lake()))).isEqualTo(before);

    // A full run rebuilds from all of bronze: the late rows, the re-delivered file and the row
    // without a LastModifiedDate now count.
    PipelineRunner.Result full = PipelineRunner.run(work, "--bronze", bronze().getPath(), "--lake", lake().getPath(),
        "--mode", "full");
    assertThat(full.exitCode()).as(full.err()).isZero();
    reference.run(sources, true);
    Lakes.assertSameTables(lake(), reference);
    assertThat(watermark(lake())).isEqualTo(reference.watermark());
  }

  @Test
  void incrementalRunsEqualOneFullRunOverTheSameBronze() throws Exception {
    File fullLake = new File(work, "full-lake");
    Lakes.copyInto(bronze(), Lakes.fixtures("bronze"));
    assertThat(run(lake()).exitCode()).isZero();
    File gold = new File(lake(), LakeTable.GOLD.path());
    List<Map<String, String>> goldOfTheFirstRun = LakeReader.read(gold);
    Lakes.copyInto(bronze(), new File(PipelineRunner.TESTDATA, "increments/batch_1/export_2025_03_a.parquet"));
    assertThat(run(lake()).exitCode()).isZero();
    Lakes.copyInto(bronze(), new File(PipelineRunner.TESTDATA, "increments/batch_2/export_2025_03_b.parquet"));
    assertThat(run(lake()).exitCode()).isZero();

    assertThat(PipelineRunner.run(work, "--bronze", bronze().getPath(), "--lake", fullLake.getPath(), "--mode", "full")
        .exitCode()).isZero();
    Lakes.assertSameTables(lake(), fullLake);
    assertThat(watermark(lake())).isEqualTo(watermark(fullLake)).isEqualTo("2025-03-11 10:00:00.000");

    // Spark with delta-spark reads the incremental lake's current versions, and time travels to
    // gold as the first run (table version 1; version 0 created it) committed it.
    List<String> tables = new ArrayList<>(Arrays.stream(LakeTable.values()).map(LakeTable::path).toList());
    tables.add(LakeTable.GOLD.path() + "@1");
    Map<String, List<Map<String, String>>> spark = SparkDelta.read(lake(), tables.toArray(String[]::new));
    for (LakeTable table : LakeTable.values()) {
      ExpectedTables.assertSameRows("Spark's " + table.path(), spark.get(table.path()),
          LakeReader.read(new File(lake(), table.path())));
    }
    ExpectedTables.assertSameRows("Spark's gold as of version 1", spark.get(LakeTable.GOLD.path() + "@1"),
        goldOfTheFirstRun);
  }

  private static Set<String> withoutRunRecords(Set<String> listing) {
    listing.removeIf(p -> p.startsWith("_pipeline/run_log") || p.startsWith("_pipeline/errors"));
    return listing;
  }

  private PipelineRunner.Result step(ReferencePipeline reference, List<Map<String, String>> sources, File... batch) {
    sources.addAll(ReferencePipeline.sourceRows(Lakes.copyInto(bronze(), batch)));
    PipelineRunner.Result result = run(lake());
    assertThat(result.exitCode()).as("exit status; stderr: %s", result.err()).isZero();
    reference.run(sources, false);
    Lakes.assertSameTables(lake(), reference);
    return result;
  }

  private PipelineRunner.Result run(File lake) {
    return PipelineRunner.run(work, "--bronze", bronze().getPath(), "--lake", lake.getPath());
  }

  private static String watermark(File lake) throws Exception {
    return new ObjectMapper().readTree(new File(lake, "_pipeline/StudentEngagement/watermark.json"))
        .get("lastModifiedDate").asText();
  }
}
