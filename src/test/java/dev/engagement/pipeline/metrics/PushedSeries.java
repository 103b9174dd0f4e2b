package dev.engagement.pipeline.metrics;

import dev.engagement.pipeline.PipelineOptions;
import dev.engagement.pipeline.lake.LakeTable;
import dev.engagement.pipeline.quality.QualityGates;
import dev.engagement.pipeline.quality.QualityRules;
import dev.engagement.pipeline.testing.PrometheusText;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.LocalDateTime;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/** The names of the series a run pushes (a run that got to every figure), as they go over the wire. */
final class PushedSeries {
  private static final Pattern NAME = Pattern.compile("\\b(student_engagement_[a-z0-9_]+)");

  private PushedSeries() {}

  static Set<String> names() throws Exception {
    LocalDateTime start = LocalDateTime.of(2025, 2, 4, 6, 0);
    QualityRules rules = QualityRules.defaults(PipelineOptions.parse("--bronze", "b", "--lake", "l").bounds());
    RunFigures run = new RunFigures("StudentEngagement", "run-1", "incremental", "SUCCEEDED", 0, start,
        start.plusMinutes(5), Map.of("Commit", 1.5), 2, Map.of("bronze", 31L, "erased", 0L),
        QualityGates.judge(rules, Map.of(), 31), "2025-02-03 09:00:00.000", 0, 0);
    LakeFigures lake = new LakeFigures(Arrays.stream(LakeTable.values())
        .collect(Collectors.toMap(Function.identity(), t -> new LakeFigures.TableSize(1, 100))), start);
    ByteArrayOutputStream text = new ByteArrayOutputStream();
    PrometheusTextFormatWriter.create().write(text, RunMetrics.of(run, lake).scrape());
    return new TreeSet<>(PrometheusText.parse(text.toString(StandardCharsets.UTF_8)).stream()
        .map(PrometheusText.Sample::name).toList());
  }

  /** Every series name a PromQL expression (or any text) mentions. */
  static Set<String> mentionedIn(String text) {
    Set<String> names = new TreeSet<>();
    Matcher m = NAME.matcher(text);
    while (m.find()) {
      names.add(m.group(1));
    }
    return names;
  }
}
