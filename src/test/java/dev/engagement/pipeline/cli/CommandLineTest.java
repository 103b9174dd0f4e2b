package dev.engagement.pipeline.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.engagement.pipeline.Pipeline;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

/** Every command's --help, a wrong option and a missing required one: the same rules everywhere. */
class CommandLineTest {
  private record Outcome(int exit, String out, String err) {}

  private static Outcome pipeline(String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int exit = Pipeline.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
    return new Outcome(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  /** Each command, some of its options, and the arguments it needs besides the required option left out. */
  static Stream<Arguments> commands() {
    return Stream.of(
        Arguments.of("run", List.of("--bronze", "--lake", "--mode", "--pipeline-name", "--keep-versions-days"),
            "--lake", List.of("--bronze", "b")),
        Arguments.of("rollback", List.of("--lake", "--to-run", "--to-version", "--pipeline-name", "--conf"),
            "--lake", List.of("--to-version", "0")),
        Arguments.of("status", List.of("--lake", "--runs", "--errors", "--json"), "--lake", List.of()),
        Arguments.of("report", List.of("--lake", "--out", "--runs", "--pipeline-name"), "--lake", List.of()),
        Arguments.of("vacuum", List.of("--lake", "--pipeline-name", "--keep-versions-days"), "--lake", List.of()),
        Arguments.of("optimize", List.of("--lake", "--pipeline-name", "--target-file-size-mb"), "--lake", List.of()),
        Arguments.of("erase", List.of("--lake", "--student", "--students-file", "--bronze"), "--lake",
            List.of("--student", "S1,S2")),
        Arguments.of("generate", List.of("--out", "--rows", "--files", "--seed", "--shape", "--course-seed"),
            "--out", List.of("--rows", "10")));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("commands")
  void helpPrintsTheUsageOfTheCommandAndSucceeds(String command, List<String> options) {
    Outcome help = pipeline(command, "--help");
    assertThat(help.exit()).isZero();
    assertThat(help.out()).startsWith("Usage: pipeline " + command).contains(options).contains("--help");
    assertThat(help.err()).isEmpty();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("commands")
  void aWrongOptionIsNamedWithTheUsageAndStatus2(String command, List<String> options, String required,
      List<String> others) {
    Outcome wrong = pipeline(Stream.of(Stream.of(command, required, "x"), others.stream(), Stream.of("--colour", "red"))
        .flatMap(s -> s).toArray(String[]::new));
    assertThat(wrong.exit()).isEqualTo(2);
    assertThat(wrong.err()).startsWith("error: Unknown options: '--colour'").contains("Usage: pipeline " + command);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("commands")
  void aMissingRequiredOptionIsNamedWithTheUsageAndStatus2(String command, List<String> options, String required,
      List<String> others) {
    Outcome missing = pipeline(Stream.concat(Stream.of(command), others.stream()).toArray(String[]::new));
    assertThat(missing.exit()).isEqualTo(2);
    assertThat(missing.err()).startsWith("error: Missing required option: '" + required + " ")
        .contains("Usage: pipeline " + command);
  }

  @Test
  void eraseNeedsStudentsOnTheCommandLineOrInAFileNotBoth() {
    Outcome none = pipeline("erase", "--lake", "l");
    assertThat(none.exit()).isEqualTo(2);
    assertThat(none.err()).startsWith("error: Missing required argument").contains("--student")
        .contains("--students-file").contains("Usage: pipeline erase");
    Outcome both = pipeline("erase", "--lake", "l", "--student", "S1", "--students-file", "f");
    assertThat(both.exit()).isEqualTo(2);
    assertThat(both.err()).contains("mutually exclusive");
  }

  @Test
  void optionsWithoutACommandAreTheRunsAndSoIsItsHelp() {
    assertThat(pipeline("--help").out()).startsWith("Usage: pipeline run");
    assertThat(pipeline("--bronze", "b").err()).startsWith("error: Missing required option: '--lake URI'");
  }

  @Test
  void withoutArgumentsTheCommandsAreListed() {
    Outcome none = pipeline();
    assertThat(none.exit()).isEqualTo(2);
    assertThat(none.err()).startsWith("error: a command is required")
        .contains("run", "rollback", "status", "report", "vacuum", "optimize", "erase", "generate");
    assertThat(pipeline("help").out()).contains("rollback", "vacuum");
  }

  @Test
  void aRollbackNeedsExactlyOneRun() {
    Outcome both = pipeline("rollback", "--lake", "l", "--to-run", "r", "--to-version", "1");
    assertThat(both.exit()).isEqualTo(2);
    assertThat(both.err()).contains("--to-run", "--to-version", "mutually exclusive");
    assertThat(pipeline("rollback", "--lake", "l").err()).contains("--to-run", "--to-version");
  }

  @Test
  void aFailureIsOneLineWithTheStatusOfItsKind() {
    Outcome noLake = pipeline("report", "--lake", "target/no-such-lake");
    assertThat(noLake.exit()).isEqualTo(2);
    assertThat(noLake.err()).startsWith("error: no run log").hasLineCount(1);
  }
}
