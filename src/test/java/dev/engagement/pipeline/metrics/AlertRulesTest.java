package dev.engagement.pipeline.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * deploy/monitoring/alert-rules.yml with Prometheus's own tool: {@code promtool check rules} and
 * {@code promtool test rules} (Debian's {@code prometheus} package; .ci/run installs it).
 */
class AlertRulesTest {
  private static final File MONITORING = new File("deploy/monitoring");

  @Test
  void theRulesAreValid() throws Exception {
    assertThat(promtool("check", "rules", "alert-rules.yml")).contains("SUCCESS: 5 rules found");
  }

  @Test
  void eachAlertFiresOnItsTestSeriesAndOnlyThere() throws Exception {
    assertThat(promtool("test", "rules", "alert-rules-test.yml")).contains("SUCCESS");
  }

  @Test
  void theRulesNameOnlySeriesThePipelinePushes() throws Exception {
    String expressions = String.join("\n", Files.readAllLines(new File(MONITORING, "alert-rules.yml").toPath()).stream()
        .filter(l -> !l.strip().startsWith("#")).toList());
    assertThat(PushedSeries.mentionedIn(expressions)).isNotEmpty().isSubsetOf(PushedSeries.names());
  }

  private static String promtool(String... args) throws Exception {
    List<String> command = new ArrayList<>(List.of("promtool"));
    command.addAll(List.of(args));
    Process process;
    try {
      process = new ProcessBuilder(command).directory(MONITORING).redirectErrorStream(true).start();
    } catch (java.io.IOException e) {
      throw new AssertionError("promtool is not installed: apt-get install prometheus (.ci/run does)", e);
    }
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("promtool finished").isTrue();
    assertThat(process.exitValue()).as(output).isZero();
    return output;
  }
}
