package dev.engagement.pipeline.quality;

import static org.assertj.core.api.Assertions.assertThat;

import dev.engagement.pipeline.bronze.BronzeTable;
import dev.engagement.pipeline.testing.BatchTables;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Map;
import org.apache.flink.table.api.Table;
import org.apache.flink.table.api.TableEnvironment;
import org.apache.flink.types.Row;
import org.junit.jupiter.api.Test;

/** violations(bronze_parsed) for each quality table, on a few in-memory rows. */
class QualityTest {
  private static final LocalDateTime RUN_START = LocalDateTime.parse("2026-11-25T14:00:00.123");
  private static final Map<String, String> BOUNDS = Map.of(
      "progress.min", "0", "progress.max", "50", "engagement.min", "0", "engagement.max", "100");

  private final TableEnvironment tEnv = BatchTables.batch();
  private final Table parsed = BronzeTable.parsed(tEnv, BatchTables.bronze(tEnv,
      Row.of(null, "C1", "a@b.c", "bad", "10", null, "2025-01-10 09:00:00"),
      Row.of("S1", " ", "a@b.c", "bad", "10", "10", "2025-01-10 09:00:00"),
      Row.of("S2", "C2", "a@b.c", "2025-01-10 09:00:00", "10", " ", "2025-01-10 09:00:00"),
      Row.of("S3", "C3", "a@b.c", "2025-01-10T09:00:00", "10", null, "2025-01-10 09:00:00"),
      Row.of("S4", "C4", "zed@b.c", "2025-01-10 09:00:00", "60", "x", "2025-01-10 09:00:00"),
      Row.of("S5", "C5", "a@b.c", "2025-01-10 09:00:00", "10", "7.5", "2025-01-10 09:00:00"),
      Row.of("S6", "C6", "a@b.c", "2025-01-10 09:00:00", "50", "100", "2025-01-10 09:00:00")));
  private final QualityRules rules = QualityRules.defaults(BOUNDS);

  @Test
  void nullViolationsRecordTheFirstNullCodeAndTheRawValues() {
    List<Row> rows = BatchTables.collect(
        Quality.violations(tEnv, parsed, rules, Quality.NULL_VIOLATIONS, RUN_START));
    LocalDateTime ts = RUN_START;
    assertThat(rows).containsExactlyInAnyOrder(
        Row.of(ts, "NULL_STUDENT_ID", null, "C1", null, "2026-11-25"),
        Row.of(ts, "NULL_COURSE_ID", "S1", " ", "10", "2026-11-25"),
        Row.of(ts, "NULL_ENGAGEMENT_SCORE", "S2", "C2", " ", "2026-11-25"),
        Row.of(ts, "NULL_ENGAGEMENT_SCORE", "S3", "C3", null, "2026-11-25"));
  }

  @Test
  void rejectedRowsHaveBothKeysTheFirstInvalidCodeAndAMessageNamingTheValue() {
    List<Row> rows = BatchTables.collect(
        Quality.violations(tEnv, parsed, rules, Quality.REJECTED_ROWS, RUN_START));
    LocalDateTime ts = RUN_START;
    assertThat(rows).containsExactlyInAnyOrder(
        Row.of(ts, "INVALID_LOGIN_TIME", "LoginTime '2025-01-10T09:00:00' is not a timestamp yyyy-MM-dd HH:mm:ss",
            "S3", "C3", "aXX@XXXX.com", "2025-01-10T09:00:00", "10", null, "2025-01-10 09:00:00", "2026-11-25"),
        Row.of(ts, "INVALID_PROGRESS_PERCENTAGE", "ProgressPercentage '60' is not a number in [0, 50]",
            "S4", "C4", "zXX@XXXX.com", "2025-01-10 09:00:00", "60", "x", "2025-01-10 09:00:00", "2026-11-25"),
        Row.of(ts, "INVALID_ENGAGEMENT_SCORE", "EngagementScore '7.5' is not a whole number in [0, 100]",
            "S5", "C5", "aXX@XXXX.com", "2025-01-10 09:00:00", "10", "7.5", "2025-01-10 09:00:00", "2026-11-25"));
  }
}
