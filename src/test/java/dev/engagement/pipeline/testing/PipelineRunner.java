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
    List<String> all = new ArrayList<>(List.of(args));
    all.add("--conf");
    all.add(conf(workDir).getPath());
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code = Pipeline.run(all.toArray(String[]::new),
        new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
    return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  private static File conf(File workDir) {
    File conf = new File(workDir, "test-flink.yaml");
    try {
      Files.writeString(conf.toPath(), "parallelism.default: 2\n");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return conf;
  }
}
