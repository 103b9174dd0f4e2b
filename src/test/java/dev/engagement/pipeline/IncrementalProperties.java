package dev.engagement.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.engagement.pipeline.lake.LakeTable;
import dev.engagement.pipeline.testing.FixtureWriter;
import dev.engagement.pipeline.testing.LakeReader;
import dev.engagement.pipeline.testing.Lakes;
import dev.engagement.pipeline.testing.PipelineRunner;
import dev.engagement.pipeline.testing.ReferencePipeline;
import java.io.File;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterProperty;
import net.jqwik.api.lifecycle.AfterTry;
import org.apache.commons.io.FileUtils;

/**
 * Random small bronze batches (NULLs, blanks, bad values, duplicated rows, batches arriving one
 * after another) through the real pipeline, with the NULL-key rules set to each action: every
 * bronze row lands in exactly one of silver, rejected rows or the NULL-key violations; incremental
 * runs equal one full run and the plain reference implementation; running any step again changes
 * nothing; with fail, a run with a NULL key commits nothing.
 */
class IncrementalProperties {
  private static final List<String> COLUMNS = List.of("StudentID", "CourseID", "StudentEmail", "LoginTime",
      "ProgressPercentage", "EngagementScore", "LastModifiedDate");
  private final File work = newWorkDir();

  @Property(tries = 2, seed = "20261125")
  void withNullKeysDropped(@ForAll("batches") List<List<Map<String, String>>> batches) throws Exception {
    incrementalRunsAreExactAndRepeatable(batches, "drop");
  }

  @Property(tries = 2, seed = "20261125")
  void withNullKeysAdmittedWithAWarning(@ForAll("batches") List<List<Map<String, String>>> batches) throws Exception {
    incrementalRunsAreExactAndRepeatable(batches, "warn");
  }

  /** NULL keys in both batches: the NULL CourseID partition and NULL StudentID groups are merged, not dropped or doubled. */
  @Example
  void nullKeyGroupsAdmittedWithAWarningMergeAcrossBatches() throws Exception {
    String day1 = "2025-03-01 10:00:00";
    String day2 = "2025-03-02 10:00:00";
    incrementalRunsAreExactAndRepeatable(List.of(
        List.of(login("S1", null, day1), login(null, "C1", day1), login("", " ", day1), login("S2", "C1", day1)),
        List.of(login("S1", "", day2), login(" ", "C1", day2), login(null, null, day2), login("S3", null, day2))),
        "warn");
  }

  private static Map<String, String> login(String student, String course, String lastModified) {
    Map<String, String> r = new LinkedHashMap<>();
    List<String> values = java.util.Arrays.asList(student, course, "a@b.c", lastModified, "100", "85", lastModified);
    for (int i = 0; i < COLUMNS.size(); i++) {
      r.put(COLUMNS.get(i), values.get(i));
    }
    return r;
  }

  /** A run whose rows have a NULL key fails (the gate's exit status 4) and commits nothing. */
  @Property(tries = 2, seed = "20261125")
  void withNullKeysFailingTheRun(@ForAll("batches") List<List<Map<String, String>>> batches) throws Exception {
    incrementalRunsAreExactAndRepeatable(batches, "fail");
  }

  /** The batches run one after another with both NULL-key rules set to {@code action} (--rules). */
  private void incrementalRunsAreExactAndRepeatable(List<List<Map<String, String>>> batches, String action)
      throws Exception {
    File rules = new File(work, "rules.properties");
    Files.writeString(rules.toPath(), "null_student_id.action = " + action + "\nnull_course_id.action = " + action + "\n");
    File bronze = new File(work, "bronze");
    File lake = new File(work, "lake");
    ReferencePipeline reference = new ReferencePipeline(action, action);
    List<Map<String, String>> all = new ArrayList<>();
    boolean everyRunCommitted = true;
    for (int b = 0; b < batches.size(); b++) {
      writeBatch(bronze, "batch-" + b, batches.get(b));
      all.addAll(batches.get(b));
      Set<String> before = tables(lake);
      PipelineRunner.Result result = run(bronze, lake, rules);
      if (!reference.run(all, false)) {
        assertThat(result.exitCode()).as(result.err()).isEqualTo(4);
        assertThat(tables(lake)).as("a failed run commits nothing").isEqualTo(before);
        everyRunCommitted = false;
        continue;
      }
      assertThat(result.exitCode()).as(result.err()).isZero();
      Lakes.assertSameTables(lake, reference);

      before = tables(lake);
      PipelineRunner.Result again = run(bronze, lake, rules);
      assertThat(again.exitCode()).isZero();
      assertThat(again.out()).contains("nothing to do");
      assertThat(tables(lake)).as("a rerun changes nothing").isEqualTo(before);
    }

    File full = new File(work, "full");
    ReferencePipeline fullReference = new ReferencePipeline(action, action);
    boolean fullCommits = fullReference.run(all, true);
    assertThat(PipelineRunner.run(work, "--bronze", bronze.getPath(), "--lake", full.getPath(), "--mode", "full",
        "--rules", rules.getPath()).exitCode()).isEqualTo(fullCommits ? 0 : 4);
    if (!fullCommits) {
      return;
    }
    Lakes.assertSameTables(full, fullReference);
    if (everyRunCommitted) {
      Lakes.assertSameTables(lake, full);
    }
    // With warn, a row with a NULL key is in silver or rejected rows like any other.
    long nullKeys = LakeReader.read(new File(full, LakeTable.NULL_VIOLATIONS.path())).stream()
        .filter(r -> !action.equals("warn") && (blank(r.get("StudentID")) || blank(r.get("CourseID")))).count();
    assertThat(Lakes.rows(full, LakeTable.SILVER).size() + Lakes.rows(full, LakeTable.REJECTED_ROWS).size() + nullKeys)
        .as("every bronze row in exactly one of silver, rejected rows, NULL-key violations")
        .isEqualTo(all.size());
  }

  private static boolean blank(String value) {
    return value == null || value.isBlank();
  }

  /** Each try starts from an empty folder. */
  @AfterTry
  void cleanUp() throws Exception {
    FileUtils.cleanDirectory(work);
  }

  @AfterProperty
  void removeWorkDir() throws Exception {
    FileUtils.deleteDirectory(work);
  }

  /** 1 to 3 batches; batch b's valid LastModifiedDates fall in day b, so each batch is newer than the last. */
  @Provide
  Arbitrary<List<List<Map<String, String>>>> batches() {
    return Arbitraries.integers().between(1, 3).flatMap(n -> {
      List<Arbitrary<List<Map<String, String>>>> each = new ArrayList<>();
      for (int b = 0; b < n; b++) {
        each.add(batch(b));
      }
      return Combinators.combine(each).as(list -> list);
    });
  }

  private static Arbitrary<List<Map<String, String>>> batch(int day) {
    Arbitrary<Map<String, String>> row = Combinators.combine(List.of(
        oneOf("S1", "S2", "S3", " S1 ", "", "  ", null),
        oneOf("C1", "C2", "C1 ", "", null),
        oneOf("a@b.c", " z@y.x", "", null),
        oneOf("2025-03-01 10:00:00", "2025-03-02 23:59:59", "2025-02-30 10:00:00", "yesterday", null),
        oneOf("0", "45.555", "99.995", "100", "100.004", "-1", "abc", "", null),
        oneOf("0", "85", "85.0", "85.5", "101", "x", " ", null),
        day == 0
            ? oneOf("2025-03-01 10:00:00", "2025-03-01 11:30:00", "bad", null)
            : oneOf("2025-03-0" + (day + 1) + " 10:00:00", "2025-03-0" + (day + 1) + " 12:00:00")))
        .as(values -> {
          Map<String, String> r = new LinkedHashMap<>();
          for (int i = 0; i < COLUMNS.size(); i++) {
            r.put(COLUMNS.get(i), (String) values.get(i));
          }
          return r;
        });
    // Some rows twice: duplicated exports are kept as they are.
    return row.list().ofMinSize(1).ofMaxSize(12)
        .flatMap(rows -> Arbitraries.integers().between(0, rows.size()).map(dups -> {
          List<Map<String, String>> out = new ArrayList<>(rows);
          out.addAll(rows.subList(0, dups));
          return out;
        }));
  }

  @SuppressWarnings("unchecked")
  private static Arbitrary<Object> oneOf(String... values) {
    return (Arbitrary<Object>) (Arbitrary<?>) Arbitraries.of(java.util.Arrays.asList(values)).injectNull(0.0);
  }

  private PipelineRunner.Result run(File bronze, File lake, File rules) {
    return PipelineRunner.run(work, "--bronze", bronze.getPath(), "--lake", lake.getPath(), "--rules", rules.getPath());
  }

  /** The tables' files and folders (none before the first commit). */
  private static Set<String> tables(File lake) {
    if (!lake.exists()) {
      return Set.of();
    }
    Set<String> listing = Lakes.listing(lake);
    listing.removeIf(p -> p.startsWith("_pipeline") || p.equals("/"));
    return listing;
  }

  private void writeBatch(File bronze, String name, List<Map<String, String>> rows) throws Exception {
    Map<String, String> schema = new LinkedHashMap<>();
    COLUMNS.forEach(c -> schema.put(c, "string"));
    File source = new File(bronze, "_sources/" + name + ".json");
    source.getParentFile().mkdirs();
    new ObjectMapper().writeValue(source, Map.of("schema", schema, "rows", rows));
    FixtureWriter.write(source, new File(bronze, name + ".parquet"));
  }

  private static File newWorkDir() {
    try {
      return Files.createTempDirectory("properties").toFile();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
