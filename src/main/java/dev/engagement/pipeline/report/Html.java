package dev.engagement.pipeline.report;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Locale;

/** Escaping and number formats shared by the page and its charts (one format per kind of number). */
final class Html {
  private Html() {}

  /** Text safe in HTML and inline SVG, in element content and quoted attributes. */
  static String esc(String text) {
    if (text == null) {
      return "";
    }
    StringBuilder out = new StringBuilder(text.length());
    text.codePoints().forEach(c -> {
      switch (c) {
        case '&' -> out.append("&amp;");
        case '<' -> out.append("&lt;");
        case '>' -> out.append("&gt;");
        case '"' -> out.append("&quot;");
        case '\'' -> out.append("&#39;");
        // Control characters are not allowed in HTML text; IDs may carry them (hostile input).
        default -> out.appendCodePoint(c < 0x20 && c != '\t' && c != '\n' || c == 0x7f ? 0xFFFD : c);
      }
    });
    return out.toString();
  }

  /** A count with thousands separators: 8,109,083. */
  static String count(long n) {
    return String.format(Locale.ROOT, "%,d", n);
  }

  /** A score or rate shown to 2 decimal places, rounded half up (the stored value is in the tooltip). */
  static String decimal(double value) {
    return BigDecimal.valueOf(value).setScale(2, RoundingMode.HALF_UP).toPlainString();
  }

  /** An SVG coordinate: one decimal place is finer than a pixel. */
  static String px(double value) {
    return String.format(Locale.ROOT, "%.1f", value);
  }
}
