package dev.engagement.pipeline.silver;

import static org.apache.flink.table.api.Expressions.callSql;
import static org.assertj.core.api.Assertions.assertThat;

import dev.engagement.pipeline.testing.BatchTables;
import java.time.LocalDateTime;
import java.util.List;
import org.apache.flink.table.api.DataTypes;
import org.apache.flink.table.api.Table;
import org.apache.flink.table.api.TableEnvironment;
import org.apache.flink.types.Row;
import org.junit.jupiter.api.Test;

class SilverFunctionsTest {
  @Test
  void isoDateSpellsTheDayAsFlinksDateFormatDoes() {
    TableEnvironment tEnv = BatchTables.batch();
    SilverFunctions.register(tEnv);
    Table times = tEnv.fromValues(DataTypes.ROW(DataTypes.FIELD("t", DataTypes.TIMESTAMP(3))),
        Row.of(LocalDateTime.parse("2025-01-10T09:00:00")),
        Row.of(LocalDateTime.parse("2025-12-31T23:59:59.999")),
        Row.of(LocalDateTime.parse("2024-02-29T00:00:00")),
        Row.of(LocalDateTime.parse("1969-12-31T23:59:59.999")),
        Row.of(LocalDateTime.parse("1900-03-01T12:00:00")),
        Row.of(LocalDateTime.parse("0001-01-01T00:00:00")),
        Row.of(LocalDateTime.parse("0999-06-15T00:00:00")),
        Row.of(LocalDateTime.parse("0000-12-31T23:00:00")),
        Row.of(LocalDateTime.parse("9999-12-31T23:59:59")),
        Row.of((Object) null));

    List<Row> rows = BatchTables.collect(times.select(
        callSql("t"), callSql("DATE_FORMAT(t, 'yyyy-MM-dd')"),
        callSql("ISO_DATE(t)")));

    assertThat(rows).hasSize(10).allSatisfy(row ->
        assertThat(row.getField(2)).as("ISO_DATE(%s)", row.getField(0)).isEqualTo(row.getField(1)));
    assertThat(rows).extracting(row -> row.getField(2)).contains("2025-01-10", "1969-12-31", "0999-06-15");
  }
}
