package dev.engagement.pipeline.parquet;

import java.util.List;
import java.util.Map;
import org.apache.flink.core.fs.Path;
import org.apache.flink.table.api.FormatDescriptor;
import org.apache.flink.table.api.Schema;
import org.apache.flink.table.api.TableDescriptor;

/** Parquet folders as Flink tables, read and written the same way everywhere in the lake. */
public final class ParquetTables {
  private static final FormatDescriptor PARQUET = FormatDescriptor.forFormat("parquet")
      // Timestamps are wall-clock values: never shift them by the JVM's time zone, and
      // write them as INT64 milliseconds (not INT96) so every reader sees the same value.
      .option("utc-timezone", "true")
      .option("write.int64.timestamp", "true")
      .option("timestamp.time.unit", "millis")
      .option("compression", "SNAPPY")
      .build();

  private ParquetTables() {}

  /** A (possibly partitioned) parquet folder to read, or to write unpartitioned. */
  public static TableDescriptor folder(Schema schema, Path path, List<String> partitionKeys) {
    return TableDescriptor.forConnector("filesystem")
        .schema(schema)
        .partitionedBy(partitionKeys.toArray(String[]::new))
        .option("path", path.toString())
        // Statistics would re-read every footer through raw Hadoop, bypassing Flink's file
        // systems (and hanging on abfss://); the plan does not need them.
        .option("source.report-statistics", "NONE")
        .format(PARQUET)
        .build();
  }

  /** The files the job's sink for {@code table} wrote (of the attempts that finished), from its accumulators. */
  @SuppressWarnings("unchecked")
  public static List<WrittenFile> writtenFiles(Map<String, Object> accumulators, Path table) {
    return (List<WrittenFile>) accumulators.getOrDefault(PartitionFilesOutput.accumulator(table), List.of());
  }

  /**
   * A table folder to write files into, each under its final name {@code <filePrefix>-task-...};
   * partitioned ones without the planner's sort (see UnsortedParquetSink).
   */
  public static TableDescriptor sink(Schema schema, Path path, List<String> partitionKeys, String filePrefix) {
    return TableDescriptor.forConnector(UnsortedParquetSinkFactory.IDENTIFIER)
        .schema(schema)
        .partitionedBy(partitionKeys.toArray(String[]::new))
        .option("path", path.toString())
        .option(UnsortedParquetSinkFactory.FILE_PREFIX.key(), filePrefix)
        .format(PARQUET)
        .build();
  }
}
