package dev.engagement.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.engagement.pipeline.bronze.BronzeSchema;
import dev.engagement.pipeline.lake.LakeTable;
import dev.engagement.pipeline.quality.QualityRules;
import dev.engagement.pipeline.testing.BatchTables;
import dev.engagement.pipeline.testing.PipelineRunner;
import java.io.File;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.flink.core.fs.Path;
import org.apache.flink.table.api.TableEnvironment;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MedallionJobTest {
  @TempDir File work;

  @Test
  void theOneJobScansBronzeAndThePreviousGoldOnceForEveryOutput() throws Exception {
    TableEnvironment tEnv = BatchTables.batch();
    BronzeSchema bronze = BronzeSchema.inspect(new Path(new File(PipelineRunner.TESTDATA, "bronze").toURI()));
    MedallionJob job = MedallionJob.plan(tEnv, new MedallionJob.Inputs(bronze, QualityRules.defaults(Map.of(
        "progress.min", "0", "progress.max", "100", "engagement.min", "0", "engagement.max", "100")),
        LocalDateTime.now(), Optional.of(LocalDateTime.parse("2025-01-12T00:00")),
        Optional.of(List.of(work.toURI().toString() + "gold/CourseID=C1/part-0.parquet")),
        new dev.engagement.pipeline.lake.ErasedStudents("AA==", java.util.Set.of())));
    String plan = job.statementSet(tEnv, t -> new Path(work.toURI().toString() + t.path()), "part-run",
        new Path(work.toURI().toString() + "summary")).explain();

    String physical = plan.substring(plan.indexOf("== Optimized Execution Plan =="));
    List<String> scans = physical.lines().filter(l -> l.contains("TableSourceScan(")).toList();
    // One scan of bronze, one of the previous gold an incremental run merges into.
    assertThat(scans).as("scans in%n%s", physical).hasSize(2);
    assertThat(scans).filteredOn(l -> l.contains("LastModifiedDate")).hasSize(1);
    assertThat(scans).filteredOn(l -> l.contains("AvgEngagementScore")).hasSize(1);
    assertThat(job.tables()).containsOnlyKeys(LakeTable.values());
  }
}
