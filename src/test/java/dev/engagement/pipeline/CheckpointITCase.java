package dev.engagement.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.engagement.pipeline.delta.DeltaTable;
import dev.engagement.pipeline.lake.LakeTable;
import dev.engagement.pipeline.testing.DeltaLog;
import dev.engagement.pipeline.testing.ExpectedTables;
import dev.engagement.pipeline.testing.LakeReader;
import dev.engagement.pipeline.testing.Lakes;
import dev.engagement.pipeline.testing.PipelineRunner;
import dev.engagement.pipeline.testing.SparkDelta;
import java.io.File;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.flink.core.fs.Path;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.util.HadoopInputFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A checkpoint cut off mid-write: a writer killed while writing one leaves no checkpoint under the
 * final name; a truncated one that an earlier build (which wrote in place) left is ignored by
 * delta-spark and by Kernel, and the next checkpoint is written and used.
 */
class CheckpointITCase {
  @TempDir File work;

  @Test
  void aCheckpointCutOffMidWriteIsIgnoredByReadersAndReplacedByTheNextOne() throws Exception {
    File bronze = new File(work, "bronze");
    File lake = new File(work, "lake");
    List<String> args = List.of("--bronze", bronze.getPath(), "--lake", lake.getPath(), "--checkpoint-interval", "1");
    File gold = new File(lake, LakeTable.GOLD.path());
    Lakes.copyInto(bronze, Lakes.fixtures("bronze"));
    assertThat(PipelineRunner.run(work, args.toArray(String[]::new)).exitCode()).isZero();

    // Killed after the first bytes of gold's checkpoint (gold is committed first).
    Lakes.copyInto(bronze, Lakes.fixtures("increments/batch_1"));
    assertThat(PipelineRunner.runInNewJvm(work, List.of("-Dpipeline.halt-at=checkpoint-partly-written"),
        args.toArray(String[]::new))).isEqualTo(137);
    int killed = DeltaLog.commits(gold).size() - 1;
    File cutOff = checkpoint(gold, killed);
    assertThat(cutOff).as("no checkpoint under its final name").doesNotExist();
    assertThat(new File(gold, "_delta_log").list()).as("the killed writer's temporary file")
        .anyMatch(n -> n.startsWith("." + cutOff.getName()) && n.endsWith(".tmp"));
    List<Map<String, String>> goldAtKilled = LakeReader.read(gold);

    // What an earlier build, writing in place, left when killed there: the first bytes of a checkpoint.
    Files.write(cutOff.toPath(), Arrays.copyOf(Files.readAllBytes(checkpoint(gold, killed - 1).toPath()), 200));
    ExpectedTables.assertSameRows("Spark's gold beside a truncated checkpoint",
        SparkDelta.read(lake, LakeTable.GOLD.path()).get(LakeTable.GOLD.path()), goldAtKilled);
    assertThat(new DeltaTable(new Path(gold.toURI())).files()).as("Kernel's latest version of gold")
        .extracting(f -> new File(gold, f.path())).containsExactlyInAnyOrderElementsOf(DeltaLog.currentFiles(gold).keySet());
    assertThat(cutOff).as("the truncated checkpoint, deleted once Kernel met it").doesNotExist();

    // The next run completes the killed one; the one after commits gold again and checkpoints it.
    assertThat(PipelineRunner.run(work, args.toArray(String[]::new)).exitCode()).isZero();
    Lakes.copyInto(bronze, Lakes.fixtures("increments/batch_2"));
    assertThat(PipelineRunner.run(work, args.toArray(String[]::new)).exitCode()).isZero();
    int latest = DeltaLog.commits(gold).size() - 1;
    assertThat(latest).isGreaterThan(killed);
    assertThat(new ObjectMapper().readTree(new File(gold, "_delta_log/_last_checkpoint")).get("version").asLong())
        .isEqualTo(latest);
    List<String> tables = new ArrayList<>();
    for (LakeTable table : LakeTable.values()) {
      File dir = new File(lake, table.path());
      int version = DeltaLog.commits(dir).size() - 1;
      assertThat(checkpoint(dir, version)).as("%s's latest checkpoint", table.path()).exists();
      for (File file : new File(dir, "_delta_log").listFiles((d, n) -> n.endsWith(".checkpoint.parquet"))) {
        try (ParquetFileReader footer = ParquetFileReader.open(
            HadoopInputFile.fromPath(new org.apache.hadoop.fs.Path(file.toURI()), new Configuration()))) {
          assertThat(footer.getRecordCount()).as("rows of %s", file).isPositive();
        }
      }
      tables.add(table.path());
    }
    tables.add(LakeTable.GOLD.path() + "@" + killed);
    Map<String, List<Map<String, String>>> spark = SparkDelta.read(lake, tables.toArray(String[]::new));
    for (LakeTable table : LakeTable.values()) {
      ExpectedTables.assertSameRows("Spark's " + table.path(), spark.get(table.path()),
          LakeReader.read(new File(lake, table.path())));
    }
    ExpectedTables.assertSameRows("Spark's gold as of version " + killed,
        spark.get(LakeTable.GOLD.path() + "@" + killed), goldAtKilled);
  }

  private static File checkpoint(File table, long version) {
    return new File(table, String.format("_delta_log/%020d.checkpoint.parquet", version));
  }
}
