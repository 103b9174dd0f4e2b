package dev.engagement.pipeline.bronze;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.util.List;
import org.junit.jupiter.api.Test;

class BronzeFunctionsTest {
  private final BronzeFunctions.ParseTimestamp timestamp = new BronzeFunctions.ParseTimestamp();
  private final BronzeFunctions.ParseDecimal decimal = new BronzeFunctions.ParseDecimal();
  private final BronzeFunctions.ParseWholeNumber whole = new BronzeFunctions.ParseWholeNumber();
  private final BronzeFunctions.MaskEmail mask = new BronzeFunctions.MaskEmail();

  @Test
  void timestampsParseStrictly() {
    assertThat(timestamp.eval("2025-01-10 09:00:00")).isEqualTo(LocalDateTime.of(2025, 1, 10, 9, 0));
    assertThat(timestamp.eval(" 2025-01-10 09:00:00 ")).isEqualTo(LocalDateTime.of(2025, 1, 10, 9, 0));
    assertThat(timestamp.eval("2025-03-03 12:00:00.250")).isEqualTo(LocalDateTime.of(2025, 3, 3, 12, 0, 0, 250_000_000));
    assertThat(timestamp.eval("2025-03-03 12:00:00.123456789")).isEqualTo(LocalDateTime.of(2025, 3, 3, 12, 0, 0, 123_000_000));
    assertThat(timestamp.eval("2024-02-29 00:00:00")).isEqualTo(LocalDateTime.of(2024, 2, 29, 0, 0));
    // What a lenient parser would roll over or guess at is NULL here.
    assertThat(timestamp.eval("2025-02-30 10:00:00")).isNull();
    assertThat(timestamp.eval("2025-02-29 10:00:00")).isNull();
    assertThat(timestamp.eval("2025-01-10 24:00:00")).isNull();
    assertThat(timestamp.eval("2025-01-10T10:00:00")).isNull();
    assertThat(timestamp.eval("2025/01/10 10:00:00")).isNull();
    assertThat(timestamp.eval("2025-01-10")).isNull();
    assertThat(timestamp.eval("")).isNull();
    assertThat(timestamp.eval(null)).isNull();
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
        assertThat(timestamp.eval(text)).as(text).isEqualTo(expected);
      }
    }
  }

  @Test
  void decimalsParseOrAreNull() {
    assertThat(decimal.eval("45.555")).isEqualByComparingTo("45.555");
    assertThat(decimal.eval(" 100 ")).isEqualByComparingTo("100");
    assertThat(decimal.eval("-0.01")).isEqualByComparingTo("-0.01");
    assertThat(decimal.eval("1e2")).isEqualByComparingTo("100");
    assertThat(decimal.eval("abc")).isNull();
    assertThat(decimal.eval("NaN")).isNull();
    assertThat(decimal.eval("  ")).isNull();
    assertThat(decimal.eval(null)).isNull();
    assertThat(decimal.eval("1" + "0".repeat(25))).as("too large for DECIMAL(38, 18)").isNull();
    assertThat(decimal.eval("45.555").scale()).isEqualTo(18);
  }

  @Test
  void wholeNumbersAcceptATrailingZeroFraction() {
    assertThat(whole.eval("85")).isEqualTo(85);
    assertThat(whole.eval("85.0")).isEqualTo(85);
    assertThat(whole.eval(" 85.00 ")).isEqualTo(85);
    assertThat(whole.eval("-3")).isEqualTo(-3);
    assertThat(whole.eval("85.5")).isNull();
    assertThat(whole.eval("high")).isNull();
    assertThat(whole.eval("99999999999")).isNull();
    assertThat(whole.eval(null)).isNull();
  }

  @Test
  void emailsAreMaskedLikeSqlServersEmailMask() {
    assertThat(mask.eval("john.doe@uni.edu")).isEqualTo("jXX@XXXX.com");
    assertThat(mask.eval("  ana@x.org ")).isEqualTo("aXX@XXXX.com");
    assertThat(mask.eval("Élodie@école.fr")).isEqualTo("ÉXX@XXXX.com");
    assertThat(mask.eval("📚books@lib.net")).isEqualTo("📚XX@XXXX.com");
    assertThat(mask.eval("x")).isEqualTo("xXX@XXXX.com");
    assertThat(mask.eval("")).isNull();
    assertThat(mask.eval("   ")).isNull();
    assertThat(mask.eval(null)).isNull();
  }

  @Test
  void parseKeepsBigDecimalSyntax() {
    assertThat(BronzeFunctions.parse("+5")).isEqualTo(new BigDecimal("5"));
    assertThat(BronzeFunctions.parse("1,5")).isNull();
  }
}
