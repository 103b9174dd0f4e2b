package dev.engagement.pipeline.metrics;

import dev.engagement.pipeline.lake.LakeLayout;
import io.prometheus.metrics.exporter.pushgateway.Format;
import io.prometheus.metrics.exporter.pushgateway.PushGateway;
import io.prometheus.metrics.exporter.pushgateway.Scheme;
import java.net.URI;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The end of every run: its series go to the Pushgateway, grouped by {@code job} and
 * {@code pipeline}; each push replaces the group (PUT), so the group always shows one run.
 * One bounded attempt: a failed push is one warning, and never changes the run's status.
 */
public final class MetricsPush {
  private static final Logger LOG = LoggerFactory.getLogger(MetricsPush.class);

  /** The job label; Flink's own reporter pushes under another (docs/kubernetes.md). */
  public static final String JOB = "student_engagement_pipeline";

  private MetricsPush() {}

  public static void push(URI gateway, RunFigures run, LakeLayout lake) {
    LakeFigures figures = null;
    try {
      figures = LakeFigures.read(lake, run);
    } catch (Exception | LinkageError e) {
      LOG.warn("Run {}: could not read the lake's table files and last successful run for the metrics: {}",
          run.runId(), e.toString());
    }
    try {
      PushGateway.builder()
          .scheme(Scheme.fromString(gateway.getScheme()))
          .address(gateway.getAuthority())
          .job(JOB)
          .groupingKey("pipeline", run.pipelineName())
          .registry(RunMetrics.of(run, figures))
          .format(Format.PROMETHEUS_TEXT)
          .connectionTimeout(Duration.ofSeconds(5))
          .readTimeout(Duration.ofSeconds(10))
          .build()
          .push();
      LOG.info("Run {}: metrics pushed to {}", run.runId(), gateway);
    } catch (Exception | LinkageError e) {
      LOG.warn("Run {}: could not push the metrics to the Pushgateway {}: {}", run.runId(), gateway, e.toString());
    }
  }
}
