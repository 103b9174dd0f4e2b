package dev.engagement.pipeline.bronze;

import dev.engagement.pipeline.counters.RowCounter;
import dev.engagement.pipeline.parquet.ParquetFilesSource;
import dev.engagement.pipeline.progress.ProgressReporter;
import java.net.URI;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;
import org.apache.flink.core.fs.FileStatus;
import org.apache.flink.core.fs.Path;
import org.apache.flink.table.api.Schema;
import org.apache.flink.table.api.TableDescriptor;
import org.apache.flink.table.connector.ChangelogMode;
import org.apache.flink.table.connector.source.DynamicTableSource;
import org.apache.flink.table.connector.source.ScanTableSource;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.table.connector.ProviderContext;
import org.apache.flink.table.connector.source.DataStreamScanProvider;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.factories.DynamicTableSourceFactory;
import org.apache.flink.table.factories.FactoryUtil;
import org.apache.flink.table.types.DataType;
import org.apache.flink.table.types.logical.RowType;

/**
 * The bronze files as one table source (connector {@code 'bronze-parquet'}): exactly the files
 * whose footers were checked, each read by the reader that decodes it ({@link BronzeFormat}), so
 * the plan still scans bronze once. The files are listed here, not in the job, which reads no
 * folder listing of its own. The rows read are counted in an accumulator, the run's progress.
 */
public final class BronzeSource implements DynamicTableSourceFactory {
  public static final String IDENTIFIER = "bronze-parquet";
  private static final ConfigOption<List<String>> FILES =
      ConfigOptions.key("files").stringType().asList().defaultValues();
  private static final ConfigOption<List<String>> RECORD_READER_FILES =
      ConfigOptions.key("record-reader-files").stringType().asList().defaultValues();

  /** {@code files} of {@code bronze} as a table of the bronze columns. */
  public static TableDescriptor of(BronzeSchema bronze, List<FileStatus> files) {
    Schema.Builder schema = Schema.newBuilder();
    bronze.columns().forEach(schema::column);
    return TableDescriptor.forConnector(IDENTIFIER)
        .schema(schema.build())
        .option(FILES, files.stream().map(f -> f.getPath().toUri().toString()).toList())
        .option(RECORD_READER_FILES, files.stream().map(FileStatus::getPath)
            .filter(bronze.recordReaderFiles()::contains).map(p -> p.toUri().getPath()).toList())
        .build();
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
    return Set.of(FILES, RECORD_READER_FILES);
  }

  @Override
  public DynamicTableSource createDynamicTableSource(Context context) {
    FactoryUtil.TableFactoryHelper helper = FactoryUtil.createTableFactoryHelper(this, context);
    helper.validate();
    return new Scan(context.getPhysicalRowDataType(), helper.getOptions().get(FILES),
        helper.getOptions().get(RECORD_READER_FILES));
  }

  private record Scan(DataType rowType, List<String> files, List<String> recordReaderFiles)
      implements ScanTableSource {
    @Override
    public ChangelogMode getChangelogMode() {
      return ChangelogMode.insertOnly();
    }

    @Override
    public ScanRuntimeProvider getScanRuntimeProvider(ScanContext context) {
      TypeInformation<RowData> type = context.createTypeInformation(rowType);
      BronzeFormat format = new BronzeFormat((RowType) rowType.getLogicalType(), type, new HashSet<>(recordReaderFiles));
      // No files (an incremental run whose files all end before the watermark): no splits.
      var source = ParquetFilesSource.exactly(format, files.stream().map(f -> new Path(URI.create(f))).toList());
      return new DataStreamScanProvider() {
        @Override
        public DataStream<RowData> produceDataStream(ProviderContext provider, StreamExecutionEnvironment env) {
          return env.fromSource(source, WatermarkStrategy.noWatermarks(), "bronze parquet")
              .map(new RowCounter<RowData>(ProgressReporter.ROWS_READ)).returns(type).name("Count rows read");
        }

        @Override
        public boolean isBounded() {
          return true;
        }
      };
    }

    @Override
    public DynamicTableSource copy() {
      return new Scan(rowType, files, recordReaderFiles);
    }

    @Override
    public String asSummaryString() {
      return "bronze parquet";
    }
  }
}
