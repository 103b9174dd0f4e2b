package dev.engagement.pipeline.report;

import dev.engagement.pipeline.Pipeline;
import static org.assertj.core.api.Assertions.assertThat;

import dev.engagement.pipeline.lake.LakeTable;
import dev.engagement.pipeline.testing.Chromium;
import dev.engagement.pipeline.testing.LakeReader;
import dev.engagement.pipeline.testing.Lakes;
import dev.engagement.pipeline.testing.PipelineRunner;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A lake built from the fixtures (a full run, then batch 1 incrementally, both with {@code
 * --report true}), its report rendered by the command and opened in headless Chromium, offline. Every
 * expected value is read from the lake with plain parquet-hadoop ({@link LakeReader}), never
 * from the page.
 */
class EngagementReportITCase {
  /** Where the page and its screenshots stay after the test (docs/engagement-report.png is one of them). */
  private static final File SCREENSHOTS = new File("target/report-screenshots");

  @TempDir File work;

  @Test
  void theReportShowsTheLakesTablesInARealBrowser() throws Exception {
    File bronze = new File(work, "bronze");
    File lake = new File(work, "lake");
    Lakes.copyInto(bronze, Lakes.fixtures("bronze"));
    // A report that cannot be written (its folder is a file) is logged; the committed run succeeds.
    File reports = new File(lake, "_reports");
    lake.mkdirs();
    Files.writeString(reports.toPath(), "in the way");
    run("--bronze", bronze.getPath(), "--lake", lake.getPath(), "--report", "true");
    assertThat(new File(lake, LakeTable.COURSE_COMPLETION.path())).isDirectory();
    Files.delete(reports.toPath());
    Lakes.copyInto(bronze, Lakes.fixtures("increments/batch_1"));
    run("--bronze", bronze.getPath(), "--lake", lake.getPath(), "--report", "true");

    // The job's last step wrote the default report, with this run in it.
    List<Map<String, String>> runLog = LakeReader.read(new File(lake, "_pipeline/run_log"));
    assertThat(runLog).hasSize(2);
    File fromJob = new File(lake, "_reports/engagement-report.html");
    assertThat(Jsoup.parse(fromJob).select("#run-history tr.run")).hasSize(2);

    File page = new File(work, "report.html");
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int exit = Pipeline.run(new String[] {"report", "--lake", lake.getPath(), "--out", page.getPath(), "--runs", "5"},
        new PrintStream(out, true, StandardCharsets.UTF_8), System.err);
    assertThat(exit).isZero();
    assertThat(out.toString(StandardCharsets.UTF_8)).contains("Wrote the engagement report to");

    Chromium.Result browser = Chromium.dumpDom(page, work);
    assertThat(browser.console()).as("console messages").isEmpty();
    Document dom = Jsoup.parse(browser.stdout());
    // The marker script ran, and saw no script error and no failed load.
    assertThat(dom.selectFirst("html").attr("data-loaded")).isEqualTo("ok");
    assertThat(dom.selectFirst("html").hasAttr("data-errors")).isFalse();
    assertThat(dom.select("[src], link, [href^=http], [href^=//]")).as("references that would be fetched").isEmpty();

    for (String chart : List.of("chart-completion", "chart-histogram", "chart-boxplot", "chart-quality")) {
      assertThat(dom.select("svg#" + chart)).as(chart).hasSize(1);
    }
    assertCourses(dom, lake);
    assertTopStudents(dom, lake);
    assertHeadline(dom, lake);
    assertRuns(dom, runLog);
    // Gold has no e-mail column; no address, raw or masked, reaches the page.
    assertThat(dom.text()).doesNotContainPattern("[^\\s@]+@[^\\s@]+\\.[a-z]{2,}").doesNotContain("StudentEmail");

    SCREENSHOTS.mkdirs();
    Files.copy(page.toPath(), new File(SCREENSHOTS, "engagement-report.html").toPath(),
        java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    for (int width : new int[] {1400, 800}) {
      File png = new File(SCREENSHOTS, "engagement-report-" + width + ".png");
      Files.deleteIfExists(png.toPath());
      Chromium.screenshot(page, png, width, 3000, work);
      byte[] bytes = Files.readAllBytes(png.toPath());
      assertThat(bytes.length).isGreaterThan(10_000);
      // The PNG header's width (bytes 16..19): the page was laid out at that width.
      assertThat(((bytes[16] & 0xff) << 24) | ((bytes[17] & 0xff) << 16) | ((bytes[18] & 0xff) << 8) | (bytes[19] & 0xff))
          .isEqualTo(width);
    }
  }

  /** Every course of course_completion, with its stored rate and students, highest rate first. */
  private static void assertCourses(Document dom, File lake) {
    List<Map<String, String>> expected = LakeReader.read(new File(lake, LakeTable.COURSE_COMPLETION.path())).stream()
        .sorted(Comparator.comparing((Map<String, String> r) -> new BigDecimal(r.get("CompletionRate"))).reversed()
            .thenComparing(r -> r.get("CourseID")))
        .toList();
    assertThat(expected).hasSizeGreaterThan(3);
    List<Element> bars = dom.select("#chart-completion g.bar");
    assertThat(bars).extracting(b -> b.attr("data-course") + " " + b.attr("data-rate") + " " + b.attr("data-total-students"))
        .containsExactlyElementsOf(expected.stream()
            .map(r -> r.get("CourseID") + " " + r.get("CompletionRate") + " " + r.get("TotalStudents")).toList());
    for (int i = 0; i < bars.size(); i++) {
      Map<String, String> r = expected.get(i);
      assertThat(bars.get(i).select("text.label").text()).isEqualTo(r.get("CourseID"));
      assertThat(bars.get(i).select("text.value").text()).isEqualTo(r.get("CompletionRate") + "% · "
          + r.get("CompleteStudents") + " of " + r.get("TotalStudents") + " students");
    }
  }

  private static void assertTopStudents(Document dom, File lake) {
    List<String> expected = LakeReader.read(new File(lake, LakeTable.TOP_STUDENTS.path())).stream()
        .sorted(Comparator.comparingInt(r -> Integer.parseInt(r.get("Rank"))))
        .map(r -> r.get("Rank") + " | " + r.get("StudentID") + " | "
            + new BigDecimal(r.get("AvgEngagementScore")).setScale(2, RoundingMode.HALF_UP).toPlainString())
        .toList();
    assertThat(expected).hasSizeGreaterThan(3);
    assertThat(dom.select("#top-students-table tbody tr"))
        .extracting(tr -> tr.select("td").eachText().stream().collect(Collectors.joining(" | ")))
        .containsExactlyElementsOf(expected);
  }

  private static void assertHeadline(Document dom, File lake) {
    List<Map<String, String>> gold = LakeReader.read(new File(lake, LakeTable.GOLD.path()));
    assertThat(figure(dom, "students")).isEqualTo(String.valueOf(gold.stream().map(r -> r.get("StudentID")).distinct().count()));
    assertThat(figure(dom, "logins")).isEqualTo(String.valueOf(gold.stream().mapToLong(r -> Long.parseLong(r.get("TotalLogins"))).sum()));
    assertThat(figure(dom, "courses"))
        .isEqualTo(String.valueOf(LakeReader.read(new File(lake, LakeTable.COURSE_COMPLETION.path())).size()));
    assertThat(figure(dom, "watermark")).isEqualTo("2025-03-05 10:00:00.000");
    // Every (student, course) pair of gold is counted once in the histogram.
    assertThat(dom.select("#chart-histogram g.bin").stream().mapToLong(b -> Long.parseLong(b.attr("data-count"))).sum())
        .isEqualTo(gold.size());
  }

  /** Both runs with their RunIds, newest first, and the quality chart has a column for each. */
  private static void assertRuns(Document dom, List<Map<String, String>> runLog) {
    List<String> expected = runLog.stream()
        .sorted(Comparator.comparing((Map<String, String> r) -> r.get("StartTime")).reversed())
        .map(r -> r.get("RunId") + " " + r.get("Mode") + " " + r.get("Status"))
        .toList();
    assertThat(dom.select("#run-history tr.run"))
        .extracting(tr -> tr.attr("data-run-id") + " " + tr.child(2).text() + " " + tr.child(3).text())
        .containsExactlyElementsOf(expected);
    assertThat(dom.select("#run-history tr.run td:first-child").eachText())
        .containsExactlyElementsOf(expected.stream().map(e -> e.split(" ")[0]).toList());
    assertThat(dom.select("#chart-quality g.column")).hasSize(2);
    assertThat(dom.select("#figure-last-commit .note").text()).contains(expected.get(0).split(" ")[0]);
  }

  private static String figure(Document dom, String id) {
    return dom.select("#figure-" + id + " .value").text().replace(",", "");
  }

  private void run(String... args) {
    PipelineRunner.Result result = PipelineRunner.run(work, args);
    assertThat(result.exitCode()).as(result.err()).isZero();
  }
}
