package dev.engagement.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class PipelineOptionsTest {
  @Test
  void defaults() {
    PipelineOptions o = PipelineOptions.parse("--bronze", "b", "--lake", "l");
    assertThat(o.mode()).isEqualTo(PipelineOptions.Mode.INCREMENTAL);
    assertThat(o.pipelineName()).isEqualTo("StudentEngagement");
    assertThat(o.webUi()).isFalse();
    assertThat(o.bounds()).containsEntry("progress.min", "0").containsEntry("progress.max", "100")
        .containsEntry("engagement.min", "0").containsEntry("engagement.max", "100");
  }

  @Test
  void everyErrorNamesTheOption() {
    assertThatThrownBy(() -> PipelineOptions.parse("--lake", "l")).hasMessage("option --bronze is required");
    assertThatThrownBy(() -> PipelineOptions.parse("--bronze", "b", "--lake", "l", "--mode", "fast"))
        .hasMessage("option --mode must be full or incremental, not 'fast'");
    assertThatThrownBy(() -> PipelineOptions.parse("--bronze", "b", "--lake", "l", "--colour", "red"))
        .hasMessage("unknown option --colour");
    assertThatThrownBy(() -> PipelineOptions.parse("--bronze", "b", "--lake"))
        .hasMessage("option --lake needs a value");
    assertThatThrownBy(() -> PipelineOptions.parse("--bronze", "b", "--lake", "l", "--progress-max", "lots"))
        .hasMessage("option --progress-max must be a number, not 'lots'");
    assertThatThrownBy(() -> PipelineOptions.parse("--bronze", "b", "--lake", "l", "--pipeline-name", "a/b"))
        .hasMessageStartingWith("option --pipeline-name must be");
  }

  @Test
  void thePushgatewayComesFromTheOptionElseTheConfFile() {
    java.util.Map<String, String> conf = java.util.Map.of("pipeline.metrics-pushgateway", "http://conf-gateway:9091");
    assertThat(PipelineOptions.parse("--bronze", "b", "--lake", "l").metricsPushgateway(conf))
        .hasToString("http://conf-gateway:9091");
    assertThat(PipelineOptions.parse("--bronze", "b", "--lake", "l", "--metrics-pushgateway", "https://gw:443")
        .metricsPushgateway(conf)).hasToString("https://gw:443");
    assertThat(PipelineOptions.parse("--bronze", "b", "--lake", "l").metricsPushgateway(java.util.Map.of())).isNull();
    for (String bad : new String[] {"gw:9091", "http://gw:9091/prefix", "http://user:secret@gw:9091"}) {
      assertThatThrownBy(() -> PipelineOptions.parse("--bronze", "b", "--lake", "l", "--metrics-pushgateway", bad))
          .hasMessage("option --metrics-pushgateway must be http(s)://host:port, without a path or credentials");
    }
  }

  @Test
  void helpPrintsUsageAndSucceeds() {
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    int code = Pipeline.run(new String[] {"--help"}, new java.io.PrintStream(out), System.err);
    assertThat(code).isZero();
    assertThat(out.toString()).contains("--bronze URI", "--lake URI", "--mode", "--pipeline-name", "--conf");
  }

  @Test
  void badOptionsExitWithStatus2AndOneLine() {
    java.io.ByteArrayOutputStream err = new java.io.ByteArrayOutputStream();
    int code = Pipeline.run(new String[] {"--bronze", "b"}, System.out, new java.io.PrintStream(err));
    assertThat(code).isEqualTo(2);
    assertThat(err.toString()).isEqualTo("error: option --lake is required" + System.lineSeparator());
  }
}
