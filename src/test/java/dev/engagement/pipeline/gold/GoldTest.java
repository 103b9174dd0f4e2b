package dev.engagement.pipeline.gold;

import static org.assertj.core.api.Assertions.assertThat;

import dev.engagement.pipeline.testing.BatchTables;
import java.math.BigDecimal;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.table.api.DataTypes;
import org.apache.flink.table.api.Table;
import org.apache.flink.table.api.TableEnvironment;
import org.apache.flink.types.Row;
import org.junit.jupiter.api.Test;

/** gold(previousGold, silver) and the reports, on a few in-memory rows. */
class GoldTest {
  private final TableEnvironment tEnv = BatchTables.batch();

  @Test
  void mergesABatchIntoThePreviousGoldExactly() {
    Table previous = gold(
        Row.of("S1", "C1", 80.0, 2L, 160L, dec("50.00"), ts("2025-01-02T10:00"), ts("2025-01-05T10:00")),
        Row.of("S2", "C1", 10.0, 1L, 10L, dec("10.00"), ts("2025-01-03T10:00"), ts("2025-01-03T10:00")));
    Table batch = silver(
        Row.of("S1", "C1", ts("2025-01-01T08:00"), dec("40.00"), 91),
        Row.of("S1", "C1", ts("2025-01-09T08:00"), dec("100.00"), 0),
        Row.of("S3", "C2", ts("2025-01-09T08:00"), dec("5.00"), 7));

    List<Row> gold = BatchTables.collect(Gold.studentCourseEngagement(tEnv, previous, batch));

    assertThat(gold).containsExactlyInAnyOrder(
        // (160 + 91 + 0) / 4 logins: the average of all logins, not of the two averages.
        Row.of("S1", "C1", 251.0 / 4, 4L, 251L, dec("100.00"), ts("2025-01-01T08:00"), ts("2025-01-09T08:00")),
        Row.of("S2", "C1", 10.0, 1L, 10L, dec("10.00"), ts("2025-01-03T10:00"), ts("2025-01-03T10:00")),
        Row.of("S3", "C2", 7.0, 1L, 7L, dec("5.00"), ts("2025-01-09T08:00"), ts("2025-01-09T08:00")));
  }

  /** With null_course_id set to warn, NULL is a course: merged like any other, never dropped or doubled. */
  @Test
  void aNullCourseIdGroupIsMergedIncrementally() {
    Table previous = gold(
        Row.of("S1", null, 80.0, 2L, 160L, dec("50.00"), ts("2025-01-02T10:00"), ts("2025-01-05T10:00")),
        Row.of("S1", "C1", 10.0, 1L, 10L, dec("10.00"), ts("2025-01-03T10:00"), ts("2025-01-03T10:00")),
        Row.of("S2", "C2", 20.0, 1L, 20L, dec("20.00"), ts("2025-01-03T10:00"), ts("2025-01-03T10:00")));
    Table batch = silver(
        Row.of("S1", null, ts("2025-01-09T08:00"), dec("100.00"), 20),
        Row.of("S3", null, ts("2025-01-09T09:00"), dec("5.00"), 7),
        Row.of("S1", "C1", ts("2025-01-09T08:00"), dec("30.00"), 50));

    // The NULL-safe joins are still joins on a key: without nested loops (which the planner picks
    // for these few rows) they are hash joins, as at scale; a join without a key could not be planned.
    tEnv.getConfig().set("table.exec.disabled-operators", "NestedLoopJoin");
    Table all = Gold.afterMerge(tEnv, previous, batch, Gold.mergeBatch(tEnv, previous, batch));
    List<Row> gold = BatchTables.collect(all);

    assertThat(gold).containsExactlyInAnyOrder(
        // (160 + 20) / 3 logins
        Row.of("S1", null, 60.0, 3L, 180L, dec("100.00"), ts("2025-01-02T10:00"), ts("2025-01-09T08:00")),
        Row.of("S3", null, 7.0, 1L, 7L, dec("5.00"), ts("2025-01-09T09:00"), ts("2025-01-09T09:00")),
        Row.of("S1", "C1", 30.0, 2L, 60L, dec("30.00"), ts("2025-01-03T10:00"), ts("2025-01-09T08:00")),
        Row.of("S2", "C2", 20.0, 1L, 20L, dec("20.00"), ts("2025-01-03T10:00"), ts("2025-01-03T10:00")));
    assertThat(all.explain()).doesNotContain("NestedLoopJoin").contains("HashJoin");
  }

  @Test
  void aFullRunMergesIntoEmptyGold() {
    List<Row> gold = BatchTables.collect(Gold.studentCourseEngagement(tEnv, Gold.empty(tEnv),
        silver(Row.of("S1", "C1", ts("2025-01-01T08:00"), dec("40.00"), 5),
            Row.of("S1", "C1", ts("2025-01-02T08:00"), dec("30.00"), 6))));
    assertThat(gold).containsExactly(
        Row.of("S1", "C1", 5.5, 2L, 11L, dec("40.00"), ts("2025-01-01T08:00"), ts("2025-01-02T08:00")));
  }

  @Test
  void topStudentsAreTheTenBestAveragesOverCoursesWithTiesToTheSmallerId() {
    List<Row> rows = new ArrayList<>();
    // S00..S11 average 50 + i over one course; S12 averages (100 + 0) / 2 = 50 over two courses.
    for (int i = 0; i < 12; i++) {
      rows.add(goldRow(String.format("S%02d", i), "C1", 50.0 + i));
    }
    rows.add(goldRow("S12", "C1", 100.0));
    rows.add(goldRow("S12", "C2", 0.0));
    rows.add(goldRow("S13", "C2", 60.0)); // ties with S10, which has the smaller id
    List<Row> top = BatchTables.collect(Gold.topStudents(tEnv, gold(rows.toArray(Row[]::new))));
    assertThat(top).containsExactlyInAnyOrder(
        Row.of(1, "S11", 61.0), Row.of(2, "S10", 60.0), Row.of(3, "S13", 60.0), Row.of(4, "S09", 59.0),
        Row.of(5, "S08", 58.0), Row.of(6, "S07", 57.0), Row.of(7, "S06", 56.0), Row.of(8, "S05", 55.0),
        Row.of(9, "S04", 54.0), Row.of(10, "S03", 53.0));
  }

  @Test
  void courseCompletionCountsStudentsNotRows() {
    Table gold = gold(
        goldRow("S1", "C1", 1.0, "100.00"), goldRow("S2", "C1", 1.0, "99.99"), goldRow("S3", "C1", 1.0, "100.00"),
        goldRow("S1", "C2", 1.0, "10.00"), goldRow("S2", "C3", 1.0, "100.00"));
    assertThat(BatchTables.collect(Gold.courseCompletion(tEnv, gold))).containsExactlyInAnyOrder(
        Row.of("C1", 3L, 2L, dec("66.67")), Row.of("C2", 1L, 0L, dec("0.00")), Row.of("C3", 1L, 1L, dec("100.00")));
  }

  private static Row goldRow(String student, String course, double avg) {
    return goldRow(student, course, avg, "50.00");
  }

  private static Row goldRow(String student, String course, double avg, String maxProgress) {
    return Row.of(student, course, avg, 1L, (long) avg, dec(maxProgress), ts("2025-01-01T00:00"), ts("2025-01-01T00:00"));
  }

  private Table gold(Row... rows) {
    return tEnv.fromValues(DataTypes.ROW(
        DataTypes.FIELD("StudentID", DataTypes.STRING()),
        DataTypes.FIELD("CourseID", DataTypes.STRING()),
        DataTypes.FIELD("AvgEngagementScore", DataTypes.DOUBLE()),
        DataTypes.FIELD("TotalLogins", DataTypes.BIGINT()),
        DataTypes.FIELD("EngagementScoreSum", DataTypes.BIGINT()),
        DataTypes.FIELD("MaxProgressPercentage", DataTypes.DECIMAL(5, 2)),
        DataTypes.FIELD("FirstLoginTime", DataTypes.TIMESTAMP(3)),
        DataTypes.FIELD("LastLoginTime", DataTypes.TIMESTAMP(3))), (Object[]) rows);
  }

  private Table silver(Row... rows) {
    return tEnv.fromValues(DataTypes.ROW(
        DataTypes.FIELD("StudentID", DataTypes.STRING()),
        DataTypes.FIELD("CourseID", DataTypes.STRING()),
        DataTypes.FIELD("LoginTime", DataTypes.TIMESTAMP(3)),
        DataTypes.FIELD("ProgressPercentage", DataTypes.DECIMAL(5, 2)),
        DataTypes.FIELD("EngagementScore", DataTypes.INT())), (Object[]) rows);
  }

  private static LocalDateTime ts(String iso) {
    return LocalDateTime.parse(iso);
  }

  private static BigDecimal dec(String value) {
    return new BigDecimal(value);
  }
}
