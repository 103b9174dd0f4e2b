package dev.engagement.pipeline.gold;

import dev.engagement.pipeline.sql.SqlTemplate;
import java.util.Map;
import org.apache.flink.table.api.Table;
import org.apache.flink.table.api.TableEnvironment;

/** The gold layer: {@code gold(previousGold, silver)} and the reports computed from gold. */
public final class Gold {
  private static final SqlTemplate STUDENT_COURSE_ENGAGEMENT =
      SqlTemplate.load(Gold.class, "student_course_engagement.sql");
  private static final SqlTemplate TOP_STUDENTS = SqlTemplate.load(Gold.class, "top_students.sql");
  private static final SqlTemplate COURSE_COMPLETION =
      SqlTemplate.load(Gold.class, "course_completion.sql");
  private static final SqlTemplate EMPTY = SqlTemplate.load(Gold.class, "empty_gold.sql");

  private Gold() {}

  /** Gold with no rows: what a full run merges into. */
  public static Table empty(TableEnvironment tEnv) {
    return tEnv.sqlQuery(EMPTY.render(Map.of()));
  }

  /** {@code previousGold} merged with the logins of {@code silver}. */
  public static Table studentCourseEngagement(TableEnvironment tEnv, Table previousGold, Table silver) {
    return tEnv.sqlQuery(STUDENT_COURSE_ENGAGEMENT.render(
        Map.of("previous_gold", previousGold, "silver", silver)));
  }

  public static Table topStudents(TableEnvironment tEnv, Table gold) {
    return tEnv.sqlQuery(TOP_STUDENTS.render(Map.of("gold", gold)));
  }

  public static Table courseCompletion(TableEnvironment tEnv, Table gold) {
    return tEnv.sqlQuery(COURSE_COMPLETION.render(Map.of("gold", gold)));
  }
}
