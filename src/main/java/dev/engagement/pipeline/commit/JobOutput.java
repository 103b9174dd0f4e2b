package dev.engagement.pipeline.commit;

import dev.engagement.pipeline.counters.RowCountAccumulators;
import dev.engagement.pipeline.parquet.ParquetTables;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.core.fs.Path;

/** What a run's finished job reports through its accumulators: row counts, and the files each sink wrote. */
public record JobOutput(Map<String, Object> accumulators) {

  /** Waits for the job to finish. */
  public static JobOutput await(JobClient job) throws InterruptedException, ExecutionException {
    return new JobOutput(job.getJobExecutionResult().get().getAllAccumulatorResults());
  }

  /** Rows per stage and error code. */
  public Map<String, Long> rowCounts() {
    return RowCountAccumulators.counts(accumulators);
  }

  /** The files the job wrote into the table folder {@code table}. */
  public RunFiles files(Path table) {
    return RunFiles.of(table, ParquetTables.writtenFiles(accumulators, table));
  }
}
