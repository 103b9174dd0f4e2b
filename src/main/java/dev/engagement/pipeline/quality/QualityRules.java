package dev.engagement.pipeline.quality;

import dev.engagement.pipeline.sql.SqlTemplate;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The rules table, and the SQL it implies. A row is kept out of silver when any {@code drop}
 * rule fires; it is recorded in the output of the first {@code drop} rule it breaks, and in the
 * output of every {@code warn} rule it breaks; in each output its ErrorCode is that of the first
 * rule of that output it breaks.
 */
public final class QualityRules {
  private static final Pattern COLUMN_REFERENCE = Pattern.compile("\\{([A-Za-z]+)}");

  private final List<QualityRule> rules;

  private QualityRules(List<QualityRule> rules) {
    this.rules = List.copyOf(rules);
  }

  /** The rules shipped with the pipeline, with {@code ${bound}} placeholders filled in. */
  public static QualityRules defaults(Map<String, ?> bounds) {
    try (InputStream in = QualityRules.class.getResourceAsStream("rules.psv")) {
      return parse("rules.psv", new String(in.readAllBytes(), StandardCharsets.UTF_8), bounds);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Parses a rules table; a malformed line is an error naming the source and line. */
  public static QualityRules parse(String source, String text, Map<String, ?> bounds) {
    List<QualityRule> rules = new ArrayList<>();
    String[] lines = text.split("\n", -1);
    for (int i = 0; i < lines.length; i++) {
      String line = lines[i].strip();
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      line = SqlTemplate.of(source + " line " + (i + 1), line).render(bounds);
      String[] f = line.split("\\|", -1);
      if (f.length != 6) {
        throw new IllegalArgumentException(
            source + " line " + (i + 1) + ": expected 6 fields separated by '|', found " + f.length);
      }
      QualityRule.Action action;
      try {
        action = QualityRule.Action.valueOf(f[3].strip().toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(
            source + " line " + (i + 1) + ": action must be drop or warn, not '" + f[3].strip() + "'");
      }
      rules.add(new QualityRule(
          f[0].strip(), f[1].strip(), f[2].strip(), action, f[4].strip(), f[5].strip()));
    }
    return new QualityRules(rules);
  }

  public List<QualityRule> rules() {
    return rules;
  }

  /** True for a row that silver admits. */
  public String admitted() {
    String broken = rules.stream()
        .filter(r -> r.action() == QualityRule.Action.DROP)
        .map(QualityRule::breaks)
        .collect(Collectors.joining(" OR "));
    return broken.isEmpty() ? "TRUE" : "NOT (" + broken + ")";
  }

  /** True for a row recorded in {@code output}. */
  public String recordedIn(String output) {
    List<String> terms = new ArrayList<>();
    StringBuilder firstDrop = new StringBuilder("CASE");
    for (QualityRule r : rules) {
      if (r.action() == QualityRule.Action.DROP) {
        firstDrop.append(" WHEN ").append(r.breaks()).append(" THEN ").append(SqlTemplate.literal(r.output()));
      } else if (r.output().equals(output)) {
        terms.add(r.breaks());
      }
    }
    terms.add(0, "(" + firstDrop + " ELSE '' END) = " + SqlTemplate.literal(output));
    return String.join(" OR ", terms);
  }

  /** The ErrorCode of a row recorded in {@code output}. */
  public String errorCode(String output) {
    return firstOf(output, r -> SqlTemplate.literal(r.code()));
  }

  /** The ErrorMessage of a row recorded in {@code output}. */
  public String errorMessage(String output) {
    return firstOf(output, r -> message(r.message()));
  }

  private String firstOf(String output, Function<QualityRule, String> value) {
    StringBuilder sql = new StringBuilder("CASE");
    for (QualityRule r : rules) {
      if (r.output().equals(output)) {
        sql.append(" WHEN ").append(r.breaks()).append(" THEN ").append(value.apply(r));
      }
    }
    return sql.append(" END").toString();
  }

  /** The message template as a SQL string expression; {Column} becomes 'raw value' or NULL. */
  static String message(String template) {
    Matcher m = COLUMN_REFERENCE.matcher(template);
    List<String> parts = new ArrayList<>();
    int last = 0;
    while (m.find()) {
      parts.add(SqlTemplate.literal(template.substring(last, m.start())));
      parts.add("COALESCE('''' || " + m.group(1) + " || '''', 'NULL')");
      last = m.end();
    }
    parts.add(SqlTemplate.literal(template.substring(last)));
    return "CONCAT(" + String.join(", ", parts) + ")";
  }
}
