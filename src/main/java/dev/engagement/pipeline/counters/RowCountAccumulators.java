package dev.engagement.pipeline.counters;

import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.apache.flink.api.common.functions.RichMapFunction;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;
import org.apache.flink.table.connector.ChangelogMode;
import org.apache.flink.table.connector.ProviderContext;
import org.apache.flink.table.connector.sink.DataStreamSinkProvider;
import org.apache.flink.table.connector.sink.DynamicTableSink;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.factories.DynamicTableSinkFactory;

/**
 * A table sink that publishes rows of (Name STRING, Rows BIGINT) as Flink accumulators named
 * {@code rows.<Name>}: the job's row counts then show in the web UI's Accumulators tab and in
 * the REST API ({@code /jobs/<id>/accumulators}), also after the job has finished.
 * Connector {@code 'row-count-accumulators'}.
 */
public final class RowCountAccumulators implements DynamicTableSinkFactory {
  public static final String IDENTIFIER = "row-count-accumulators";
  public static final String PREFIX = "rows.";

  /** The row counts among a finished job's accumulators, by name without the prefix. */
  public static Map<String, Long> counts(Map<String, Object> accumulators) {
    Map<String, Long> counts = new TreeMap<>();
    accumulators.forEach((name, value) -> {
      if (name.startsWith(PREFIX) && value instanceof Long count) {
        counts.put(name.substring(PREFIX.length()), count);
      }
    });
    return counts;
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
    return Set.of();
  }

  @Override
  public DynamicTableSink createDynamicTableSink(Context context) {
    return new Sink();
  }

  private static final class Sink implements DynamicTableSink {
    @Override
    public ChangelogMode getChangelogMode(ChangelogMode requestedMode) {
      return ChangelogMode.insertOnly();
    }

    @Override
    public SinkRuntimeProvider getSinkRuntimeProvider(Context context) {
      return new DataStreamSinkProvider() {
        @Override
        public org.apache.flink.streaming.api.datastream.DataStreamSink<?> consumeDataStream(
            ProviderContext provider, DataStream<RowData> rows) {
          return rows.map(new Publish()).name("Publish row counts").sinkTo(new DiscardingSink<>());
        }
      };
    }

    @Override
    public DynamicTableSink copy() {
      return new Sink();
    }

    @Override
    public String asSummaryString() {
      return "row count accumulators";
    }
  }

  /** Adds each row's count to the accumulator of its name. */
  private static final class Publish extends RichMapFunction<RowData, RowData> {
    @Override
    public RowData map(RowData row) {
      String name = PREFIX + row.getString(0).toString();
      RowCounter.counter(getRuntimeContext(), name).add(row.getLong(1));
      return row;
    }
  }
}
