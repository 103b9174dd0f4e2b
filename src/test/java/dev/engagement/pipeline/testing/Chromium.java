package dev.engagement.pipeline.testing;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Headless Chromium (Debian's {@code chromium}, or {@code -Dchromium=PATH}) opening a local file
 * offline: every host name resolves to nothing, so a page that tried to fetch anything would
 * show a failed load. Console messages go to stderr, where {@link Result#console()} finds them.
 */
public final class Chromium {
  private static final String BINARY = System.getProperty("chromium", "chromium");

  private Chromium() {}

  /** What Chromium printed: the DOM (for --dump-dom) and its log. */
  public record Result(String stdout, String stderr) {
    /** The log lines of the page's console (Chromium logs them as {@code :CONSOLE...]}). */
    public List<String> console() {
      return stderr.lines().filter(l -> l.contains(":CONSOLE")).toList();
    }
  }

  /** The DOM of {@code page} after it loaded and its scripts ran. */
  public static Result dumpDom(File page, File work) throws Exception {
    return run(work, List.of("--dump-dom", page.toURI().toString()));
  }

  /** A PNG of {@code page} in a window {@code width} by {@code height} pixels. */
  public static Result screenshot(File page, File png, int width, int height, File work) throws Exception {
    return run(work, List.of("--hide-scrollbars", "--window-size=" + width + "," + height,
        "--screenshot=" + png.getAbsolutePath(), page.toURI().toString()));
  }

  private static Result run(File work, List<String> args) throws Exception {
    File profile = Files.createTempDirectory(work.toPath(), "chromium-profile").toFile();
    List<String> command = new ArrayList<>(List.of(BINARY, "--headless", "--disable-gpu", "--no-sandbox",
        "--user-data-dir=" + profile, "--enable-logging=stderr", "--v=0", "--no-first-run",
        "--host-resolver-rules=MAP * ~NOTFOUND"));
    command.addAll(args);
    File out = new File(profile, "stdout.txt");
    File err = new File(profile, "stderr.txt");
    Process process = new ProcessBuilder(command).redirectOutput(out).redirectError(err).start();
    if (!process.waitFor(90, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new AssertionError("chromium did not finish in 90 s: " + command);
    }
    Result result = new Result(Files.readString(out.toPath(), StandardCharsets.UTF_8),
        Files.readString(err.toPath(), StandardCharsets.UTF_8));
    if (process.exitValue() != 0) {
      throw new AssertionError("chromium exited with " + process.exitValue() + ": " + result.stderr());
    }
    return result;
  }
}
