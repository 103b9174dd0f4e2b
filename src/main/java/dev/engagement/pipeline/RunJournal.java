package dev.engagement.pipeline;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.engagement.pipeline.lake.LakeLayout;
import dev.engagement.pipeline.lake.RunLog;
import dev.engagement.pipeline.metrics.MetricsPush;
import dev.engagement.pipeline.metrics.RunFigures;
import dev.engagement.pipeline.ops.Alerts;
import dev.engagement.pipeline.quality.QualityGates;
import java.net.URI;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a run did, stage by stage, for the run log, the error records, the structured log, the
 * alert and the metrics. Stages log as JSON-friendly key-values (runId, stage, durationMs, counts).
 */
final class RunJournal {
  private static final Logger LOG = LoggerFactory.getLogger(RunJournal.class);

  final String runId;
  final String pipelineName;
  final LocalDateTime start;
  LocalDateTime end;
  String mode;
  String status = "FAILED";
  int exitStatus;
  String message;
  String watermarkBefore;
  String watermarkAfter;
  final Map<String, Long> rows = new LinkedHashMap<>();
  final Map<String, Long> errorCounts = new TreeMap<>();
  final List<String> warnings = new ArrayList<>();
  Integer bronzeFiles;
  List<QualityGates.Gate> gates = List.of();
  long partitionsDeleted;
  long filesCompacted;
  private final Map<String, Double> stageSeconds = new LinkedHashMap<>();
  private final List<RunLog.Error> errors = new ArrayList<>();
  private String stage = "Start";
  private long stageStart = System.nanoTime();

  RunJournal(String runId, String pipelineName, String mode, LocalDateTime start) {
    this.runId = runId;
    this.pipelineName = pipelineName;
    this.mode = mode;
    this.start = start;
  }

  /** A new stage begins: the one before it is logged with its duration. */
  void stage(String next) {
    long now = System.nanoTime();
    stageSeconds.put(stage, (now - stageStart) / 1e9);
    LOG.atInfo().setMessage("Run {}: stage {} done").addArgument(runId).addArgument(stage)
        .addKeyValue("runId", runId).addKeyValue("stage", stage)
        .addKeyValue("durationMs", (now - stageStart) / 1_000_000).log();
    stage = next;
    stageStart = now;
  }

  String stage() {
    return stage;
  }

  /** An error record of the current stage. */
  void error(String code, String text) {
    errors.add(new RunLog.Error(now(), code, text, stage));
  }

  void finish(String finalStatus, String text) {
    status = finalStatus;
    message = text;
    stage("End");
    end = now();
    LOG.atInfo().setMessage("Run {} {}").addArgument(runId).addArgument(finalStatus)
        .addKeyValue("runId", runId).addKeyValue("status", finalStatus).addKeyValue("mode", mode)
        .addKeyValue("counts", rows).addKeyValue("errorCounts", errorCounts)
        .addKeyValue("durationMs", ChronoUnit.MILLIS.between(start, end)).log();
  }

  /** Writes the run log row and the error records; a failure here is logged, never raised. */
  void write(LakeLayout lake) {
    try {
      RunLog.write(lake, new RunLog.Run(runId, pipelineName, mode, start, end, status, watermarkBefore,
          watermarkAfter, rows, errorCounts, partitionsDeleted, filesCompacted, message), errors);
    } catch (Exception | LinkageError e) {
      LOG.warn("Could not write the run log of run {}: {}", runId, e.toString());
    }
  }

  /** Sends the alert if the run failed or a warn gate fired. */
  void alert(URI webhook) {
    if (webhook == null || (!status.equals("FAILED") && warnings.isEmpty())) {
      return;
    }
    ObjectNode alert = new ObjectMapper().createObjectNode()
        .put("pipeline", pipelineName).put("runId", runId).put("status", status).put("mode", mode)
        .put("message", message);
    alert.putPOJO("counts", rows);
    alert.putPOJO("errorCounts", errorCounts);
    alert.putPOJO("errorCodes", errors.stream().map(RunLog.Error::code).distinct().toList());
    alert.putPOJO("warnings", warnings);
    Alerts.post(webhook, alert.toString());
  }

  /** Pushes the run's figures to the Pushgateway, if there is one (a failure is logged, never raised). */
  void pushMetrics(URI pushgateway, LakeLayout lake) {
    if (pushgateway == null) {
      return;
    }
    String watermark = watermarkAfter != null ? watermarkAfter : watermarkBefore;
    MetricsPush.push(pushgateway, new RunFigures(pipelineName, runId, mode, status, exitStatus, start, end,
        stageSeconds, bronzeFiles, rows, gates, watermark, partitionsDeleted, filesCompacted), lake);
  }

  private static LocalDateTime now() {
    return LocalDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.MILLIS);
  }
}
