package dev.engagement.pipeline.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.tools.ToolProvider;

/**
 * The independent Delta reader: Spark 4.2 with delta-spark 4.4.0 (deploy/delta-reader), in a JVM
 * of its own, reading the tables of a lake as other tools will. Its jars come from Maven Central
 * the first time (into target/delta-reader/), as deploy/benchmark.sh fetches Spark's.
 */
public final class SparkDelta {
  private static final File JARS = new File("target/delta-reader");
  private static final File CLASSES = new File("target/delta-reader-classes");

  private SparkDelta() {}

  /**
   * The rows of each table ({@code silver/student_engagement}, or {@code ...@N} for version N) as
   * Spark reads them, values as canonical strings like {@link LakeReader}'s.
   */
  public static Map<String, List<Map<String, String>>> read(File lake, String... tables) {
    return run(lake, List.of(tables));
  }

  /**
   * Runs Spark SQL statements on the lake's tables as another writer would ({@code $LAKE} stands
   * for the lake's folder, e.g. {@code DELETE FROM delta.`$LAKE/gold/top_students` WHERE ...}).
   */
  public static void sql(File lake, String... statements) {
    run(lake, java.util.Arrays.stream(statements).map(s -> "sql:" + s).toList());
  }

  private static Map<String, List<Map<String, String>>> run(File lake, List<String> arguments) {
    prepare();
    File out = new File(lake.getParentFile(), lake.getName() + "-spark-" + System.nanoTime());
    List<String> command = new ArrayList<>(List.of(new File(System.getProperty("java.home"), "bin/java").getPath(),
        "-Xmx1g"));
    try {
      command.addAll(List.of(Files.readString(new File("flink-conf/java17-opens.txt").toPath()).strip().split("\\s+")));
      command.addAll(List.of("--add-opens=java.base/sun.util.calendar=ALL-UNNAMED",
          "-cp", JARS.getPath() + "/*:" + CLASSES.getPath(), "SparkDeltaReader", lake.getAbsolutePath(), out.getPath()));
      command.addAll(arguments);
      File log = new File(out.getPath() + ".log");
      Process spark = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log).start();
      assertThat(spark.waitFor(5, TimeUnit.MINUTES)).as("Spark finished").isTrue();
      assertThat(spark.exitValue()).as("Spark's exit status; its log: %s", log).isZero();
      Map<String, List<Map<String, String>>> rows = new LinkedHashMap<>();
      for (String table : arguments.stream().filter(a -> !a.startsWith("sql:")).toList()) {
        rows.put(table, ExpectedTables.read(new File(out, table.replace('/', '.') + ".jsonl")));
      }
      return rows;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /**
   * For each table, the values of {@code column} of which {@code WHERE column = value} with
   * delta-spark's data skipping finds other rows than its full scan has (none when the Delta
   * statistics are right), keyed {@code table:column}: value (its first 40 characters), bytes,
   * scan and skipping (the two counts). One Spark for all the tables.
   */
  public static Map<String, List<Map<String, String>>> skippingMisses(File lake, String column, String... tables) {
    return read(lake, java.util.Arrays.stream(tables).map(t -> t + ":" + column).toArray(String[]::new));
  }

  /** Fetches Spark's jars once, and compiles the reader. */
  private static synchronized void prepare() {
    try {
      if (!new File(JARS, ".done").exists()) {
        Process mvn = new ProcessBuilder("mvn", "-B", "-q", "-ntp", "-f", "deploy/delta-reader/pom.xml",
            "dependency:copy-dependencies", "-DincludeScope=runtime").inheritIO().start();
        assertThat(mvn.waitFor()).as("fetching Spark and delta-spark").isZero();
        Files.writeString(new File(JARS, ".done").toPath(), "");
      }
      File source = new File("deploy/delta-reader/SparkDeltaReader.java");
      File compiled = new File(CLASSES, "SparkDeltaReader.class");
      if (!compiled.exists() || compiled.lastModified() < source.lastModified()) {
        CLASSES.mkdirs();
        // The compiler API expands no "dir/*" class path as the java launcher does: list the jars.
        String jars = String.join(File.pathSeparator, java.util.Arrays.stream(JARS.listFiles((d, n) -> n.endsWith(".jar")))
            .map(File::getPath).toList());
        int status = ToolProvider.getSystemJavaCompiler().run(null, null, null,
            "-cp", jars, "-d", CLASSES.getPath(), source.getPath());
        assertThat(status).as("compiling %s", source).isZero();
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
