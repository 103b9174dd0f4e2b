package dev.engagement.pipeline;

import dev.engagement.pipeline.bronze.BronzeSchema;
import dev.engagement.pipeline.bronze.BronzeTable;
import dev.engagement.pipeline.commit.Watermarks;
import dev.engagement.pipeline.counters.RowCountAccumulators;
import dev.engagement.pipeline.gold.Gold;
import dev.engagement.pipeline.lake.ErasedStudents;
import dev.engagement.pipeline.lake.LakeTable;
import dev.engagement.pipeline.parquet.ParquetTables;
import dev.engagement.pipeline.quality.Quality;
import dev.engagement.pipeline.quality.QualityRules;
import dev.engagement.pipeline.silver.Silver;
import dev.engagement.pipeline.sql.SqlTemplate;
import java.time.LocalDateTime;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.apache.flink.core.fs.FileStatus;
import org.apache.flink.core.fs.Path;
import org.apache.flink.table.api.Schema;
import org.apache.flink.table.api.StatementSet;
import org.apache.flink.table.api.Table;
import org.apache.flink.table.api.TableDescriptor;
import org.apache.flink.table.api.TableEnvironment;

/**
 * The whole medallion plan as one Flink job: bronze is scanned once, and every layer is a view
 * over it; each output table is inserted into its staging folder through one statement set.
 *
 * @param tables the lake's tables as this run writes them
 * @param summary one row: the bronze rows the run read, and their greatest LastModifiedDate
 * @param rowCounts (Name, Rows) per stage and error code, published as accumulators
 */
public record MedallionJob(Map<LakeTable, Table> tables, Table summary, Table rowCounts) {
  private static final SqlTemplate ROW_COUNTS = SqlTemplate.load(MedallionJob.class, "row_counts.sql");

  /**
   * What a run starts from. A full run has no watermark and no previous gold; an incremental
   * run (previous gold present) reads only bronze rows newer than the watermark (any valid
   * LastModifiedDate when it is empty) and merges them into the committed gold. Either drops the
   * rows of erased students before any layer sees them.
   */
  public record Inputs(
      BronzeSchema bronze,
      QualityRules rules,
      LocalDateTime runStart,
      Optional<LocalDateTime> watermark,
      Optional<List<String>> previousGold,
      ErasedStudents erased) {

    /** The bronze files the run reads: an incremental run skips those whose rows all end before the watermark. */
    public List<FileStatus> bronzeFiles() {
      return previousGold.isPresent() ? bronze.filesNewerThan(watermark.orElse(Watermarks.NONE)) : bronze.files();
    }
  }

  public static MedallionJob plan(TableEnvironment tEnv, Inputs in) {
    boolean incremental = in.previousGold().isPresent();
    LocalDateTime watermark = in.watermark().orElse(Watermarks.NONE);
    Table parsed = BronzeTable.parsed(tEnv, BronzeTable.source(tEnv, in.bronze(), in.bronzeFiles()));
    Table batch = incremental ? BronzeTable.newerThan(tEnv, parsed, watermark) : parsed;
    Table kept = in.erased().isEmpty() ? batch : BronzeTable.notErased(tEnv, batch, in.erased());
    Table silver = Silver.studentEngagement(tEnv, kept, in.rules());

    Table gold;
    Table allGold;
    if (in.previousGold().isPresent()) {
      Table previous = Gold.committed(tEnv, in.previousGold().get());
      gold = Gold.mergeBatch(tEnv, previous, silver);
      allGold = Gold.afterMerge(tEnv, previous, silver, gold);
    } else {
      gold = Gold.studentCourseEngagement(tEnv, Gold.empty(tEnv), silver);
      allGold = gold;
    }

    Map<LakeTable, Table> tables = new EnumMap<>(LakeTable.class);
    tables.put(LakeTable.SILVER, silver);
    tables.put(LakeTable.NULL_VIOLATIONS,
        Quality.violations(tEnv, kept, in.rules(), Quality.NULL_VIOLATIONS, in.runStart()));
    tables.put(LakeTable.REJECTED_ROWS,
        Quality.violations(tEnv, kept, in.rules(), Quality.REJECTED_ROWS, in.runStart()));
    tables.put(LakeTable.GOLD, gold);
    tables.putAll(reports(tEnv, allGold));
    Table rowCounts = tEnv.sqlQuery(ROW_COUNTS.render(Map.of(
        "bronze", batch,
        "kept", kept,
        "silver", silver,
        "null_violations", tables.get(LakeTable.NULL_VIOLATIONS),
        "rejected_rows", tables.get(LakeTable.REJECTED_ROWS),
        "gold", gold)));
    return new MedallionJob(tables, BronzeTable.summary(tEnv, batch), rowCounts);
  }

  /** The report tables, which derive from all of gold. */
  public static Map<LakeTable, Table> reports(TableEnvironment tEnv, Table allGold) {
    return Map.of(LakeTable.TOP_STUDENTS, Gold.topStudents(tEnv, allGold),
        LakeTable.COURSE_COMPLETION, Gold.courseCompletion(tEnv, allGold));
  }

  /**
   * One INSERT per table into the folder {@code folder} names for it, each file named
   * {@code <filePrefix>...}, and the summary's.
   */
  public StatementSet statementSet(TableEnvironment tEnv, Function<LakeTable, Path> folder, String filePrefix,
      Path summaryFolder) {
    StatementSet set = insertInto(tEnv.createStatementSet(), tables, folder, filePrefix);
    set.add(summary.insertInto(ParquetTables.folder(schemaOf(summary), summaryFolder, List.of())));
    set.add(rowCounts.insertInto(TableDescriptor.forConnector(RowCountAccumulators.IDENTIFIER)
        .schema(schemaOf(rowCounts)).build()));
    return set;
  }

  /** Adds to {@code set} one INSERT per table into the folder {@code folder} names for it. */
  public static StatementSet insertInto(StatementSet set, Map<LakeTable, Table> tables,
      Function<LakeTable, Path> folder, String filePrefix) {
    tables.forEach((table, rows) -> set.add(rows.insertInto(ParquetTables.sink(
        schemaOf(rows), folder.apply(table), table.partitionKey().map(List::of).orElse(List.of()), filePrefix))));
    return set;
  }

  private static Schema schemaOf(Table rows) {
    return Schema.newBuilder().fromResolvedSchema(rows.getResolvedSchema()).build();
  }
}
