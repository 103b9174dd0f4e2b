package dev.engagement.pipeline;

import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The command line: {@code --name value} pairs. An unknown option, a missing value or a bad
 * value is an error that names the option.
 */
public record PipelineOptions(
    String bronze,
    String lake,
    Mode mode,
    String pipelineName,
    String conf,
    boolean webUi,
    Duration lockTimeout,
    String rules,
    String alertWebhook,
    String metricsPushgateway,
    int retentionDays,
    int keepVersionsDays,
    int checkpointInterval,
    boolean report,
    boolean progress,
    Duration progressInterval,
    Map<String, String> bounds) {

  public enum Mode { FULL, INCREMENTAL }

  public static final String USAGE = """
      Usage: Pipeline --bronze URI --lake URI [options]
        --bronze URI            folder of bronze parquet files, read recursively (file://, abfss://, ...)
        --lake URI              root folder of the lake the pipeline writes
        --mode incremental|full incremental processes bronze rows newer than the watermark and merges
                                them into gold; full rebuilds every output from all of bronze
                                (default: incremental; the first run of a lake is full)
        --pipeline-name NAME    names the job, its watermark and its lock (default: StudentEngagement)
        --conf FILE             extra Flink configuration, one 'key: value' per line
        --web-ui true|false     serve the Flink web UI of the embedded cluster (default: false)
        --lock-timeout SECONDS  a lock not refreshed for this long is a crashed run's (default: 120)
        --rules FILE            overrides of the quality rules' actions and gates (<rule>.action = warn|drop|fail,
                                <rule>.max = 10|5%|-)
        --alert-webhook URL     POST a JSON alert here when a run fails or a warn gate fires
                                (or pipeline.alert-webhook in the --conf file)
        --metrics-pushgateway URL  push the run's figures to this Prometheus Pushgateway at the end of
                                every run, http(s)://host:port (or pipeline.metrics-pushgateway in the
                                --conf file; a failed push is logged, never fails the run)
        --retention-days N      after a successful run, delete silver and quality partitions older than
                                N days (default: keep everything; gold is never pruned)
        --keep-versions-days N  files that newer versions of a table replaced are kept this long for time
                                travel and rollback, then deleted after a successful run (default: 7)
        --checkpoint-interval N a new table writes a Delta checkpoint every N commits (default: 10)
        --report true|false     after a successful run, write the engagement report to
                                <lake>/_reports/engagement-report.html (a failure is logged, never
                                fails the run; default: false)
        --progress true|false   show the run's progress on stderr: one line updated in place on a
                                terminal, else a plain line every --progress-interval (default: true)
        --progress-interval SECONDS  how often a plain progress line is printed (default: 10)
        --progress-min N        lowest valid ProgressPercentage (default: 0)
        --progress-max N        highest valid ProgressPercentage (default: 100)
        --engagement-min N      lowest valid EngagementScore (default: 0)
        --engagement-max N      highest valid EngagementScore (default: 100)
        --help                  print this text
      """;

  private static final List<String> BOUNDS =
      List.of("progress-min", "progress-max", "engagement-min", "engagement-max");

  /** Thrown for {@code --help}: not an error, the caller prints {@link #USAGE}. */
  public static final class HelpRequested extends RuntimeException {
    HelpRequested() {
      super("help requested");
    }
  }

  public static PipelineOptions parse(String... args) {
    Map<String, String> values = new LinkedHashMap<>();
    for (int i = 0; i < args.length; i++) {
      String arg = args[i];
      if (arg.equals("--help") || arg.equals("-h")) {
        throw new HelpRequested();
      }
      if (!arg.startsWith("--") || arg.length() == 2) {
        throw new IllegalArgumentException("unexpected argument '" + arg + "' (options are --name value)");
      }
      String name = arg.substring(2);
      if (i + 1 >= args.length || args[i + 1].startsWith("--")) {
        throw new IllegalArgumentException("option --" + name + " needs a value");
      }
      values.put(name, args[++i]);
    }
    PipelineOptions options = new PipelineOptions(
        required(values, "bronze"),
        required(values, "lake"),
        mode(values.getOrDefault("mode", "incremental")),
        pipelineName(values.getOrDefault("pipeline-name", "StudentEngagement")),
        values.remove("conf"),
        bool(values, "web-ui"),
        Duration.ofSeconds(positive(values, "lock-timeout", 120)),
        values.remove("rules"),
        webhook(values.remove("alert-webhook")),
        pushgateway(values.remove("metrics-pushgateway")),
        values.containsKey("retention-days") ? (int) positive(values, "retention-days", 0) : 0,
        (int) positive(values, "keep-versions-days", 7),
        (int) positive(values, "checkpoint-interval", 10),
        bool(values, "report"),
        !values.containsKey("progress") || bool(values, "progress"),
        Duration.ofSeconds(positive(values, "progress-interval", 10)),
        bounds(values));
    values.keySet().removeAll(List.of("mode", "pipeline-name"));
    if (!values.isEmpty()) {
      throw new IllegalArgumentException("unknown option --" + values.keySet().iterator().next());
    }
    return options;
  }

  private static String required(Map<String, String> values, String name) {
    String value = values.remove(name);
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException("option --" + name + " is required");
    }
    return value;
  }

  private static Mode mode(String value) {
    return switch (value) {
      case "full" -> Mode.FULL;
      case "incremental" -> Mode.INCREMENTAL;
      default -> throw new IllegalArgumentException(
          "option --mode must be full or incremental, not '" + value + "'");
    };
  }

  private static String pipelineName(String value) {
    if (!value.matches("[A-Za-z0-9][A-Za-z0-9_-]*")) {
      throw new IllegalArgumentException(
          "option --pipeline-name must be letters, digits, '_' and '-', not '" + value + "'");
    }
    return value;
  }

  /** The table properties a new Delta table of the lake is created with. */
  public Map<String, String> deltaProperties() {
    return Map.of("delta.checkpointInterval", Integer.toString(checkpointInterval));
  }

  /** The webhook of the options, else of the configuration, else none. */
  public URI alertWebhook(Map<String, String> conf) {
    String url = alertWebhook != null ? alertWebhook : conf.get("pipeline.alert-webhook");
    return url == null ? null : URI.create(webhook(url));
  }

  private static String webhook(String url) {
    if (url != null && !url.matches("https?://\\S+")) {
      throw new IllegalArgumentException("option --alert-webhook must be an http(s) URL, not '" + url + "'");
    }
    return url;
  }

  /** The Pushgateway of the options, else of the configuration, else none. */
  public URI metricsPushgateway(Map<String, String> conf) {
    String url = metricsPushgateway != null ? metricsPushgateway : conf.get("pipeline.metrics-pushgateway");
    return url == null ? null : URI.create(pushgateway(url));
  }

  /**
   * The client pushes to a host and port: a path (a proxy's prefix) would be silently dropped.
   * The value is not echoed: a mistyped one may hold credentials.
   */
  private static String pushgateway(String url) {
    if (url != null && !url.matches("https?://[^/\\s?#@]+/?")) {
      throw new IllegalArgumentException(
          "option --metrics-pushgateway must be http(s)://host:port, without a path or credentials");
    }
    return url;
  }

  private static long positive(Map<String, String> values, String name, long fallback) {
    String value = values.remove(name);
    try {
      long number = value == null ? fallback : Long.parseLong(value);
      if (number > 0) {
        return number;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new IllegalArgumentException("option --" + name + " must be a positive whole number, not '" + value + "'");
  }

  private static boolean bool(Map<String, String> values, String name) {
    String value = values.remove(name);
    if (value == null || value.equals("false")) {
      return false;
    }
    if (value.equals("true")) {
      return true;
    }
    throw new IllegalArgumentException("option --" + name + " must be true or false, not '" + value + "'");
  }

  /** The rule bounds, as the rules table's ${progress.min}-style placeholders expect them. */
  private static Map<String, String> bounds(Map<String, String> values) {
    Map<String, String> bounds = new LinkedHashMap<>();
    for (String name : BOUNDS) {
      String value = values.remove(name);
      String fallback = name.endsWith("min") ? "0" : "100";
      String bound = value == null ? fallback : value;
      try {
        new java.math.BigDecimal(bound);
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("option --" + name + " must be a number, not '" + bound + "'");
      }
      bounds.put(name.replace('-', '.'), bound);
    }
    return bounds;
  }
}
