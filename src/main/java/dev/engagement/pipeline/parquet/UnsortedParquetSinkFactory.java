package dev.engagement.pipeline.parquet;

import java.util.List;
import java.util.Set;
import org.apache.flink.api.common.serialization.BulkWriter;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;
import org.apache.flink.connector.file.table.FileSystemConnectorOptions;
import org.apache.flink.connector.file.table.factories.BulkWriterFormatFactory;
import org.apache.flink.core.fs.Path;
import org.apache.flink.table.connector.format.EncodingFormat;
import org.apache.flink.table.connector.sink.DynamicTableSink;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.factories.DynamicTableSinkFactory;
import org.apache.flink.table.factories.FactoryUtil;

/**
 * Connector {@code lake-parquet}: a (partitioned) table folder written with the {@code filesystem}
 * connector's parquet format, each file once under its final name, and without the full sort the
 * planner puts before every partitioned {@code filesystem} sink (see {@link UnsortedParquetSink}).
 */
public final class UnsortedParquetSinkFactory implements DynamicTableSinkFactory {
  public static final String IDENTIFIER = "lake-parquet";
  /** What every file name starts with: unique to the run, so the run's files can be told apart. */
  public static final ConfigOption<String> FILE_PREFIX =
      ConfigOptions.key("file-prefix").stringType().noDefaultValue();

  @Override
  public String factoryIdentifier() {
    return IDENTIFIER;
  }

  @Override
  public Set<ConfigOption<?>> requiredOptions() {
    return Set.of(FileSystemConnectorOptions.PATH, FactoryUtil.FORMAT, FILE_PREFIX);
  }

  @Override
  public Set<ConfigOption<?>> optionalOptions() {
    return Set.of();
  }

  @Override
  public DynamicTableSink createDynamicTableSink(Context context) {
    FactoryUtil.TableFactoryHelper helper = FactoryUtil.createTableFactoryHelper(this, context);
    EncodingFormat<BulkWriter.Factory<RowData>> format =
        helper.discoverEncodingFormat(BulkWriterFormatFactory.class, FactoryUtil.FORMAT);
    // Parquet declares no options of its own: every "parquet." key goes to its writer as is.
    helper.validateExcept(helper.getOptions().get(FactoryUtil.FORMAT) + ".");
    List<String> partitionKeys = context.getCatalogTable().getPartitionKeys();
    return new UnsortedParquetSink(new Path(helper.getOptions().get(FileSystemConnectorOptions.PATH)),
        helper.getOptions().get(FILE_PREFIX), context.getPhysicalRowDataType(), partitionKeys, format);
  }
}
