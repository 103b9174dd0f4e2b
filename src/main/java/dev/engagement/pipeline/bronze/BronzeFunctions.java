package dev.engagement.pipeline.bronze;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
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
import org.apache.flink.table.data.DecimalData;
import org.apache.flink.table.data.StringData;
import org.apache.flink.table.data.TimestampData;
import org.apache.flink.table.data.binary.BinaryStringData;
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

    public @DataTypeHint(value = "TIMESTAMP(3)", bridgedTo = TimestampData.class) TimestampData eval(
        @DataTypeHint(value = "STRING", bridgedTo = StringData.class) StringData raw) {
      if (raw == null) {
        return null;
      }
      BinaryStringData bytes = (BinaryStringData) raw;
      int from = 0;
      int to = bytes.getSizeInBytes();
      // String.trim()'s blanks (<= ' ') are single bytes in UTF-8, so trimming bytes is the same.
      while (from < to && (bytes.byteAt(from) & 0xff) <= ' ') {
        from++;
      }
      while (to > from && (bytes.byteAt(to - 1) & 0xff) <= ' ') {
        to--;
      }
      LocalDateTime parsed = to - from == PLAIN_LENGTH && isPlain(bytes, from)
          ? plain(bytes, from)
          : parse(raw.toString());
      return parsed == null ? null : TimestampData.fromLocalDateTime(parsed);
    }

    /** The strict parse of a raw string (NULL when it is not a timestamp). */
    public static LocalDateTime parse(String raw) {
      if (raw == null) {
        return null;
      }
      try {
        return LocalDateTime.parse(raw.trim(), FORMAT).truncatedTo(ChronoUnit.MILLIS);
      } catch (DateTimeException e) {
        return null;
      }
    }

    private static final int PLAIN_LENGTH = 19;

    /**
     * 'dddd-dd-dd dd:dd:dd', the shape nearly every export uses: parsed from the bytes by hand,
     * several times faster than decoding a String for the formatter; LocalDateTime.of rejects
     * what STRICT resolving rejects.
     */
    private static boolean isPlain(BinaryStringData bytes, int from) {
      for (int i = 0; i < PLAIN_LENGTH; i++) {
        byte c = bytes.byteAt(from + i);
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

    private static LocalDateTime plain(BinaryStringData bytes, int from) {
      try {
        return LocalDateTime.of(digits(bytes, from, 4), digits(bytes, from + 5, 2), digits(bytes, from + 8, 2),
            digits(bytes, from + 11, 2), digits(bytes, from + 14, 2), digits(bytes, from + 17, 2));
      } catch (DateTimeException e) {
        return null;
      }
    }
  }

  /** A decimal number (Java BigDecimal syntax, surrounding spaces allowed), else NULL. */
  public static final class ParseDecimal extends ScalarFunction {
    private static final int SCALE = 18;
    private static final int INTEGER_DIGITS = 38 - SCALE;

    public @DataTypeHint(value = "DECIMAL(38, 18)", bridgedTo = DecimalData.class) DecimalData eval(
        @DataTypeHint(value = "STRING", bridgedTo = StringData.class) StringData raw) {
      if (raw == null) {
        return null;
      }
      BigDecimal value = plainDecimal((BinaryStringData) raw);
      value = value != null ? value : parse(raw.toString());
      if (value == null || value.precision() - value.scale() > INTEGER_DIGITS) {
        return null;
      }
      return DecimalData.fromBigDecimal(value.setScale(SCALE, RoundingMode.HALF_UP), 38, SCALE);
    }
  }

  /** A whole number ("85" and "85.0" are 85) that fits an INT, else NULL. */
  public static final class ParseWholeNumber extends ScalarFunction {
    public Integer eval(@DataTypeHint(value = "STRING", bridgedTo = StringData.class) StringData raw) {
      if (raw == null) {
        return null;
      }
      BinaryStringData bytes = (BinaryStringData) raw;
      int size = bytes.getSizeInBytes();
      int sign = size > 0 && (bytes.byteAt(0) == '-' || bytes.byteAt(0) == '+') ? 1 : 0;
      // Up to 9 plain digits always fit an INT: no BigDecimal needed.
      if (size > sign && size - sign <= 9 && allDigits(bytes, sign, size)) {
        int value = digits(bytes, sign, size - sign);
        return bytes.byteAt(0) == '-' ? -value : value;
      }
      return parseWholeNumber(raw.toString());
    }

    /** A whole number in a raw string, else NULL. */
    public static Integer parseWholeNumber(String raw) {
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
    public @DataTypeHint(value = "STRING", bridgedTo = StringData.class) StringData eval(
        @DataTypeHint(value = "STRING", bridgedTo = StringData.class) StringData raw) {
      if (raw == null) {
        return null;
      }
      BinaryStringData bytes = (BinaryStringData) raw;
      int first = 0;
      while (first < bytes.getSizeInBytes() && bytes.byteAt(first) == ' ') {
        first++;
      }
      // An ASCII first character is one byte: copy it, without decoding the whole string.
      if (first < bytes.getSizeInBytes() && bytes.byteAt(first) > 0) {
        byte[] masked = new byte[1 + MASK.length];
        masked[0] = bytes.byteAt(first);
        System.arraycopy(MASK, 0, masked, 1, MASK.length);
        return BinaryStringData.fromBytes(masked);
      }
      String text = mask(raw.toString());
      return text == null ? null : StringData.fromString(text);
    }

    private static final byte[] MASK = "XX@XXXX.com".getBytes(StandardCharsets.US_ASCII);

    /** The mask of a raw string. */
    public static String mask(String raw) {
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

  /** {@code [+-]digits[.digits]} with at most 18 digits, read from the bytes; anything else NULL. */
  static BigDecimal plainDecimal(BinaryStringData bytes) {
    int size = bytes.getSizeInBytes();
    int i = size > 0 && (bytes.byteAt(0) == '-' || bytes.byteAt(0) == '+') ? 1 : 0;
    long unscaled = 0;
    int digits = 0;
    int scale = -1;
    for (; i < size; i++) {
      byte c = bytes.byteAt(i);
      if (c >= '0' && c <= '9') {
        unscaled = unscaled * 10 + (c - '0');
        digits++;
        scale = scale >= 0 ? scale + 1 : scale;
      } else if (c == '.' && scale < 0 && digits > 0) {
        scale = 0;
      } else {
        return null;
      }
    }
    if (digits == 0 || digits > 18 || scale == 0) {
      return null;
    }
    return BigDecimal.valueOf(bytes.byteAt(0) == '-' ? -unscaled : unscaled, Math.max(scale, 0));
  }

  private static boolean allDigits(BinaryStringData bytes, int from, int to) {
    for (int i = from; i < to; i++) {
      if (bytes.byteAt(i) < '0' || bytes.byteAt(i) > '9') {
        return false;
      }
    }
    return true;
  }

  private static int digits(BinaryStringData bytes, int from, int count) {
    int value = 0;
    for (int i = from; i < from + count; i++) {
      value = value * 10 + (bytes.byteAt(i) - '0');
    }
    return value;
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
