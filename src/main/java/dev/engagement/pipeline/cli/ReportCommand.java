package dev.engagement.pipeline.cli;

import dev.engagement.pipeline.lake.LakeLayout;
import dev.engagement.pipeline.report.EngagementReport;
import org.apache.flink.core.fs.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code report}: the engagement report of a lake ({@link EngagementReport}). */
@Command(name = "report",
    description = "Writes the engagement report of a lake, one self-contained HTML file, from gold and the run log.")
final class ReportCommand extends Subcommand {
  @Mixin PipelineLake pipeline;

  @Option(names = "--out", paramLabel = "URI", converter = Location.class,
      description = "where to write it (default: <lake>/_reports/engagement-report.html)")
  Path out;

  @Option(names = "--runs", paramLabel = "N", defaultValue = "" + EngagementReport.DEFAULT_RUNS,
      converter = PositiveNumber.class, description = "how many of the last runs the report shows")
  int runs;

  @Override
  int execute() throws Exception {
    LakeLayout lake = pipeline.open();
    Path target = out != null ? out : EngagementReport.defaultTarget(lake);
    EngagementReport.write(lake, target, runs);
    out().println("Wrote the engagement report to " + target);
    return 0;
  }
}
