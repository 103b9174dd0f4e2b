package dev.engagement.pipeline.silver;

import dev.engagement.pipeline.quality.QualityRules;
import dev.engagement.pipeline.sql.SqlTemplate;
import java.util.Map;
import org.apache.flink.table.api.Table;
import org.apache.flink.table.api.TableEnvironment;

/** The silver layer: {@code silver(bronze_parsed)}. */
public final class Silver {
  private static final SqlTemplate STUDENT_ENGAGEMENT =
      SqlTemplate.load(Silver.class, "student_engagement.sql");

  private Silver() {}

  /** Typed, masked rows that no {@code drop} rule rejects, with their LoginDate partition. */
  public static Table studentEngagement(TableEnvironment tEnv, Table bronzeParsed, QualityRules rules) {
    SilverFunctions.register(tEnv);
    return tEnv.sqlQuery(STUDENT_ENGAGEMENT.render(Map.of(
        "bronze_parsed", bronzeParsed, "admitted", rules.admitted())));
  }
}
