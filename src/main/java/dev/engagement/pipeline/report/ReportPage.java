package dev.engagement.pipeline.report;

import static dev.engagement.pipeline.report.Html.count;
import static dev.engagement.pipeline.report.Html.decimal;
import static dev.engagement.pipeline.report.Html.esc;

import dev.engagement.pipeline.commit.Watermark;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;
import java.util.stream.Stream;

/** The report as one self-contained HTML page: inline CSS, inline SVG charts, nothing fetched. */
final class ReportPage {
  private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");
  private static final DateTimeFormatter SHORT = DateTimeFormatter.ofPattern("MM-dd HH:mm:ss");
  private static final int BINS = 10;

  private ReportPage() {}

  static String render(ReportData data, LocalDateTime generatedAt) {
    double lo = Math.min(0, data.scores().length == 0 ? 0 : data.scores()[0]);
    double hi = Math.max(100, data.scores().length == 0 ? 0 : data.scores()[data.scores().length - 1]);
    return new StringBuilder()
        .append(resource("head.html").replace("{{css}}", resource("report.css")))
        .append("<header><h1>Student engagement</h1><p class=\"meta\">Lake <code>").append(esc(data.lake()))
        .append("</code> · pipeline ").append(esc(data.pipelineName())).append(" · generated ")
        .append(generatedAt.format(TIME)).append(" UTC</p></header>\n")
        .append(headline(data))
        .append(section("completion", "Completion rate by course",
            data.courses().isEmpty() ? empty() : SvgCharts.bars("chart-completion", "Completion rate by course",
                data.courses().stream().map(ReportPage::bar).toList(), 100),
            "Each bar is one course's CompletionRate from gold/course_completion: the share of its students whose "
                + "highest progress is 100%. Courses are sorted from the highest rate; the text gives the students "
                + "behind each rate."))
        .append(section("distribution", "Engagement score distribution",
            data.scores().length == 0 ? empty() : SvgCharts.histogram("chart-histogram",
                "AvgEngagementScore over (student, course) pairs", histogram(data.scores(), lo, hi), lo, hi, "pairs"),
            "Each column counts the (student, course) pairs of gold whose AvgEngagementScore falls in that range; "
                + "a tall column at the left means many students barely engage with a course."))
        .append(section("by-course", "Engagement by course",
            data.scoresByCourse().isEmpty() ? empty() : SvgCharts.boxPlot("chart-boxplot",
                "AvgEngagementScore by course", groups(data.scoresByCourse()), lo, hi),
            "One row per course, sorted by median: the line spans the lowest to the highest student's "
                + "AvgEngagementScore, the box the middle half of the students, the thick mark the median; "
                + "dots are single students (drawn when there are few)."))
        .append(topStudents(data))
        .append(section("quality", "Data quality: rows per error code",
            SvgCharts.stackedColumns("chart-quality", "Rows per ErrorCode for the last runs",
                columns(data.runs()), errorCodes(data.runs())),
            "One column per run, oldest on the left, stacked by ErrorCode (rows the run's quality rules recorded in "
                + "quality/null_violations or quality/rejected_rows); a red label marks a failed run."))
        .append(runHistory(data))
        .append("</main></body></html>\n")
        .toString();
  }

  private static String headline(ReportData data) {
    Watermark wm = data.watermark().orElse(null);
    StringBuilder out = new StringBuilder("<section id=\"headline\" class=\"figures\">");
    figure(out, "students", "Students", count(data.students()), "distinct StudentIDs in gold");
    figure(out, "courses", "Courses", count(data.courses().size()), "rows of gold/course_completion");
    figure(out, "logins", "Logins", count(data.logins()), "sum of TotalLogins in gold");
    figure(out, "completion", "Overall completion",
        data.overallCompletionRate().map(r -> r.toPlainString() + "%").orElse("–"), "complete enrolments of all courses");
    figure(out, "watermark", "Watermark", wm == null || wm.lastModifiedDate() == null ? "none" : wm.lastModifiedDate(),
        "greatest LastModifiedDate committed");
    figure(out, "last-commit", "Last commit", data.lastCommit().map(r -> r.end().format(TIME) + " UTC").orElse("none"),
        data.lastCommit().map(r -> "run " + r.runId()).orElse("no run has committed"));
    return out.append("</section>\n").toString();
  }

  /** A headline figure; a date and time value gets its time on a line of its own, to fit the card. */
  private static void figure(StringBuilder out, String id, String name, String value, String note) {
    String[] dateTime = value.matches("\\d{4}-\\d\\d-\\d\\d .*") ? value.split(" ", 2) : new String[] {value};
    out.append("<div class=\"figure\" id=\"figure-").append(id).append("\"><div class=\"name\">").append(esc(name))
        .append("</div><div class=\"value\">").append(esc(dateTime[0]));
    if (dateTime.length == 2) {
      out.append(" <span class=\"time\">").append(esc(dateTime[1])).append("</span>");
    }
    out.append("</div><div class=\"note\">").append(esc(note)).append("</div></div>");
  }

  private static String section(String id, String title, String body, String howToRead) {
    return "<section id=\"" + id + "\"><h2>" + esc(title) + "</h2>" + body + "<p class=\"how\"><b>How to read this:</b> "
        + esc(howToRead) + "</p></section>\n";
  }

  private static String empty() {
    return "<p class=\"empty\">No rows in gold yet.</p>";
  }

  private static SvgCharts.Bar bar(ReportData.Course c) {
    String rate = c.completionRate().toPlainString();
    return new SvgCharts.Bar(c.courseId(), c.completionRate().doubleValue(),
        rate + "% · " + count(c.completeStudents()) + " of " + count(c.totalStudents()) + " students",
        c.courseId() + ": " + rate + "% complete, " + c.completeStudents() + " of " + c.totalStudents() + " students",
        Map.of("course", c.courseId(), "rate", rate, "total-students", String.valueOf(c.totalStudents())));
  }

  private static long[] histogram(double[] scores, double lo, double hi) {
    long[] counts = new long[BINS];
    for (double s : scores) {
      counts[Math.min(BINS - 1, (int) ((s - lo) / (hi - lo) * BINS))]++;
    }
    return counts;
  }

  private static List<SvgCharts.Group> groups(Map<String, double[]> byCourse) {
    return byCourse.entrySet().stream()
        .map(e -> new SvgCharts.Group(e.getKey(), e.getValue()))
        .sorted(Comparator.comparingDouble((SvgCharts.Group g) -> -SvgCharts.quantile(g.sorted(), 0.5))
            .thenComparing(SvgCharts.Group::label))
        .toList();
  }

  private static String topStudents(ReportData data) {
    StringBuilder rows = new StringBuilder();
    for (ReportData.TopStudent s : data.topStudents()) {
      rows.append("<tr><td class=\"num\">").append(s.rank()).append("</td><td>").append(esc(s.studentId()))
          .append("</td><td class=\"num\" title=\"").append(s.avgEngagementScore()).append("\">")
          .append(decimal(s.avgEngagementScore())).append("</td></tr>");
    }
    return section("top-students", "Top students",
        "<table id=\"top-students-table\"><thead><tr><th>Rank</th><th>StudentID</th><th>AvgEngagementScore</th></tr>"
            + "</thead><tbody>" + rows + "</tbody></table>",
        "gold/top_students as stored: the students with the highest average, over their courses, of "
            + "AvgEngagementScore (shown to 2 places; hover for the stored value); ties go to the smaller StudentID.");
  }

  private static List<SvgCharts.Column> columns(List<ReportData.Run> runs) {
    List<SvgCharts.Column> columns = new ArrayList<>();
    for (ReportData.Run r : runs) {
      columns.add(new SvgCharts.Column(r.start().format(SHORT) + (r.failed() ? " ✗" : ""),
          r.runId() + " (" + r.status() + ")", r.errorCounts(), r.failed()));
    }
    Collections.reverse(columns); // oldest first, as time runs left to right
    return columns;
  }

  private static List<String> errorCodes(List<ReportData.Run> runs) {
    return List.copyOf(new TreeSet<>(runs.stream().flatMap(r -> r.errorCounts().keySet().stream()).toList()));
  }

  private static String runHistory(ReportData data) {
    StringBuilder rows = new StringBuilder();
    for (ReportData.Run r : data.runs()) {
      rows.append("<tr class=\"run").append(r.failed() ? " failed" : "").append("\" data-run-id=\"")
          .append(esc(r.runId())).append("\">");
      Stream.of(r.runId(), r.start().format(TIME), r.mode(), (r.failed() ? "✗ " : "") + r.status(),
              r.bronzeRows() == null ? "" : count(r.bronzeRows()), r.silverRows() == null ? "" : count(r.silverRows()),
              r.end() == null ? "" : duration(Duration.between(r.start(), r.end())), Objects.toString(r.message(), ""))
          .forEach(cell -> rows.append("<td>").append(esc(cell)).append("</td>"));
      rows.append("</tr>");
    }
    return section("runs", "Run history",
        "<div class=\"scroll\"><table id=\"run-history\"><thead><tr><th>RunId</th><th>Start (UTC)</th><th>Mode</th>"
            + "<th>Status</th><th>Rows read</th><th>Silver rows</th><th>Duration</th><th>Message</th></tr></thead>"
            + "<tbody>" + rows + "</tbody></table></div>",
        "The last " + data.runs().size() + " runs of the run log, newest first. Rows read are the bronze rows a run "
            + "processed (an incremental run reads only rows newer than the watermark); failed runs are red and "
            + "say why.");
  }

  private static String duration(Duration d) {
    long seconds = d.toSeconds();
    return seconds < 60 ? String.format(Locale.ROOT, "%.1f s", d.toMillis() / 1000.0)
        : String.format(Locale.ROOT, "%d min %02d s", seconds / 60, seconds % 60);
  }

  private static String resource(String name) {
    try (InputStream in = ReportPage.class.getResourceAsStream(name)) {
      return new String(Objects.requireNonNull(in, name).readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
