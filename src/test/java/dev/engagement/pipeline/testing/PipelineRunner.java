package dev.engagement.pipeline.testing;

import dev.engagement.pipeline.Pipeline;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;

/** Runs the real pipeline entry point in this JVM (embedded MiniCluster, parallelism 2). */
public final class PipelineRunner {
  /** The repository's testdata folder. */
  public static final File TESTDATA = new File("testdata").getAbsoluteFile();

  private PipelineRunner() {}

  /** Exit status and what the run printed. */
  public record Result(int exitCode, String out, String err) {}

  public static Result run(File workDir, String... args) {
    return runWithConf(workDir, "", args);
  }

  /** Runs with {@code extraConf} ('key: value' lines) added to the test configuration. */
  public static Result runWithConf(File workDir, String extraConf, String... args) {
    List<String> all = new ArrayList<>(List.of(args));
    all.add("--conf");
    all.add(conf(workDir, extraConf).getPath());
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code = Pipeline.run(all.toArray(String[]::new),
        new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
    return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  /**
   * Runs the pipeline (or the command {@code args} begins with) in a JVM of its own, as
   * {@code deploy/run-local.sh} does; returns its exit status.
   */
  public static int runInNewJvm(File workDir, List<String> jvmOptions, String... args) throws Exception {
    List<String> all = new ArrayList<>(List.of(args));
    all.addAll(List.of("--conf", conf(workDir, "").getPath()));
    return new ProcessBuilder(newJvmCommand(jvmOptions, all)).inheritIO().start().waitFor();
  }

  /** Starts the pipeline in a JVM of its own with {@code extraConf}, its output to {@code log}. */
  public static Process startInNewJvm(File workDir, List<String> jvmOptions, String extraConf, File log, String... args)
      throws IOException {
    List<String> all = new ArrayList<>(List.of(args));
    all.addAll(List.of("--conf", conf(workDir, extraConf).getPath()));
    return new ProcessBuilder(newJvmCommand(jvmOptions, all)).redirectErrorStream(true).redirectOutput(log).start();
  }

  /** The command line that runs the pipeline's main class in a JVM of its own. */
  public static List<String> newJvmCommand(List<String> jvmOptions, List<String> args) throws IOException {
    List<String> command = new ArrayList<>(List.of(
        new File(System.getProperty("java.home"), "bin/java").getPath(), "-Xmx1g"));
    command.addAll(List.of(Files.readString(new File("flink-conf/java17-opens.txt").toPath()).strip().split("\\s+")));
    command.addAll(jvmOptions);
    command.addAll(List.of("-cp", System.getProperty("java.class.path"), Pipeline.class.getName()));
    command.addAll(args);
    return command;
  }


  private static File conf(File workDir, String extraConf) {
    File conf = new File(workDir, "test-flink.yaml");
    try {
      Files.writeString(conf.toPath(), "parallelism.default: 2\n" + extraConf);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return conf;
  }
}
