package dev.engagement.pipeline.bronze;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.DateTimeException;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.ResolverStyle;
import java.time.temporal.ChronoField;
import java.time.temporal.ChronoUnit;
import org.apache.flink.table.annotation.DataTypeHint;
import org.apache.flink.table.api.TableEnvironment;
import org.apache.flink.table.functions.ScalarFunction;

/**
 * Strict parsers for raw bronze strings. Each returns NULL for a value it does not accept, so
 * the quality rules can tell a missing value from a bad one; none of them ever fails the job.
 */
public final class BronzeFunctions {
  private BronzeFunctions() {}

  public static void register(TableEnvironment tEnv) {
    tEnv.createTemporarySystemFunction("PARSE_TIMESTAMP", ParseTimestamp.class);
    tEnv.createTemporarySystemFunction("PARSE_DECIMAL", ParseDecimal.class);
    tEnv.createTemporarySystemFunction("PARSE_WHOLE_NUMBER", ParseWholeNumber.class);
    tEnv.createTemporarySystemFunction("MASK_EMAIL", MaskEmail.class);
  }

  /** 'yyyy-MM-dd HH:mm:ss' with an optional fraction; no lenient roll-over (Feb 30 is NULL). */
  public static final class ParseTimestamp extends ScalarFunction {
    private static final DateTimeFormatter FORMAT =
        new DateTimeFormatterBuilder()
            .appendPattern("uuuu-MM-dd HH:mm:ss")
            .optionalStart()
            .appendFraction(ChronoField.NANO_OF_SECOND, 1, 9, true)
            .optionalEnd()
            .toFormatter()
            .withResolverStyle(ResolverStyle.STRICT);

    public @DataTypeHint("TIMESTAMP(3)") LocalDateTime eval(String raw) {
      if (raw == null) {
        return null;
      }
      String text = raw.trim();
      try {
        return text.length() == PLAIN_LENGTH && isPlain(text)
            ? LocalDateTime.of(digits(text, 0, 4), digits(text, 5, 7), digits(text, 8, 10),
                digits(text, 11, 13), digits(text, 14, 16), digits(text, 17, 19))
            : LocalDateTime.parse(text, FORMAT).truncatedTo(ChronoUnit.MILLIS);
      } catch (DateTimeException e) {
        return null;
      }
    }

    private static final int PLAIN_LENGTH = 19;

    /**
     * 'dddd-dd-dd dd:dd:dd', the shape nearly every export uses: parsed by hand, which is several
     * times faster than the formatter; LocalDateTime.of rejects what STRICT resolving rejects.
     */
    private static boolean isPlain(String text) {
      for (int i = 0; i < PLAIN_LENGTH; i++) {
        char c = text.charAt(i);
        boolean ok = switch (i) {
          case 4, 7 -> c == '-';
          case 10 -> c == ' ';
          case 13, 16 -> c == ':';
          default -> c >= '0' && c <= '9';
        };
        if (!ok) {
          return false;
        }
      }
      return true;
    }

    private static int digits(String text, int from, int to) {
      int value = 0;
      for (int i = from; i < to; i++) {
        value = value * 10 + (text.charAt(i) - '0');
      }
      return value;
    }
  }

  /** A decimal number (Java BigDecimal syntax, surrounding spaces allowed), else NULL. */
  public static final class ParseDecimal extends ScalarFunction {
    private static final int SCALE = 18;
    private static final int INTEGER_DIGITS = 38 - SCALE;

    public @DataTypeHint("DECIMAL(38, 18)") BigDecimal eval(String raw) {
      BigDecimal value = parse(raw);
      if (value == null || value.precision() - value.scale() > INTEGER_DIGITS) {
        return null;
      }
      return value.setScale(SCALE, RoundingMode.HALF_UP);
    }
  }

  /** A whole number ("85" and "85.0" are 85) that fits an INT, else NULL. */
  public static final class ParseWholeNumber extends ScalarFunction {
    public Integer eval(String raw) {
      BigDecimal value = parse(raw);
      if (value == null || value.stripTrailingZeros().scale() > 0) {
        return null;
      }
      try {
        return value.intValueExact();
      } catch (ArithmeticException e) {
        return null;
      }
    }
  }

  /**
   * SQL Server's email() mask: the first character, then "XX@XXXX.com"; NULL or blank (only
   * spaces, like SQL's TRIM) stays NULL. Works on code points, so a first character outside the BMP is kept whole.
   */
  public static final class MaskEmail extends ScalarFunction {
    public String eval(String raw) {
      int first = 0;
      while (raw != null && first < raw.length() && raw.charAt(first) == ' ') {
        first++;
      }
      if (raw == null || first == raw.length()) {
        return null;
      }
      return new String(Character.toChars(raw.codePointAt(first))) + "XX@XXXX.com";
    }
  }

  static BigDecimal parse(String raw) {
    if (raw == null || raw.isBlank()) {
      return null;
    }
    try {
      return new BigDecimal(raw.strip());
    } catch (NumberFormatException e) {
      return null;
    }
  }
}
