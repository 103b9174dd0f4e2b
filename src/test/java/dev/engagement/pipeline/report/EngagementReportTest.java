package dev.engagement.pipeline.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.engagement.pipeline.Pipeline;
import dev.engagement.pipeline.lake.LakeLayout;
import dev.engagement.pipeline.lake.RunLog;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.flink.core.fs.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The report command's refusals (exit 2) and the small pieces of its charts. */
class EngagementReportTest {
  @TempDir File work;

  private record Outcome(int exit, String err) {}

  private Outcome report(String... args) {
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    String[] command = Stream.concat(Stream.of("report"), Stream.of(args)).toArray(String[]::new);
    int exit = Pipeline.run(command, new PrintStream(new ByteArrayOutputStream()),
        new PrintStream(err, true, StandardCharsets.UTF_8));
    return new Outcome(exit, err.toString(StandardCharsets.UTF_8));
  }

  @Test
  void aLakeWithoutARunLogIsAOneLineErrorWithStatus2() {
    Outcome outcome = report("--lake", work.getPath());
    assertThat(outcome.exit()).isEqualTo(2);
    assertThat(outcome.err()).hasLineCount(1).startsWith("error: no run log of pipeline StudentEngagement at ")
        .contains("_pipeline/run_log");
    assertThat(new File(work, "_reports")).doesNotExist();
  }

  @Test
  void aLakeWithARunLogButNoGoldIsAOneLineErrorWithStatus2() throws Exception {
    // What a lake looks like after its first run failed: a run log row, no tables.
    LocalDateTime start = LocalDateTime.of(2026, 1, 2, 3, 4, 5);
    RunLog.write(new LakeLayout(new Path(work.toURI()), "StudentEngagement"), new RunLog.Run("r1", "StudentEngagement",
        "full (first run)", start, start.plusSeconds(3), "FAILED", null, null, Map.of(), Map.of(), 0, 0, "bad input"), List.of());
    Outcome outcome = report("--lake", work.getPath(), "--out", new File(work, "r.html").getPath());
    assertThat(outcome.exit()).isEqualTo(2);
    assertThat(outcome.err()).hasLineCount(1).startsWith("error: no gold table ")
        .contains("gold/student_course_engagement");
    assertThat(new File(work, "r.html")).doesNotExist();
  }

  @Test
  void badOptionsNameTheOptionWithStatus2() {
    assertThat(report()).satisfies(o -> assertThat(o.err()).startsWith("error: Missing required option: '--lake URI'"))
        .extracting(Outcome::exit).isEqualTo(2);
    assertThat(report("--lake", "x", "--runs", "0").err())
        .startsWith("error: Invalid value for option '--runs': '0' is not a positive whole number");
    assertThat(report("--lake", "x", "--colour", "red").err()).startsWith("error: Unknown options: '--colour'");
  }

  @Test
  void textIsEscapedAndQuartilesInterpolate() {
    assertThat(Html.esc("<a href=\"x\">Zoë & 'co'\u0001</a>"))
        .isEqualTo("&lt;a href=&quot;x&quot;&gt;Zoë &amp; &#39;co&#39;\uFFFD&lt;/a&gt;");
    double[] values = {0, 10, 20, 30};
    assertThat(SvgCharts.quantile(values, 0.5)).isEqualTo(15);
    assertThat(SvgCharts.quantile(values, 0.25)).isEqualTo(7.5);
    assertThat(SvgCharts.quantile(new double[] {42}, 0.75)).isEqualTo(42);
  }
}
