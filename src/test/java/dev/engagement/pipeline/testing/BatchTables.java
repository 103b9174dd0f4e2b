package dev.engagement.pipeline.testing;

import dev.engagement.pipeline.FlinkSetup;
import dev.engagement.pipeline.bronze.BronzeColumns;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.table.api.DataTypes;
import org.apache.flink.table.api.EnvironmentSettings;
import org.apache.flink.table.api.Table;
import org.apache.flink.table.api.TableEnvironment;
import org.apache.flink.types.Row;
import org.apache.flink.util.CloseableIterator;

/** In-memory tables for unit tests of the views: batch mode, parallelism 2, rows collected back. */
public final class BatchTables {
  private BatchTables() {}

  public static TableEnvironment batch() {
    Configuration conf = FlinkSetup.plannerDefaults();
    conf.setString("parallelism.default", "2");
    return TableEnvironment.create(EnvironmentSettings.newInstance().inBatchMode().withConfiguration(conf).build());
  }

  /** Raw bronze rows, all seven contract columns as strings, in contract order. */
  public static Table bronze(TableEnvironment tEnv, Row... rows) {
    return tEnv.fromValues(
        DataTypes.ROW(BronzeColumns.REQUIRED.stream()
            .map(c -> DataTypes.FIELD(c, DataTypes.STRING())).toArray(DataTypes.Field[]::new)),
        (Object[]) rows);
  }

  public static List<Row> collect(Table table) {
    List<Row> rows = new ArrayList<>();
    try (CloseableIterator<Row> it = table.execute().collect()) {
      it.forEachRemaining(rows::add);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
    return rows;
  }
}
