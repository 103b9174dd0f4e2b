package dev.engagement.pipeline.testing;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The samples of Prometheus's text exposition format, parsed independently of the client library. */
public final class PrometheusText {
  private static final Pattern SAMPLE = Pattern.compile("([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\\{(.*)})?\\s+(\\S+)(?:\\s+\\d+)?");
  private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\]|\\\\.)*)\"");

  private PrometheusText() {}

  public record Sample(String name, Map<String, String> labels, double value) {}

  public static List<Sample> parse(String text) {
    return text.lines().filter(l -> !l.isBlank() && !l.startsWith("#")).map(PrometheusText::sample).toList();
  }

  private static Sample sample(String line) {
    Matcher m = SAMPLE.matcher(line);
    if (!m.matches()) {
      throw new IllegalArgumentException("not a sample: " + line);
    }
    Map<String, String> labels = new LinkedHashMap<>();
    if (m.group(2) != null) {
      Matcher l = LABEL.matcher(m.group(2));
      while (l.find()) {
        labels.put(l.group(1), l.group(2).replace("\\\"", "\"").replace("\\n", "\n").replace("\\\\", "\\"));
      }
    }
    return new Sample(m.group(1), labels, Double.parseDouble(m.group(3)));
  }
}
