package dev.engagement.pipeline.gold;

import dev.engagement.pipeline.parquet.ParquetFilesSource;
import dev.engagement.pipeline.sql.SqlTemplate;
import java.util.List;
import java.util.Map;
import org.apache.flink.table.api.DataTypes;
import org.apache.flink.table.api.Expressions;
import org.apache.flink.table.api.Schema;
import org.apache.flink.table.api.Table;
import org.apache.flink.table.api.TableEnvironment;
import org.apache.flink.table.expressions.Expression;

/** The gold layer: {@code gold(previousGold, silver)} and the reports computed from gold. */
public final class Gold {
  private static final SqlTemplate STUDENT_COURSE_ENGAGEMENT =
      SqlTemplate.load(Gold.class, "student_course_engagement.sql");
  private static final SqlTemplate TOP_STUDENTS = SqlTemplate.load(Gold.class, "top_students.sql");
  private static final SqlTemplate COURSE_COMPLETION =
      SqlTemplate.load(Gold.class, "course_completion.sql");
  private static final SqlTemplate EMPTY = SqlTemplate.load(Gold.class, "empty_gold.sql");
  private static final SqlTemplate OF_BATCH_COURSES =
      SqlTemplate.load(Gold.class, "previous_gold_of_batch_courses.sql");
  private static final SqlTemplate OF_OTHER_COURSES =
      SqlTemplate.load(Gold.class, "previous_gold_of_other_courses.sql");

  /** The columns of student_course_engagement, CourseID last (it is the partition folder). */
  public static final Schema SCHEMA = Schema.newBuilder()
      .column("StudentID", DataTypes.STRING())
      .column("AvgEngagementScore", DataTypes.DOUBLE())
      .column("TotalLogins", DataTypes.BIGINT())
      .column("EngagementScoreSum", DataTypes.BIGINT())
      .column("MaxProgressPercentage", DataTypes.DECIMAL(5, 2))
      .column("FirstLoginTime", DataTypes.TIMESTAMP(3))
      .column("LastLoginTime", DataTypes.TIMESTAMP(3))
      .column("CourseID", DataTypes.STRING())
      .build();

  private Gold() {}

  /** Gold with no rows: what a full run merges into. */
  public static Table empty(TableEnvironment tEnv) {
    return tEnv.sqlQuery(EMPTY.render(Map.of()));
  }

  /** The committed gold table: the data files of its current Delta version. */
  public static Table committed(TableEnvironment tEnv, List<String> files) {
    return tEnv.from(ParquetFilesSource.of(SCHEMA, List.of("CourseID"), files));
  }

  /**
   * An incremental run's gold: the previous rows of the courses {@code silver} touches, merged
   * with its logins. Only those course partitions are rewritten.
   */
  public static Table mergeBatch(TableEnvironment tEnv, Table previousGold, Table silver) {
    Table touched = tEnv.sqlQuery(OF_BATCH_COURSES.render(Map.of("previous_gold", previousGold, "silver", silver)));
    return studentCourseEngagement(tEnv, touched, silver);
  }

  /** All of gold after an incremental run: the untouched courses' rows and the merged ones. */
  public static Table afterMerge(TableEnvironment tEnv, Table previousGold, Table silver, Table merged) {
    Table untouched = tEnv.sqlQuery(OF_OTHER_COURSES.render(Map.of("previous_gold", previousGold, "silver", silver)));
    Expression[] mergedOrder =
        merged.getResolvedSchema().getColumnNames().stream().map(Expressions::$).toArray(Expression[]::new);
    return untouched.select(mergedOrder).unionAll(merged);
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
