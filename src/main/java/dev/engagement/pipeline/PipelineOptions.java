package dev.engagement.pipeline;

import dev.engagement.pipeline.cli.RunCommand;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import org.apache.flink.core.fs.Path;

/**
 * What a run is asked to do: the options of the {@code run} command ({@link RunCommand}, where
 * their names, defaults and meanings are).
 */
public record PipelineOptions(
    Path bronze,
    Path lake,
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
    int autoOptimizeFiles,
    boolean report,
    boolean progress,
    Duration progressInterval,
    Map<String, String> bounds) {

  public enum Mode { FULL, INCREMENTAL }

  public PipelineOptions {
    webhook(alertWebhook);
    pushgateway(metricsPushgateway);
  }

  /** The options of {@code run} with these arguments; a bad one is an exception that names it. */
  public static PipelineOptions parse(String... args) {
    return RunCommand.options(args);
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
}
