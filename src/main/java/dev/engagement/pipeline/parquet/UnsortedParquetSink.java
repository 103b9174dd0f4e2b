package dev.engagement.pipeline.parquet;

import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.serialization.BulkWriter;
import org.apache.flink.api.java.functions.KeySelector;
import org.apache.flink.connector.file.table.FileSystemConnectorOptions;
import org.apache.flink.connector.file.table.RowDataPartitionComputer;
import org.apache.flink.core.fs.Path;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.DataStreamSink;
import org.apache.flink.table.api.DataTypes;
import org.apache.flink.table.api.TableException;
import org.apache.flink.table.connector.ChangelogMode;
import org.apache.flink.table.connector.ProviderContext;
import org.apache.flink.table.connector.format.EncodingFormat;
import org.apache.flink.table.connector.sink.DataStreamSinkProvider;
import org.apache.flink.table.connector.sink.DynamicTableSink;
import org.apache.flink.table.connector.sink.abilities.SupportsPartitioning;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.types.DataType;
import org.apache.flink.table.types.logical.RowType;
import org.apache.flink.table.utils.PartitionPathUtils;

/**
 * A partitioned parquet sink for batch jobs that asks for no partition grouping. Flink's
 * {@code filesystem} sink always does, so the planner sorts every row by its partition value
 * first: a full external sort per table, of STRING keys that the sort's normalized key never
 * decides. Here each subtask keeps one open file per partition instead, spooled to local disk
 * until the end of input ({@link SpooledParquetFiles}), and writes it straight into the table's
 * partition folder ({@link PartitionFilesOutput}).
 */
record UnsortedParquetSink(
    Path path,
    String filePrefix,
    DataType rowType,
    List<String> partitionKeys,
    EncodingFormat<BulkWriter.Factory<RowData>> format) implements DynamicTableSink, SupportsPartitioning {

  @Override
  public ChangelogMode getChangelogMode(ChangelogMode requestedMode) {
    return ChangelogMode.insertOnly();
  }

  @Override
  public SinkRuntimeProvider getSinkRuntimeProvider(Context context) {
    BulkWriter.Factory<RowData> writers = format.createRuntimeEncoder(context, writtenColumns());
    return new DataStreamSinkProvider() {
      @Override
      public DataStreamSink<?> consumeDataStream(ProviderContext providerContext, DataStream<RowData> rows) {
        return write(rows, writers);
      }
    };
  }

  private DataStreamSink<RowData> write(DataStream<RowData> rows, BulkWriter.Factory<RowData> writers) {
    String[] keys = partitionKeys.toArray(String[]::new);
    RowDataPartitionComputer partitions = new RowDataPartitionComputer(
        FileSystemConnectorOptions.PARTITION_DEFAULT_NAME.defaultValue(),
        DataType.getFieldNames(rowType).toArray(String[]::new),
        DataType.getFieldDataTypes(rowType).toArray(DataType[]::new), keys);
    PartitionFilesOutput output = new PartitionFilesOutput(path, filePrefix, partitions,
        new SpooledParquetFiles(writers, (RowType) writtenColumns().getLogicalType()));
    DataStreamSink<RowData> sink = (onePerPartition() ? byPartition(rows, partitions) : rows).writeUsingOutputFormat(output);
    sink.getTransformation().setParallelism(rows.getParallelism(), false);
    return sink.name("Parquet " + path.getName());
  }

  /**
   * Whether each partition's rows go to one subtask, so that a run writes one file per partition
   * rather than one per partition and subtask: for a table on a remote file system, where every
   * file created costs some thirty requests on Blob storage (docs/performance.md). On a local
   * disk the shuffle of every row costs more than the files it saves.
   */
  private boolean onePerPartition() {
    return !partitionKeys.isEmpty() && !"file".equals(path.toUri().getScheme());
  }

  private static DataStream<RowData> byPartition(DataStream<RowData> rows, RowDataPartitionComputer partitions) {
    KeySelector<RowData, String> partition = row -> PartitionPathUtils.generatePartitionPath(partitions.generatePartValues(row));
    return rows.partitionCustom((key, subtasks) -> Math.floorMod(key.hashCode(), subtasks), partition);
  }

  /** The file's columns: the partition columns live in the folder names only. */
  private DataType writtenColumns() {
    return DataTypes.ROW(DataType.getFields(rowType).stream()
        .filter(field -> !partitionKeys.contains(field.getName()))
        .toArray(DataTypes.Field[]::new));
  }

  @Override
  public boolean requiresPartitionGrouping(boolean supportsGrouping) {
    return false;
  }

  @Override
  public void applyStaticPartition(Map<String, String> partition) {
    if (!partition.isEmpty()) {
      throw new TableException(UnsortedParquetSinkFactory.IDENTIFIER + " writes dynamic partitions only, not " + partition);
    }
  }

  @Override
  public DynamicTableSink copy() {
    return new UnsortedParquetSink(path, filePrefix, rowType, partitionKeys, format);
  }

  @Override
  public String asSummaryString() {
    return UnsortedParquetSinkFactory.IDENTIFIER;
  }
}
