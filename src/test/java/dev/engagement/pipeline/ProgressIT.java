package dev.engagement.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.engagement.pipeline.testing.PipelineRunner;
import dev.engagement.pipeline.tools.BronzeGenerator;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.apache.flink.core.fs.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a person sees of a long run: the progress line on a terminal (a pseudo-terminal from
 * util-linux {@code script}), the plain lines when stderr is a file, and {@code
 * deploy/pipeline-status.sh} showing the run while it runs. Bronze is big enough for a run of
 * several seconds on the test machine.
 */
class ProgressIT {
  private static final long ROWS = 1_000_000;
  /** "[0:07] reading and writing: 104,647 of 1,000,000 rows (6%), ..." */
  private static final Pattern LINE = Pattern.compile("\\[\\d+:\\d\\d] ([a-z ]+): (?:([\\d,]+) of ([\\d,]+) rows)?");

  @TempDir static File work;
  private static File bronze;

  @BeforeAll
  static void generateBronze() throws Exception {
    bronze = new File(work, "bronze");
    BronzeGenerator.generate(new Path(bronze.toURI()), ROWS, 2, 11, LocalDateTime.parse("2025-01-01T00:00"), 500);
  }

  @Test
  void onATerminalOneLineGrowsInPlaceAndEndsWithTheRowsRead() throws Exception {
    File typescript = new File(work, "terminal.txt");
    List<String> run = PipelineRunner.newJvmCommand(List.of(), List.of(
        "--bronze", bronze.getPath(), "--lake", new File(work, "lake-terminal").getPath()));
    // stdout to /dev/null: only stderr stays on the pseudo-terminal.
    String command = run.stream().map(ProgressIT::quoted).collect(Collectors.joining(" ")) + " > /dev/null";
    Process script = new ProcessBuilder("script", "-qfec", command, typescript.getPath())
        .redirectErrorStream(true).redirectOutput(new File(work, "script.out")).start();
    assertThat(script.waitFor(5, TimeUnit.MINUTES)).isTrue();
    assertThat(script.exitValue()).as(Files.readString(typescript.toPath())).isZero();

    String screen = Files.readString(typescript.toPath(), StandardCharsets.UTF_8);
    assertThat(screen).as("the line is redrawn in place").contains("\r\033[2K");
    List<Long> rows = rowsShown(screen, "reading and writing", "writing the partition files", "done");
    assertThat(rows).as(screen).hasSizeGreaterThan(2).isSorted();
    assertThat(lastLine(screen)).as(screen).startsWith("done: ").contains(String.format("%,d of %,d rows", ROWS, ROWS));
  }

  @Test
  void withStderrInAFileAPlainLineComesEveryIntervalAndAShortRunPrintsNone() throws Exception {
    File log = new File(work, "plain.err");
    Process run = new ProcessBuilder(PipelineRunner.newJvmCommand(List.of(), List.of("--bronze", bronze.getPath(),
        "--lake", new File(work, "lake-plain").getPath(), "--progress-interval", "1")))
        .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(log).start();
    assertThat(run.waitFor(5, TimeUnit.MINUTES)).isTrue();
    String err = Files.readString(log.toPath());
    assertThat(run.exitValue()).as(err).isZero();
    assertThat(err).doesNotContain("\r");
    assertThat(rowsShown(err, "reading and writing", "writing the partition files", "done")).as(err)
        .hasSizeGreaterThan(2).isSorted();
    assertThat(lastLine(err)).as(err).startsWith("done: ").contains(String.format("%,d of %,d rows", ROWS, ROWS));

    File shortLog = new File(work, "short.err");
    Process shortRun = new ProcessBuilder(PipelineRunner.newJvmCommand(List.of(), List.of("--bronze",
        new File(PipelineRunner.TESTDATA, "bronze").getPath(), "--lake", new File(work, "lake-short").getPath(),
        "--progress-interval", "30")))
        .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(shortLog).start();
    assertThat(shortRun.waitFor(5, TimeUnit.MINUTES)).isTrue();
    assertThat(shortRun.exitValue()).isZero();
    assertThat(Files.readString(shortLog.toPath())).doesNotContainPattern(LINE.pattern());
  }

  @Test
  void pipelineStatusShowsTheRunInProgressWithItsStage() throws Exception {
    File lake = new File(work, "lake-status");
    Process run = new ProcessBuilder(PipelineRunner.newJvmCommand(List.of(), List.of("--bronze", bronze.getPath(),
        "--lake", lake.getPath(), "--progress-interval", "1")))
        .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(new File(work, "status-run.err")).start();
    String during = "";
    while (run.isAlive() && !during.contains("reading and writing")) {
      during = status(lake);
    }
    assertThat(run.waitFor(5, TimeUnit.MINUTES)).isTrue();
    assertThat(run.exitValue()).isZero();
    assertThat(during).as("deploy/pipeline-status.sh while the run ran")
        .containsPattern("Running now:\\n  StudentEngagement run \\S+ on .*: \\[\\d+:\\d\\d] reading and writing: [\\d,]+ of 1,000,000 rows");
    String after = status(lake);
    assertThat(after).containsPattern("Running now:\\n  \\(none\\)").contains("SUCCEEDED");
  }

  private static String status(File lake) throws Exception {
    Process status = new ProcessBuilder("deploy/pipeline-status.sh", "--lake", lake.getPath())
        .redirectErrorStream(true).start();
    String out = new String(status.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(status.waitFor()).as(out).isZero();
    return out;
  }

  /** The row counts of the progress lines of the given stages, in the order shown. */
  private static List<Long> rowsShown(String output, String... stages) {
    List<Long> rows = new ArrayList<>();
    for (String line : output.split("[\r\n]")) {
      Matcher m = LINE.matcher(line);
      if (m.find() && m.group(2) != null && List.of(stages).contains(m.group(1))) {
        rows.add(Long.parseLong(m.group(2).replace(",", "")));
      }
    }
    return rows;
  }

  /** The last progress line, from its stage on. */
  private static String lastLine(String output) {
    String last = "";
    for (String line : output.split("[\r\n]")) {
      Matcher m = LINE.matcher(line);
      if (m.find()) {
        last = line.substring(m.start(1));
      }
    }
    return last;
  }

  private static String quoted(String arg) {
    return "'" + arg.replace("'", "'\\''") + "'";
  }
}
