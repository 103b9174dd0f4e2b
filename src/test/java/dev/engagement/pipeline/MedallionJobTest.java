package dev.engagement.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.engagement.pipeline.bronze.BronzeSchema;
import dev.engagement.pipeline.lake.LakeTable;
import dev.engagement.pipeline.quality.QualityRules;
import dev.engagement.pipeline.testing.BatchTables;
import dev.engagement.pipeline.testing.PipelineRunner;
import java.io.File;
import java.time.LocalDateTime;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.flink.core.fs.Path;
import org.apache.flink.table.api.TableEnvironment;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MedallionJobTest {
  @TempDir File work;

  @Test
  void theOneJobScansBronzeOnceForEveryOutput() throws Exception {
    TableEnvironment tEnv = BatchTables.batch();
    BronzeSchema bronze = BronzeSchema.inspect(new Path(new File(PipelineRunner.TESTDATA, "bronze").toURI()));
    var tables = MedallionJob.tables(tEnv, bronze, QualityRules.defaults(Map.of(
        "progress.min", "0", "progress.max", "100", "engagement.min", "0", "engagement.max", "100")),
        LocalDateTime.now());
    String plan = MedallionJob.statementSet(tEnv, tables, t -> new Path(work.toURI().toString() + t.path()))
        .explain();

    String physical = plan.substring(plan.indexOf("== Optimized Execution Plan =="));
    Matcher scans = Pattern.compile("TableSourceScan\\(").matcher(physical);
    int count = 0;
    while (scans.find()) {
      count++;
    }
    assertThat(count).as("bronze scans in%n%s", physical).isEqualTo(1);
    assertThat(tables).containsOnlyKeys(LakeTable.values());
  }
}
