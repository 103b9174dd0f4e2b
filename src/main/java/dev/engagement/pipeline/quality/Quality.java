package dev.engagement.pipeline.quality;

import dev.engagement.pipeline.sql.SqlTemplate;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import org.apache.flink.table.api.Table;
import org.apache.flink.table.api.TableEnvironment;

/** The quality layer: {@code violations(bronze_parsed)} for each quality table. */
public final class Quality {
  public static final String NULL_VIOLATIONS = "null_violations";
  public static final String REJECTED_ROWS = "rejected_rows";

  private Quality() {}

  /**
   * The rows of {@code bronzeParsed} recorded in {@code output}, stamped with the run's start
   * time (UTC) as ErrorTimestamp and its date as the ErrorDate partition.
   */
  public static Table violations(
      TableEnvironment tEnv, Table bronzeParsed, QualityRules rules, String output, LocalDateTime runStart) {
    SqlTemplate template = SqlTemplate.load(Quality.class, output + ".sql");
    return tEnv.sqlQuery(template.render(Map.of(
        "bronze_parsed", bronzeParsed,
        "recorded", rules.recordedIn(output),
        "error_code", rules.errorCode(output),
        "error_message", rules.errorMessage(output),
        "error_timestamp", "TIMESTAMP " + SqlTemplate.literal(
            runStart.format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS"))),
        "error_date", SqlTemplate.literal(runStart.toLocalDate().toString()))));
  }
}
