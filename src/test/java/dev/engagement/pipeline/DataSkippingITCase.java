package dev.engagement.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.engagement.pipeline.lake.LakeTable;
import dev.engagement.pipeline.testing.FixtureWriter;
import dev.engagement.pipeline.testing.PipelineRunner;
import dev.engagement.pipeline.testing.SparkDelta;
import java.io.File;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Readers skip data files by the Delta statistics the pipeline writes: delta-spark with data
 * skipping on finds, for every StudentID of every table, the rows its full scan has, also on a
 * lake built from hostile bronze (IDs of 1 MB, IDs of invalid UTF-8).
 */
class DataSkippingITCase {
  private static final List<String> COLUMNS = List.of("StudentID", "CourseID", "StudentEmail", "LoginTime",
      "ProgressPercentage", "EngagementScore", "LastModifiedDate");
  private static final List<Object> MEGABYTE_IDS =
      List.of(Map.of("repeat", "A", "times", 1_048_576), Map.of("repeat", "S", "times", 1_048_576));
  /** Not UTF-8: 0xFF and 0x80 would become U+FFFD (EF BF BD), which sorts before 0xFF. */
  private static final List<Object> INVALID_UTF8_IDS =
      List.of(Map.of("hex", "53 ff fe 31"), Map.of("hex", "53 ff"), Map.of("hex", "80 61"));

  @TempDir File work;

  @Test
  void sparkWithDataSkippingFindsEveryRowOfEveryStudentId() throws Exception {
    File bronze = new File(work, "bronze");
    writeBronze(bronze, rows());
    File lake = new File(work, "lake");
    PipelineRunner.Result run = PipelineRunner.run(work, "--bronze", bronze.getPath(), "--lake", lake.getPath());
    assertThat(run.exitCode()).as(run.err()).isZero();

    String[] tables = Stream.of(LakeTable.values()).filter(t -> t != LakeTable.COURSE_COMPLETION)
        .map(LakeTable::path).toArray(String[]::new);
    Map<String, List<Map<String, String>>> misses = SparkDelta.skippingMisses(lake, "StudentID", tables);
    assertThat(misses).hasSize(tables.length);
    misses.forEach((table, values) -> assertThat(values).as("values of %s that data skipping misses", table).isEmpty());
  }

  /**
   * 36 logins of 6 students over three courses and two days; the IDs of 1 MB in course C1 on day
   * 1, those of invalid UTF-8 in C2 and C3 on day 2, each with ordinary IDs in its files; each
   * hostile ID is also a top student, a rejected row and a NULL-key violation.
   */
  private static List<Map<String, Object>> rows() {
    List<Map<String, Object>> rows = new ArrayList<>();
    for (int i = 0; i < 36; i++) {
      rows.add(row("S00" + i % 6, "C" + (i % 3 + 1), "2025-03-0" + (i % 2 + 1) + " 10:00:00", "50"));
    }
    for (Object id : MEGABYTE_IDS) {
      rows.add(row(id, "C1", "2025-03-01 11:00:00", "100"));
    }
    for (Object id : INVALID_UTF8_IDS) {
      rows.add(row(id, id.equals(INVALID_UTF8_IDS.get(2)) ? "C3" : "C2", "2025-03-02 11:00:00", "100"));
    }
    for (Object id : Stream.concat(MEGABYTE_IDS.stream(), INVALID_UTF8_IDS.stream()).toList()) {
      rows.add(row(id, "C1", "not a time", "100"));
      rows.add(row(id, null, "2025-03-01 11:00:00", "100"));
    }
    return rows;
  }

  private static Map<String, Object> row(Object student, String course, String login, String engagement) {
    Map<String, Object> row = new LinkedHashMap<>();
    List<Object> values = java.util.Arrays.asList(student, course, "a@b.c", login, "50", engagement, "2025-03-02 12:00:00");
    for (int c = 0; c < COLUMNS.size(); c++) {
      row.put(COLUMNS.get(c), values.get(c));
    }
    return row;
  }

  private static void writeBronze(File bronze, List<Map<String, Object>> rows) throws Exception {
    Map<String, String> schema = new LinkedHashMap<>();
    COLUMNS.forEach(c -> schema.put(c, "string"));
    File source = new File(bronze, "_sources/hostile.json");
    source.getParentFile().mkdirs();
    new ObjectMapper().writeValue(source, Map.of("schema", schema, "rows", rows));
    FixtureWriter.write(source, new File(bronze, "hostile.parquet"));
  }
}
