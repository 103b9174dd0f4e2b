package dev.engagement.pipeline.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.util.List;
import org.junit.jupiter.api.Test;

/** deploy/monitoring/grafana-dashboard.json queries only what the pipeline pushes. */
class DashboardTest {
  @Test
  void everyQueryNamesOnlySeriesThePipelinePushes() throws Exception {
    JsonNode dashboard = new ObjectMapper().readTree(new File("deploy/monitoring/grafana-dashboard.json"));
    List<String> expressions = dashboard.findValues("expr").stream().map(JsonNode::asText).toList();
    assertThat(expressions).hasSizeGreaterThan(5);
    assertThat(expressions).allSatisfy(e ->
        assertThat(PushedSeries.mentionedIn(e)).as(e).isNotEmpty().isSubsetOf(PushedSeries.names()));
    assertThat(PushedSeries.mentionedIn(dashboard.at("/templating/list/0/definition").asText()))
        .isSubsetOf(PushedSeries.names());
  }
}
