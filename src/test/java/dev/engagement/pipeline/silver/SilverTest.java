package dev.engagement.pipeline.silver;

import static org.assertj.core.api.Assertions.assertThat;

import dev.engagement.pipeline.bronze.BronzeTable;
import dev.engagement.pipeline.quality.QualityRules;
import dev.engagement.pipeline.testing.BatchTables;
import java.math.BigDecimal;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Map;
import org.apache.flink.table.api.TableEnvironment;
import org.apache.flink.types.Row;
import org.junit.jupiter.api.Test;

/** silver(bronze_parsed) on a few in-memory rows. */
class SilverTest {
  static final Map<String, String> DEFAULT_BOUNDS = Map.of(
      "progress.min", "0", "progress.max", "100", "engagement.min", "0", "engagement.max", "100");

  @Test
  void admitsTypedMaskedRowsAndKeepsOutTheRest() {
    TableEnvironment tEnv = BatchTables.batch();
    var bronze = BatchTables.bronze(tEnv,
        Row.of(" S1 ", "C1 ", " ann@uni.edu", "2025-01-10 09:00:00", "45.555", "85.0", "2025-01-10 09:30:00"),
        Row.of("S1", "C1", null, "2025-01-11 09:00:00", "99.995", null, "2025-01-11 09:30:00"),
        Row.of("S2", "C2", "  ", "2025-01-12 09:00:00", "0", "0", "2025-01-12 09:30:00"),
        Row.of("S3", "C3", "b@c.d", "2025-01-13 23:59:59", "100", "100", "2025-01-13 23:59:59"),
        Row.of("S4", "C4", "b@c.d", "2025-02-30 09:00:00", "10", "10", "2025-01-10 09:00:00"),
        Row.of("  ", "C5", "b@c.d", "2025-01-10 09:00:00", "10", "10", "2025-01-10 09:00:00"),
        Row.of("S6", "C6", "b@c.d", "2025-01-10 09:00:00", "100.004", "10", "2025-01-10 09:00:00"),
        Row.of("S7", "C7", "b@c.d", "2025-01-10 09:00:00", "10", "85.5", "2025-01-10 09:00:00"),
        Row.of("S8", "C8", "b@c.d", "2025-01-10 09:00:00", "10", "10", "10.01.2025"));

    List<Row> silver = BatchTables.collect(Silver.studentEngagement(
        tEnv, BronzeTable.parsed(tEnv, bronze), QualityRules.defaults(DEFAULT_BOUNDS)));

    assertThat(silver).containsExactlyInAnyOrder(
        Row.of("S1", "C1", "aXX@XXXX.com", ts("2025-01-10T09:00:00"), dec("45.56"), 85, ts("2025-01-10T09:30:00"), "2025-01-10"),
        Row.of("S1", "C1", null, ts("2025-01-11T09:00:00"), dec("100.00"), 0, ts("2025-01-11T09:30:00"), "2025-01-11"),
        Row.of("S2", "C2", null, ts("2025-01-12T09:00:00"), dec("0.00"), 0, ts("2025-01-12T09:30:00"), "2025-01-12"),
        Row.of("S3", "C3", "bXX@XXXX.com", ts("2025-01-13T23:59:59"), dec("100.00"), 100, ts("2025-01-13T23:59:59"), "2025-01-13"));
  }

  static LocalDateTime ts(String iso) {
    return LocalDateTime.parse(iso);
  }

  static BigDecimal dec(String value) {
    return new BigDecimal(value);
  }
}
