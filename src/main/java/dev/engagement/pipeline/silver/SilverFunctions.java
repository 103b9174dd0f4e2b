package dev.engagement.pipeline.silver;

import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import org.apache.flink.table.annotation.DataTypeHint;
import org.apache.flink.table.api.TableEnvironment;
import org.apache.flink.table.data.StringData;
import org.apache.flink.table.data.TimestampData;
import org.apache.flink.table.functions.ScalarFunction;

/** Functions of the silver view. */
final class SilverFunctions {
  private SilverFunctions() {}

  static void register(TableEnvironment tEnv) {
    tEnv.createTemporarySystemFunction("ISO_DATE", IsoDate.class);
  }

  /**
   * A timestamp's day as DATE_FORMAT(ts, 'yyyy-MM-dd') spells it (the LoginDate partition),
   * without DATE_FORMAT's formatter-cache lookup and Java string per row: years 1 to 9999 are
   * written as bytes, any other year by the formatter DATE_FORMAT uses.
   */
  public static final class IsoDate extends ScalarFunction {
    private static final DateTimeFormatter FORMAT = DateTimeFormatter.ofPattern("yyyy-MM-dd");

    public @DataTypeHint(value = "STRING", bridgedTo = StringData.class) StringData eval(
        @DataTypeHint(value = "TIMESTAMP(3)", bridgedTo = TimestampData.class) TimestampData time) {
      if (time == null) {
        return null;
      }
      LocalDate day = time.toLocalDateTime().toLocalDate();
      int year = day.getYear();
      if (year < 1 || year > 9999) {
        return StringData.fromString(FORMAT.format(day));
      }
      int month = day.getMonthValue();
      int dayOfMonth = day.getDayOfMonth();
      return StringData.fromBytes(new byte[] {
          digit(year / 1000), digit(year / 100), digit(year / 10), digit(year), '-',
          digit(month / 10), digit(month), '-', digit(dayOfMonth / 10), digit(dayOfMonth)});
    }

    private static byte digit(int value) {
      return (byte) ('0' + value % 10);
    }
  }
}
