package dev.engagement.pipeline.parquet;

import java.util.List;
import java.util.Set;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;
import org.apache.flink.connector.file.src.FileSource;
import org.apache.flink.connector.file.src.FileSourceSplit;
import org.apache.flink.connector.file.src.reader.BulkFormat;
import org.apache.flink.connector.file.table.FileSystemConnectorOptions;
import org.apache.flink.connector.file.table.PartitionFieldExtractor;
import org.apache.flink.core.fs.Path;
import org.apache.flink.formats.parquet.ParquetColumnarRowInputFormat;
import org.apache.flink.table.api.Schema;
import org.apache.flink.table.api.TableDescriptor;
import org.apache.flink.table.connector.ChangelogMode;
import org.apache.flink.table.connector.source.DynamicTableSource;
import org.apache.flink.table.connector.source.ScanTableSource;
import org.apache.flink.table.connector.source.SourceProvider;
import org.apache.flink.table.factories.DynamicTableSourceFactory;
import org.apache.flink.table.factories.FactoryUtil;
import org.apache.flink.table.types.DataType;
import org.apache.flink.table.types.logical.RowType;

/**
 * Connector {@code lake-files}: exactly the given parquet files of a table, with its Hive-style
 * partition folders as columns. A Delta table's folder also holds files of older versions (kept
 * for time travel), so a reader of the current version reads the files the log names, not the
 * folder.
 */
public final class ParquetFilesSource implements DynamicTableSourceFactory {
  public static final String IDENTIFIER = "lake-files";
  private static final ConfigOption<List<String>> FILES =
      ConfigOptions.key("files").stringType().asList().defaultValues();

  /** {@code files} (absolute URIs) as a table of {@code schema}, partitioned by {@code partitionKeys}. */
  public static TableDescriptor of(Schema schema, List<String> partitionKeys, List<String> files) {
    return TableDescriptor.forConnector(IDENTIFIER)
        .schema(schema)
        .partitionedBy(partitionKeys.toArray(String[]::new))
        .option(FILES, files)
        .build();
  }

  /** A file source of exactly {@code files}, none listed; with no files, one that reads nothing. */
  public static <T> FileSource<T> exactly(BulkFormat<T, FileSourceSplit> format, List<Path> files) {
    return files.isEmpty()
        ? FileSource.forBulkFileFormat(format, new Path("/")).setFileEnumerator(() -> (p, n) -> List.of()).build()
        : FileSource.forBulkFileFormat(format, files.toArray(Path[]::new)).build();
  }

  @Override
  public String factoryIdentifier() {
    return IDENTIFIER;
  }

  @Override
  public Set<ConfigOption<?>> requiredOptions() {
    return Set.of();
  }

  @Override
  public Set<ConfigOption<?>> optionalOptions() {
    return Set.of(FILES);
  }

  @Override
  public DynamicTableSource createDynamicTableSource(Context context) {
    FactoryUtil.TableFactoryHelper helper = FactoryUtil.createTableFactoryHelper(this, context);
    helper.validate();
    return new Scan(context.getPhysicalRowDataType(), context.getCatalogTable().getPartitionKeys(),
        helper.getOptions().get(FILES));
  }

  private record Scan(DataType rowType, List<String> partitionKeys, List<String> files) implements ScanTableSource {
    @Override
    public ChangelogMode getChangelogMode() {
      return ChangelogMode.insertOnly();
    }

    @Override
    public ScanRuntimeProvider getScanRuntimeProvider(ScanContext context) {
      // Timestamps as written (utc-timezone, as ParquetTables reads and writes them).
      ParquetColumnarRowInputFormat<FileSourceSplit> format = ParquetColumnarRowInputFormat.createPartitionedFormat(
          new org.apache.hadoop.conf.Configuration(), (RowType) rowType.getLogicalType(),
          context.createTypeInformation(rowType), partitionKeys,
          PartitionFieldExtractor.forFileSystem(FileSystemConnectorOptions.PARTITION_DEFAULT_NAME.defaultValue()),
          2048, true, true);
      return SourceProvider.of(exactly(format, files.stream().map(Path::new).toList()));
    }

    @Override
    public DynamicTableSource copy() {
      return new Scan(rowType, partitionKeys, files);
    }

    @Override
    public String asSummaryString() {
      return "lake files";
    }
  }
}
