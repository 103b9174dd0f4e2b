package dev.engagement.pipeline.report;

import dev.engagement.pipeline.fs.LakeFiles;
import dev.engagement.pipeline.lake.LakeLayout;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import org.apache.flink.core.fs.Path;

/**
 * {@code deploy/report.sh} ({@code report --help}): the engagement report of a lake as one
 * self-contained HTML file, read from gold and the run log.
 * Also the job's last step with {@code --report true}.
 */
public final class EngagementReport {
  public static final int DEFAULT_RUNS = 10;

  private EngagementReport() {}

  /** {@code <lake>/_reports/engagement-report.html}: beside the tables, hidden from table readers. */
  public static Path defaultTarget(LakeLayout lake) {
    return lake.report();
  }

  /** Reads the lake and writes the page; readers of {@code target} see the old page or the new one. */
  public static void write(LakeLayout lake, Path target, int runs) throws Exception {
    ReportData data = ReportData.read(lake, runs);
    String html = ReportPage.render(data, LocalDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.SECONDS));
    LakeFiles.writeStringAtomically(target, html);
  }
}
