package dev.engagement.pipeline.bronze;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.util.List;
import org.apache.flink.table.data.DecimalData;
import org.apache.flink.table.data.StringData;
import org.apache.flink.table.data.TimestampData;
import org.junit.jupiter.api.Test;

class BronzeFunctionsTest {
  private final BronzeFunctions.ParseTimestamp timestampFunction = new BronzeFunctions.ParseTimestamp();
  private final BronzeFunctions.ParseDecimal decimalFunction = new BronzeFunctions.ParseDecimal();
  private final BronzeFunctions.ParseWholeNumber wholeFunction = new BronzeFunctions.ParseWholeNumber();
  private final BronzeFunctions.MaskEmail maskFunction = new BronzeFunctions.MaskEmail();

  // The functions as the job calls them: on Flink's binary strings (their byte fast paths), and
  // back to Java values for the assertions.
  private LocalDateTime timestamp(String raw) {
    TimestampData value = timestampFunction.eval(binary(raw));
    return value == null ? null : value.toLocalDateTime();
  }

  private BigDecimal decimal(String raw) {
    DecimalData value = decimalFunction.eval(binary(raw));
    return value == null ? null : value.toBigDecimal();
  }

  private Integer whole(String raw) {
    return wholeFunction.eval(binary(raw));
  }

  private String mask(String raw) {
    StringData value = maskFunction.eval(binary(raw));
    return value == null ? null : value.toString();
  }

  private static StringData binary(String raw) {
    return raw == null ? null : StringData.fromString(raw);
  }

  @Test
  void timestampsParseStrictly() {
    assertThat(timestamp("2025-01-10 09:00:00")).isEqualTo(LocalDateTime.of(2025, 1, 10, 9, 0));
    assertThat(timestamp(" 2025-01-10 09:00:00 ")).isEqualTo(LocalDateTime.of(2025, 1, 10, 9, 0));
    assertThat(timestamp("2025-03-03 12:00:00.250")).isEqualTo(LocalDateTime.of(2025, 3, 3, 12, 0, 0, 250_000_000));
    assertThat(timestamp("2025-03-03 12:00:00.123456789")).isEqualTo(LocalDateTime.of(2025, 3, 3, 12, 0, 0, 123_000_000));
    assertThat(timestamp("2024-02-29 00:00:00")).isEqualTo(LocalDateTime.of(2024, 2, 29, 0, 0));
    // What a lenient parser would roll over or guess at is NULL here.
    assertThat(timestamp("2025-02-30 10:00:00")).isNull();
    assertThat(timestamp("2025-02-29 10:00:00")).isNull();
    assertThat(timestamp("2025-01-10 24:00:00")).isNull();
    assertThat(timestamp("2025-01-10T10:00:00")).isNull();
    assertThat(timestamp("2025/01/10 10:00:00")).isNull();
    assertThat(timestamp("2025-01-10")).isNull();
    assertThat(timestamp("")).isNull();
    assertThat(timestamp(null)).isNull();
  }

  @Test
  void theHandParsedShapeAgreesWithAStrictFormatter() {
    DateTimeFormatter strict = DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss").withResolverStyle(ResolverStyle.STRICT);
    for (String date : List.of("2024-02-29", "2025-02-29", "2025-02-30", "2025-04-31", "2025-12-31", "2025-13-01", "2025-00-10", "2025-01-00", "0000-01-01", "9999-12-31")) {
      for (String time : List.of("00:00:00", "23:59:59", "24:00:00", "12:60:00", "12:00:60", "99:99:99")) {
        String text = date + " " + time;
        LocalDateTime expected;
        try {
          expected = LocalDateTime.parse(text, strict);
        } catch (DateTimeParseException e) {
          expected = null;
        }
        assertThat(timestamp(text)).as(text).isEqualTo(expected);
      }
    }
  }

  @Test
  void decimalsParseOrAreNull() {
    assertThat(decimal("45.555")).isEqualByComparingTo("45.555");
    assertThat(decimal(" 100 ")).isEqualByComparingTo("100");
    assertThat(decimal("-0.01")).isEqualByComparingTo("-0.01");
    assertThat(decimal("1e2")).isEqualByComparingTo("100");
    assertThat(decimal("abc")).isNull();
    assertThat(decimal("NaN")).isNull();
    assertThat(decimal("  ")).isNull();
    assertThat(decimal(null)).isNull();
    assertThat(decimal("1" + "0".repeat(25))).as("too large for DECIMAL(38, 18)").isNull();
    assertThat(decimal("45.555").scale()).isEqualTo(18);
  }

  @Test
  void wholeNumbersAcceptATrailingZeroFraction() {
    assertThat(whole("85")).isEqualTo(85);
    assertThat(whole("85.0")).isEqualTo(85);
    assertThat(whole(" 85.00 ")).isEqualTo(85);
    assertThat(whole("-3")).isEqualTo(-3);
    assertThat(whole("85.5")).isNull();
    assertThat(whole("high")).isNull();
    assertThat(whole("99999999999")).isNull();
    assertThat(whole(null)).isNull();
  }

  @Test
  void emailsAreMaskedLikeSqlServersEmailMask() {
    assertThat(mask("john.doe@uni.edu")).isEqualTo("jXX@XXXX.com");
    assertThat(mask("  ana@x.org ")).isEqualTo("aXX@XXXX.com");
    assertThat(mask("Élodie@école.fr")).isEqualTo("ÉXX@XXXX.com");
    assertThat(mask("📚books@lib.net")).isEqualTo("📚XX@XXXX.com");
    assertThat(mask("x")).isEqualTo("xXX@XXXX.com");
    assertThat(mask("")).isNull();
    assertThat(mask("   ")).isNull();
    assertThat(mask(null)).isNull();
  }

  /** The byte fast paths give exactly what the String parsers give, on every shape of input. */
  @Test
  void theFastPathsAgreeWithTheStringParsers() {
    List<String> inputs = new java.util.ArrayList<>(List.of(
        "85", "+85", "-85", "007", "-0", "+", "-", "", " ", "85 ", " 85", "85.0", "85.", ".5", "5.50",
        "-0.01", "045.50", "123456789", "1234567890", "999999999999999999", "9999999999999999999",
        "1e2", "1,5", "٣", "８５", "NaN", "0.000000000000000001", "0.0000000000000000005",
        "2025-01-10 09:00:00", " 2025-01-10 09:00:00\t", "2025-02-30 10:00:00", "2025-01-10T09:00:00",
        "2025-01-10 09:00:00.5", "a@b.c", "  ana@x.org", "\tx@y", "Élodie@école.fr", "📚@lib", "\u0000x"));
    for (String raw : inputs) {
      assertThat(timestamp(raw)).as(raw).isEqualTo(BronzeFunctions.ParseTimestamp.parse(raw));
      assertThat(whole(raw)).as(raw).isEqualTo(BronzeFunctions.ParseWholeNumber.parseWholeNumber(raw));
      assertThat(mask(raw)).as(raw).isEqualTo(BronzeFunctions.MaskEmail.mask(raw));
      BigDecimal parsed = BronzeFunctions.parse(raw);
      if (parsed == null || parsed.precision() - parsed.scale() > 20) {
        assertThat(decimal(raw)).as(raw).isNull();
      } else {
        assertThat(decimal(raw)).as(raw).isEqualTo(parsed.setScale(18, java.math.RoundingMode.HALF_UP));
      }
    }
  }

  @Test
  void parseKeepsBigDecimalSyntax() {
    assertThat(BronzeFunctions.parse("+5")).isEqualTo(new BigDecimal("5"));
    assertThat(BronzeFunctions.parse("1,5")).isNull();
  }
}
