package dev.engagement.pipeline.parquet;

import static org.assertj.core.api.Assertions.assertThat;

import dev.engagement.pipeline.progress.ProgressReporter;
import dev.engagement.pipeline.testing.LakeReader;
import java.io.File;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.accumulators.Accumulator;
import org.apache.flink.api.common.functions.RuntimeContext;
import org.apache.flink.api.common.io.FinalizeOnMaster;
import org.apache.flink.api.common.io.OutputFormat;
import org.apache.flink.connector.file.table.RowDataPartitionComputer;
import org.apache.flink.core.fs.Path;
import org.apache.flink.formats.parquet.row.ParquetRowDataBuilder;
import org.apache.flink.table.api.DataTypes;
import org.apache.flink.table.data.GenericRowData;
import org.apache.flink.table.data.StringData;
import org.apache.flink.table.types.DataType;
import org.apache.flink.table.types.logical.IntType;
import org.apache.flink.table.types.logical.LogicalType;
import org.apache.flink.table.types.logical.RowType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Files written straight into the partition folders: only each subtask's finished attempt stays. */
class PartitionFilesOutputTest {
  @TempDir File dir;

  @Test
  void keepsOnlyTheFilesOfEachSubtasksFinishedAttempt() throws Exception {
    RowType columns = RowType.of(new LogicalType[] {new IntType()}, new String[] {"Id"});
    PartitionFilesOutput output = new PartitionFilesOutput(
        new Path(dir.toURI()),
        "part-run",
        new RowDataPartitionComputer("__DEFAULT_PARTITION__", new String[] {"Id", "Day"},
            new DataType[] {DataTypes.INT(), DataTypes.STRING()}, new String[] {"Day"}),
        new SpooledParquetFiles(
            ParquetRowDataBuilder.createWriterFactory(columns, new org.apache.hadoop.conf.Configuration(), true), columns));

    // Subtask 0's first attempt wrote its files and failed; its second attempt wrote them again,
    // and into a partition of its own. Subtask 1 finished at once.
    write(output, 0, 0, Map.of(1, "2025-01-01", 2, "2025-01-02"));
    List<WrittenFile> reported = new ArrayList<>(write(output, 0, 1, Map.of(1, "2025-01-01", 2, "2025-01-03")));
    reported.addAll(write(output, 1, 0, Map.of(3, "2025-01-01")));
    output.finalizeGlobal(finished(Map.of(0, 1, 1, 0)));

    // What the finished attempts report is what stays: each file's size, rows and footer.
    assertThat(reported).extracting(f -> new File(java.net.URI.create(f.path())).getName())
        .containsExactlyInAnyOrderElementsOf(LakeReader.parquetFiles(dir).stream().map(File::getName).toList());
    for (WrittenFile file : reported) {
      File written = new File(java.net.URI.create(file.path()));
      assertThat(file.size()).isEqualTo(written.length());
      assertThat(ParquetFooters.rowCount(ParquetFooters.parse(file.footer(), written))).isEqualTo(file.rows())
          .isEqualTo(LakeReader.footer(written).getBlocks().get(0).getRowCount());
    }

    assertThat(LakeReader.read(dir).stream().map(r -> r.get("Id") + "@" + r.get("Day")))
        .containsExactlyInAnyOrder("1@2025-01-01", "2@2025-01-03", "3@2025-01-01");
    assertThat(LakeReader.parquetFiles(dir)).extracting(File::getName).containsExactlyInAnyOrder(
        "part-run-task-0-attempt-1-file-0.parquet", "part-run-task-0-attempt-1-file-1.parquet",
        "part-run-task-1-attempt-0-file-0.parquet");
    // The failed attempt's only partition is gone with its file.
    assertThat(dir.list()).containsExactlyInAnyOrder("Day=2025-01-01", "Day=2025-01-03");
  }

  /** One attempt of one subtask; returns what it reported (its accumulator). */
  @SuppressWarnings("unchecked")
  private static List<WrittenFile> write(PartitionFilesOutput output, int task, int attempt, Map<Integer, String> days)
      throws Exception {
    Map<String, Accumulator<?, ?>> accumulators = new HashMap<>();
    // Only getAccumulator and addAccumulator are called; a proxy stands in for the task's runtime context.
    output.setRuntimeContext((RuntimeContext) Proxy.newProxyInstance(RuntimeContext.class.getClassLoader(),
        new Class<?>[] {RuntimeContext.class}, (proxy, method, args) -> {
          if (method.getName().equals("addAccumulator")) {
            accumulators.put((String) args[0], (Accumulator<?, ?>) args[1]);
            return null;
          }
          if (method.getName().equals("getAccumulator")) {
            return accumulators.get((String) args[0]);
          }
          throw new UnsupportedOperationException(method.getName());
        }));
    output.open(new OutputFormat.InitializationContext() {
      @Override
      public int getNumTasks() {
        return 2;
      }

      @Override
      public int getTaskNumber() {
        return task;
      }

      @Override
      public int getAttemptNumber() {
        return attempt;
      }
    });
    for (int id : days.keySet().stream().sorted().toList()) {
      output.writeRecord(GenericRowData.of(id, StringData.fromString(days.get(id))));
    }
    output.close();
    assertThat(accumulators.get(ProgressReporter.FILES_WRITTEN).getLocalValue()).isEqualTo((long) days.values().stream().distinct().count());
    accumulators.remove(ProgressReporter.FILES_WRITTEN);
    assertThat(accumulators).hasSize(1);
    return (List<WrittenFile>) accumulators.values().iterator().next().getLocalValue();
  }

  private static FinalizeOnMaster.FinalizationContext finished(Map<Integer, Integer> attempts) {
    return new FinalizeOnMaster.FinalizationContext() {
      @Override
      public int getParallelism() {
        return attempts.size();
      }

      @Override
      public int getFinishedAttempt(int subtask) {
        return attempts.get(subtask);
      }
    };
  }
}
