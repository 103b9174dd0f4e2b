package dev.engagement.pipeline.bronze;

import dev.engagement.pipeline.commit.Watermarks;
import dev.engagement.pipeline.lake.ErasedStudents;
import dev.engagement.pipeline.sql.SqlTemplate;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Map;
import org.apache.flink.core.fs.FileStatus;
import org.apache.flink.table.api.Table;
import org.apache.flink.table.api.TableEnvironment;

/** The bronze layer as tables: the parquet source, and the parsed view every other layer reads. */
public final class BronzeTable {
  private static final SqlTemplate PARSED = SqlTemplate.load(BronzeTable.class, "bronze_parsed.sql");
  private static final SqlTemplate INCREMENT = SqlTemplate.load(BronzeTable.class, "bronze_increment.sql");
  private static final SqlTemplate NOT_ERASED = SqlTemplate.load(BronzeTable.class, "bronze_not_erased.sql");
  private static final SqlTemplate SUMMARY = SqlTemplate.load(BronzeTable.class, "bronze_summary.sql");

  private BronzeTable() {}

  /**
   * Bronze parquet files as a table, with the column types their footers declare. Only the files
   * given are read, so a file that lands after the footers were checked waits for the next run.
   */
  public static Table source(TableEnvironment tEnv, BronzeSchema bronze, List<FileStatus> files) {
    return tEnv.from(BronzeSource.of(bronze, files));
  }

  /** {@code bronze_parsed(bronze)}: raw values as strings beside their strictly parsed values. */
  public static Table parsed(TableEnvironment tEnv, Table bronze) {
    BronzeFunctions.register(tEnv);
    return tEnv.sqlQuery(PARSED.render(Map.of("bronze", bronze)));
  }

  /**
   * The rows of an incremental run: those whose LastModifiedDate is after the watermark. Rows
   * without a valid LastModifiedDate cannot be placed against it; only full runs see them.
   */
  public static Table newerThan(TableEnvironment tEnv, Table bronzeParsed, LocalDateTime watermark) {
    return tEnv.sqlQuery(INCREMENT.render(Map.of(
        "bronze_parsed", bronzeParsed,
        "watermark", "TIMESTAMP " + SqlTemplate.literal(Watermarks.format(watermark)))));
  }

  /** The rows of students not in {@code erased}. */
  public static Table notErased(TableEnvironment tEnv, Table bronzeParsed, ErasedStudents erased) {
    tEnv.createTemporarySystemFunction("IS_ERASED", new IsErased(erased));
    return tEnv.sqlQuery(NOT_ERASED.render(Map.of("bronze_parsed", bronzeParsed)));
  }

  /** The rows a run read and the greatest valid LastModifiedDate among them (one row). */
  public static Table summary(TableEnvironment tEnv, Table bronzeParsed) {
    return tEnv.sqlQuery(SUMMARY.render(Map.of("bronze_parsed", bronzeParsed)));
  }
}
