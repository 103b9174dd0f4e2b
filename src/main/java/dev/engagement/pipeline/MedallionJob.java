package dev.engagement.pipeline;

import dev.engagement.pipeline.bronze.BronzeSchema;
import dev.engagement.pipeline.bronze.BronzeTable;
import dev.engagement.pipeline.gold.Gold;
import dev.engagement.pipeline.lake.LakeTable;
import dev.engagement.pipeline.quality.Quality;
import dev.engagement.pipeline.quality.QualityRules;
import dev.engagement.pipeline.silver.Silver;
import java.time.LocalDateTime;
import java.util.EnumMap;
import java.util.Map;
import java.util.function.Function;
import org.apache.flink.core.fs.Path;
import org.apache.flink.table.api.FormatDescriptor;
import org.apache.flink.table.api.Schema;
import org.apache.flink.table.api.StatementSet;
import org.apache.flink.table.api.Table;
import org.apache.flink.table.api.TableDescriptor;
import org.apache.flink.table.api.TableEnvironment;

/**
 * The whole medallion plan as one Flink job: bronze is scanned once, and every layer is a view
 * over it; each output table is inserted into its staging folder through one statement set.
 */
public final class MedallionJob {
  private MedallionJob() {}

  /** The tables a run produces, each defined as a function of the layers below it. */
  public static Map<LakeTable, Table> tables(
      TableEnvironment tEnv, BronzeSchema bronze, QualityRules rules, LocalDateTime runStart) {
    Table parsed = BronzeTable.parsed(tEnv, BronzeTable.source(tEnv, bronze));
    Table silver = Silver.studentEngagement(tEnv, parsed, rules);
    Table gold = Gold.studentCourseEngagement(tEnv, Gold.empty(tEnv), silver);
    Map<LakeTable, Table> tables = new EnumMap<>(LakeTable.class);
    tables.put(LakeTable.SILVER, silver);
    tables.put(LakeTable.NULL_VIOLATIONS,
        Quality.violations(tEnv, parsed, rules, Quality.NULL_VIOLATIONS, runStart));
    tables.put(LakeTable.REJECTED_ROWS,
        Quality.violations(tEnv, parsed, rules, Quality.REJECTED_ROWS, runStart));
    tables.put(LakeTable.GOLD, gold);
    tables.put(LakeTable.TOP_STUDENTS, Gold.topStudents(tEnv, gold));
    tables.put(LakeTable.COURSE_COMPLETION, Gold.courseCompletion(tEnv, gold));
    return tables;
  }

  /** One INSERT per table into the folder {@code target} names for it. */
  public static StatementSet statementSet(
      TableEnvironment tEnv, Map<LakeTable, Table> tables, Function<LakeTable, Path> target) {
    StatementSet set = tEnv.createStatementSet();
    tables.forEach((table, rows) -> set.add(rows.insertInto(sink(table, rows, target.apply(table)))));
    return set;
  }

  /** A partitioned parquet folder; timestamps as INT64 milliseconds of wall-clock time. */
  static TableDescriptor sink(LakeTable table, Table rows, Path folder) {
    TableDescriptor.Builder sink = TableDescriptor.forConnector("filesystem")
        .schema(Schema.newBuilder().fromResolvedSchema(rows.getResolvedSchema()).build())
        .option("path", folder.toString())
        .format(FormatDescriptor.forFormat("parquet")
            .option("utc-timezone", "true")
            .option("write.int64.timestamp", "true")
            .option("timestamp.time.unit", "millis")
            .option("compression", "SNAPPY")
            .build());
    table.partitionKey().ifPresent(sink::partitionedBy);
    return sink.build();
  }
}
