package dev.engagement.pipeline.testing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.engagement.pipeline.lake.LakeTable;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** Assertions and file helpers over whole lakes. */
public final class Lakes {
  private static final Set<String> PER_RUN = Set.of("ErrorTimestamp", "ErrorDate");

  private Lakes() {}

  /** A table's rows without the columns that depend on when a run started. */
  public static List<Map<String, String>> rows(File lake, LakeTable table) {
    return LakeReader.read(new File(lake, table.path())).stream()
        .map(row -> row.entrySet().stream().filter(e -> !PER_RUN.contains(e.getKey()))
            .collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue() == null ? "\0NULL" : e.getValue())))
        .map(row -> (Map<String, String>) new java.util.TreeMap<>(row))
        .toList();
  }

  /** Every table of both lakes holds the same rows (averages to 1e-9). */
  public static void assertSameTables(File actual, File expected) {
    for (LakeTable table : LakeTable.values()) {
      assertThat(rows(actual, table)).as("rows of %s", table.path())
          .containsExactlyInAnyOrderElementsOf(rows(expected, table));
    }
  }

  /** Every table of the lake holds what the reference pipeline holds. */
  public static void assertSameTables(File lake, ReferencePipeline reference) {
    ExpectedTables.assertSameRows("silver", LakeReader.read(new File(lake, LakeTable.SILVER.path())), reference.silver());
    ExpectedTables.assertSameRows("null_violations",
        LakeReader.read(new File(lake, LakeTable.NULL_VIOLATIONS.path())), reference.nullViolations());
    ExpectedTables.assertSameRows("rejected_rows",
        LakeReader.read(new File(lake, LakeTable.REJECTED_ROWS.path())), reference.rejectedRows());
    ExpectedTables.assertSameRows("gold", LakeReader.read(new File(lake, LakeTable.GOLD.path())), reference.gold());
    ExpectedTables.assertSameRows("top_students",
        LakeReader.read(new File(lake, LakeTable.TOP_STUDENTS.path())), reference.topStudents());
    ExpectedTables.assertSameRows("course_completion",
        LakeReader.read(new File(lake, LakeTable.COURSE_COMPLETION.path())), reference.courseCompletion());
  }

  /** Every file and folder below {@code dir}, relative, with sizes: to tell that nothing changed. */
  public static Set<String> listing(File dir) {
    try (Stream<java.nio.file.Path> paths = Files.walk(dir.toPath())) {
      return paths.filter(p -> !p.getFileName().toString().equals("LOCK"))
          .map(p -> dir.toPath().relativize(p) + (Files.isRegularFile(p) ? " " + p.toFile().length() : "/"))
          .collect(Collectors.toCollection(TreeSet::new));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A copy of the lake (every file, the pipeline's state too) as {@code to}, replacing what was there. */
  public static File copy(File lake, File to) {
    try {
      org.apache.commons.io.FileUtils.deleteDirectory(to);
      org.apache.commons.io.FileUtils.copyDirectory(lake, to);
      return to;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Copies parquet fixtures into a bronze folder; returns the copies' originals. */
  public static File[] copyInto(File bronze, File... parquetFiles) {
    bronze.mkdirs();
    for (File f : parquetFiles) {
      try {
        Files.copy(f.toPath(), new File(bronze, f.getName()).toPath(), StandardCopyOption.REPLACE_EXISTING);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return parquetFiles;
  }

  /** The parquet files of a testdata folder, e.g. {@code fixtures("increments/batch_1")}. */
  public static File[] fixtures(String folder) {
    File[] files = new File(PipelineRunner.TESTDATA, folder).listFiles((d, n) -> n.endsWith(".parquet"));
    java.util.Arrays.sort(files);
    return files;
  }
}
