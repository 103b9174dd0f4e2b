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
    assertThatThrownBy(() -> PipelineOptions.parse("--lake", "l")).hasMessage("Missing required option: '--bronze URI'");
    assertThatThrownBy(() -> PipelineOptions.parse("--bronze", "b", "--lake", "l", "--mode", "fast"))
        .hasMessageStartingWith("Invalid value for option '--mode'").hasMessageContaining("'fast'");
    assertThatThrownBy(() -> PipelineOptions.parse("--bronze", "b", "--lake", "l", "--colour", "red"))
        .hasMessageStartingWith("Unknown options: '--colour'");
    assertThatThrownBy(() -> PipelineOptions.parse("--bronze", "b", "--lake"))
        .hasMessage("Missing required parameter for option '--lake' (URI)");
    assertThatThrownBy(() -> PipelineOptions.parse("--bronze", "b", "--lake", "l", "--progress-max", "lots"))
        .hasMessageStartingWith("Invalid value for option '--progress-max'").hasMessageContaining("'lots'");
    assertThatThrownBy(() -> PipelineOptions.parse("--bronze", "b", "--lake", "l", "--pipeline-name", "a/b"))
        .hasMessageStartingWith("Invalid value for option '--pipeline-name': must be");
    assertThatThrownBy(() -> PipelineOptions.parse("--bronze", "b", "--lake", "l", "--lock-timeout", "0"))
        .hasMessage("Invalid value for option '--lock-timeout': '0' is not a positive whole number");
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
  void badOptionsExitWithStatus2NamingTheOptionThenTheUsage() {
    java.io.ByteArrayOutputStream err = new java.io.ByteArrayOutputStream();
    int code = Pipeline.run(new String[] {"--bronze", "b"}, System.out, new java.io.PrintStream(err));
    assertThat(code).isEqualTo(2);
    assertThat(err.toString()).startsWith("error: Missing required option: '--lake URI'" + System.lineSeparator())
        .contains("Usage: pipeline run");
  }

  @Test
  void modesAndBooleansAreWrittenAsTheUsageSays() {
    PipelineOptions o = PipelineOptions.parse("--bronze", "b", "--lake", "l", "--mode", "full", "--web-ui", "true",
        "--progress", "false", "--retention-days", "30", "--engagement-max", "10.5");
    assertThat(o.mode()).isEqualTo(PipelineOptions.Mode.FULL);
    assertThat(o.webUi()).isTrue();
    assertThat(o.progress()).isFalse();
    assertThat(o.retentionDays()).isEqualTo(30);
    assertThat(o.bounds()).containsEntry("engagement.max", "10.5");
    assertThat(o.lake().toUri().getScheme()).isEqualTo("file");
  }
}
