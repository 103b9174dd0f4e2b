package dev.engagement.pipeline.sql;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A {@code .sql} resource with {@code ${name}} placeholders. Tables are passed as
 * {@link org.apache.flink.table.api.Table} objects: their {@code toString()} is a name Flink
 * registered for them, so a layer reads as a pure function of its input tables.
 */
public final class SqlTemplate {
  private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([A-Za-z0-9_.]+)}");

  private final String name;
  private final String text;

  private SqlTemplate(String name, String text) {
    this.name = name;
    this.text = text;
  }

  /** Loads {@code resource} next to {@code owner}'s package. */
  public static SqlTemplate load(Class<?> owner, String resource) {
    try (InputStream in = owner.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("missing resource " + resource + " next to " + owner);
      }
      return new SqlTemplate(resource, new String(in.readAllBytes(), StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static SqlTemplate of(String name, String text) {
    return new SqlTemplate(name, text);
  }

  /** The text with every placeholder replaced; an unknown placeholder is an error. */
  public String render(Map<String, ?> values) {
    Matcher m = PLACEHOLDER.matcher(text);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      Object value = values.get(m.group(1));
      if (value == null) {
        throw new IllegalArgumentException("no value for ${" + m.group(1) + "} in " + name);
      }
      m.appendReplacement(out, Matcher.quoteReplacement(value.toString()));
    }
    return m.appendTail(out).toString();
  }

  /** A SQL string literal for {@code value}. */
  public static String literal(String value) {
    return "'" + value.replace("'", "''") + "'";
  }
}
