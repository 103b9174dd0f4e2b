package dev.engagement.pipeline.quality;

import dev.engagement.pipeline.sql.SqlTemplate;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The rules table, and the SQL it implies. A row is kept out of silver when it breaks any
 * {@code drop} or {@code fail} rule; it is recorded in the output of the first such rule it
 * breaks, and in the output of every {@code warn} rule it breaks; in each output its ErrorCode is
 * that of the first rule of that output it breaks.
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
      String where = source + " line " + (i + 1);
      if (f.length != 7) {
        throw new IllegalArgumentException(where + ": expected 7 fields separated by '|', found " + f.length);
      }
      rules.add(new QualityRule(f[0].strip(), f[1].strip(), f[2].strip(), action(where, f[3]),
          limit(where, f[4]), f[5].strip(), f[6].strip()));
    }
    return new QualityRules(rules);
  }

  static QualityRule.Action action(String where, String text) {
    try {
      return QualityRule.Action.valueOf(text.strip().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(where + ": action must be warn, drop or fail, not '" + text.strip() + "'");
    }
  }

  static QualityRule.Limit limit(String where, String text) {
    try {
      return QualityRule.Limit.parse(text);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          where + ": max must be a number of rows, a percentage like 5% or -, not '" + text.strip() + "'");
    }
  }

  /**
   * These rules with the actions and limits of an overrides file ({@code --rules}): lines
   * {@code <rule>.action = warn|drop|fail} and {@code <rule>.max = 10|5%|-}; '#' starts a comment.
   */
  public QualityRules withOverrides(String source, String text) {
    Map<String, QualityRule> byName = new LinkedHashMap<>();
    rules.forEach(r -> byName.put(r.rule(), r));
    String[] lines = text.split("\n", -1);
    for (int i = 0; i < lines.length; i++) {
      String line = lines[i].strip();
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      String where = source + " line " + (i + 1);
      int eq = line.indexOf('=');
      int dot = line.lastIndexOf('.', eq);
      if (eq < 0 || dot < 0) {
        throw new IllegalArgumentException(where + ": expected '<rule>.action = ...' or '<rule>.max = ...'");
      }
      String name = line.substring(0, dot).strip();
      String attribute = line.substring(dot + 1, eq).strip();
      String value = line.substring(eq + 1);
      QualityRule rule = byName.get(name);
      if (rule == null) {
        throw new IllegalArgumentException(where + ": no rule '" + name + "' (rules: " + byName.keySet() + ")");
      }
      byName.put(name, switch (attribute) {
        case "action" -> rule.with(action(where, value), rule.max());
        case "max" -> rule.with(rule.action(), limit(where, value));
        default -> throw new IllegalArgumentException(where + ": a rule has an action and a max, not '" + attribute + "'");
      });
    }
    return new QualityRules(List.copyOf(byName.values()));
  }

  public List<QualityRule> rules() {
    return rules;
  }

  /** True for a row that silver admits. */
  public String admitted() {
    String broken = rules.stream()
        .filter(r -> r.action().keepsRowOut())
        .map(QualityRule::breaks)
        .collect(Collectors.joining(" OR "));
    return broken.isEmpty() ? "TRUE" : "NOT (" + broken + ")";
  }

  /** True for a row recorded in {@code output}. */
  public String recordedIn(String output) {
    List<String> terms = new ArrayList<>();
    StringBuilder firstDrop = new StringBuilder("CASE");
    for (QualityRule r : rules) {
      if (r.action().keepsRowOut()) {
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
