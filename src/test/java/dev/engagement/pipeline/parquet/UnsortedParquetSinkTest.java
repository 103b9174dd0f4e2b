package dev.engagement.pipeline.parquet;

import static org.assertj.core.api.Assertions.assertThat;

import dev.engagement.pipeline.commit.RunFiles;
import dev.engagement.pipeline.delta.DataFile;
import dev.engagement.pipeline.testing.BatchTables;
import dev.engagement.pipeline.testing.LakeReader;
import java.io.File;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.core.fs.Path;
import org.apache.flink.table.api.DataTypes;
import org.apache.flink.table.api.Schema;
import org.apache.flink.table.api.Table;
import org.apache.flink.table.api.TableDescriptor;
import org.apache.flink.table.api.TableEnvironment;
import org.apache.flink.table.api.TableResult;
import org.apache.flink.types.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The sort-free partitioned sink: every row once, in its partition, one file per partition and subtask. */
class UnsortedParquetSinkTest {
  private static final Schema SCHEMA = Schema.newBuilder()
      .column("Id", DataTypes.INT())
      .column("Day", DataTypes.STRING())
      .build();

  @TempDir File dir;

  @Test
  void writesEveryRowIntoItsPartitionWithoutASort() throws Exception {
    TableEnvironment tEnv = BatchTables.batch();
    List<Row> rows = new ArrayList<>();
    String[] days = {"2025-01-01", "2025-01-02", "2025-01-03"};
    for (int id = 0; id < 20; id++) {
      rows.add(Row.of(id, days[id % 3]));
    }
    Table values = tEnv.fromValues(
        DataTypes.ROW(DataTypes.FIELD("Id", DataTypes.INT()), DataTypes.FIELD("Day", DataTypes.STRING())), rows.toArray());
    TableDescriptor sink = ParquetTables.sink(SCHEMA, new Path(dir.toURI()), List.of("Day"), RunFiles.prefix("run1"));

    assertThat(values.insertInto(sink).explain()).doesNotContain("Sort(");
    RunFiles written1 = RunFiles.of(new Path(dir.toURI()), writtenFiles(values.insertInto(sink).execute()));
    assertThat(written1.rows()).isEqualTo(20);
    assertThat(written1.files().stream().map(DataFile::partitionValues).distinct()).containsExactlyInAnyOrder(
        java.util.Map.of("Day", "2025-01-01"), java.util.Map.of("Day", "2025-01-02"), java.util.Map.of("Day", "2025-01-03"));
    List<String> written = LakeReader.read(dir).stream().map(r -> r.get("Id") + "@" + r.get("Day")).toList();
    assertThat(written).containsExactlyInAnyOrderElementsOf(
        rows.stream().map(r -> r.getField(0) + "@" + r.getField(1)).toList());
    // One parquet file per partition and sink subtask, as the sorted filesystem sink writes.
    assertThat(LakeReader.parquetFiles(dir)).hasSizeBetween(3, 3 * 2);
  }

  @Test
  void spoolsPartitionsLargerThanAChunkWithoutLosingOrMixingRows() throws Exception {
    TableEnvironment tEnv = BatchTables.batch();
    tEnv.executeSql("CREATE TEMPORARY TABLE ids (Id INT) WITH ('connector' = 'datagen', "
        + "'number-of-rows' = '900', 'fields.Id.kind' = 'sequence', 'fields.Id.start' = '0', 'fields.Id.end' = '899')");
    // 900 rows of about 1 KB in three partitions: each spills several chunks to the spool its subtask's partitions share.
    Table padded = tEnv.sqlQuery(
        "SELECT Id, CONCAT('2025-01-0', CAST(MOD(Id, 3) + 1 AS STRING)) AS `Day`, REPEAT('x', 1000 + MOD(Id, 50)) AS Pad FROM ids");
    Schema schema = Schema.newBuilder()
        .column("Id", DataTypes.INT()).column("Day", DataTypes.STRING()).column("Pad", DataTypes.STRING()).build();
    List<WrittenFile> reported = writtenFiles(
        padded.insertInto(ParquetTables.sink(schema, new Path(dir.toURI()), List.of("Day"), RunFiles.prefix("run1"))).execute());

    assertThat(RunFiles.of(new Path(dir.toURI()), reported).rows()).isEqualTo(900);

    List<String> written = LakeReader.read(dir).stream()
        .map(r -> r.get("Id") + "@" + r.get("Day") + "@" + r.get("Pad")).toList();
    List<String> expected = new ArrayList<>();
    for (int id = 0; id < 900; id++) {
      expected.add(id + "@2025-01-0" + (id % 3 + 1) + "@" + "x".repeat(1000 + id % 50));
    }
    assertThat(written).containsExactlyInAnyOrderElementsOf(expected);
  }

  /** What the job's sink reported writing into the folder. */
  private List<WrittenFile> writtenFiles(TableResult result) throws Exception {
    return ParquetTables.writtenFiles(
        result.getJobClient().orElseThrow().getJobExecutionResult().get().getAllAccumulatorResults(), new Path(dir.toURI()));
  }
}
