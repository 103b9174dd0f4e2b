package dev.engagement.pipeline.bronze;

import dev.engagement.pipeline.sql.SqlTemplate;
import java.util.Map;
import org.apache.flink.table.api.FormatDescriptor;
import org.apache.flink.table.api.Schema;
import org.apache.flink.table.api.Table;
import org.apache.flink.table.api.TableDescriptor;
import org.apache.flink.table.api.TableEnvironment;

/** The bronze layer as tables: the parquet source, and the parsed view every other layer reads. */
public final class BronzeTable {
  private static final SqlTemplate PARSED = SqlTemplate.load(BronzeTable.class, "bronze_parsed.sql");

  private BronzeTable() {}

  /** The bronze parquet files as a table, with the column types their footers declare. */
  public static Table source(TableEnvironment tEnv, BronzeSchema bronze) {
    Schema.Builder schema = Schema.newBuilder();
    bronze.columns().forEach(schema::column);
    return tEnv.from(
        TableDescriptor.forConnector("filesystem")
            .schema(schema.build())
            .option("path", bronze.folder().toString())
            // Statistics would re-read every footer through raw Hadoop, bypassing Flink's file
            // systems (and hanging on abfss://); the plan does not need them.
            .option("source.report-statistics", "NONE")
            .format(
                FormatDescriptor.forFormat("parquet")
                    // Timestamps are wall-clock values: never shift them by the JVM's time zone.
                    .option("utc-timezone", "true")
                    .build())
            .build());
  }

  /** {@code bronze_parsed(bronze)}: raw values as strings beside their strictly parsed values. */
  public static Table parsed(TableEnvironment tEnv, Table bronze) {
    BronzeFunctions.register(tEnv);
    return tEnv.sqlQuery(PARSED.render(Map.of("bronze", bronze)));
  }
}
