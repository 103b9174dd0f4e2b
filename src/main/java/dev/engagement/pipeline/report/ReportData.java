package dev.engagement.pipeline.report;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.engagement.pipeline.commit.Watermark;
import dev.engagement.pipeline.delta.DataFile;
import dev.engagement.pipeline.delta.DeltaTable;
import dev.engagement.pipeline.lake.LakeLayout;
import dev.engagement.pipeline.lake.LakeTable;
import dev.engagement.pipeline.lake.RunLog;
import dev.engagement.pipeline.parquet.ParquetRecords;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Consumer;
import org.apache.flink.core.fs.Path;

/**
 * What the report shows, read from the lake's gold tables and its run log (never bronze or
 * silver). Rates and ranks are taken as gold stores them; the report only adds what no table
 * holds (distinct students, total logins, the engagement distribution), each computed once here.
 */
record ReportData(
    String lake,
    String pipelineName,
    List<Course> courses,
    List<TopStudent> topStudents,
    long students,
    long logins,
    double[] scores,
    Map<String, double[]> scoresByCourse,
    Optional<Watermark> watermark,
    Optional<Run> lastCommit,
    List<Run> runs) {

  record Course(String courseId, long totalStudents, long completeStudents, BigDecimal completionRate) {}

  record TopStudent(long rank, String studentId, double avgEngagementScore) {}

  record Run(String runId, String mode, LocalDateTime start, LocalDateTime end, String status, Long bronzeRows,
      Long silverRows, Map<String, Long> errorCounts, String message) {
    boolean failed() {
      return "FAILED".equals(status);
    }
  }

  private static final ObjectMapper JSON = new ObjectMapper();

  static ReportData read(LakeLayout lake, int lastRuns) throws IOException {
    Path runLog = RunLog.runLog(lake);
    List<Run> runs = ParquetRecords.read(runLog).stream()
        .filter(r -> lake.pipelineName().equals(r.get("PipelineName")))
        .map(ReportData::run)
        .sorted(Comparator.comparing(Run::start).reversed())
        .toList();
    if (runs.isEmpty()) {
      throw new IllegalArgumentException("no run log of pipeline " + lake.pipelineName() + " at " + runLog
          + ": run the pipeline on this lake first");
    }
    for (LakeTable table : List.of(LakeTable.GOLD, LakeTable.TOP_STUDENTS, LakeTable.COURSE_COMPLETION)) {
      if (new DeltaTable(lake.table(table)).version() < 1) {
        throw new IllegalArgumentException("no gold table " + lake.table(table) + " yet: no run of this lake has committed");
      }
    }
    List<Course> courses = rows(lake, LakeTable.COURSE_COMPLETION).stream()
        .map(r -> new Course((String) r.get("CourseID"), (Long) r.get("TotalStudents"),
            (Long) r.get("CompleteStudents"), (BigDecimal) r.get("CompletionRate")))
        .sorted(Comparator.comparing(Course::completionRate).reversed().thenComparing(Course::courseId))
        .toList();
    List<TopStudent> top = rows(lake, LakeTable.TOP_STUDENTS).stream()
        .map(r -> new TopStudent((Long) r.get("Rank"), (String) r.get("StudentID"), (Double) r.get("AvgEngagementScore")))
        .sorted(Comparator.comparingLong(TopStudent::rank))
        .toList();

    // Gold can be millions of rows: stream it, keeping only the scores and the distinct students.
    Set<String> students = new HashSet<>();
    Map<String, Scores> byCourse = new TreeMap<>();
    Scores all = new Scores();
    long[] logins = {0};
    forEach(lake, LakeTable.GOLD, r -> {
      students.add((String) r.get("StudentID"));
      logins[0] += (Long) r.get("TotalLogins");
      double score = (Double) r.get("AvgEngagementScore");
      all.add(score);
      byCourse.computeIfAbsent((String) r.get("CourseID"), c -> new Scores()).add(score);
    });
    Map<String, double[]> scoresByCourse = new LinkedHashMap<>();
    byCourse.forEach((course, scores) -> scoresByCourse.put(course, scores.sorted()));
    return new ReportData(lake.root().toString(), lake.pipelineName(), courses, top, students.size(), logins[0],
        all.sorted(), scoresByCourse, Watermark.read(lake),
        runs.stream().filter(r -> "SUCCEEDED".equals(r.status())).findFirst(),
        runs.subList(0, Math.min(lastRuns, runs.size())));
  }

  /**
   * The share of (student, course) enrolments that are complete, over all courses: the sums of
   * course_completion's own columns, rounded half up to 2 places as CompletionRate is.
   */
  Optional<BigDecimal> overallCompletionRate() {
    long total = courses.stream().mapToLong(Course::totalStudents).sum();
    long complete = courses.stream().mapToLong(Course::completeStudents).sum();
    return total == 0 ? Optional.empty()
        : Optional.of(BigDecimal.valueOf(100 * complete).divide(BigDecimal.valueOf(total), 2, RoundingMode.HALF_UP));
  }

  private static Run run(Map<String, Object> r) {
    return new Run((String) r.get("RunId"), (String) r.get("Mode"), (LocalDateTime) r.get("StartTime"),
        (LocalDateTime) r.get("EndTime"), (String) r.get("Status"), (Long) r.get("BronzeRows"),
        (Long) r.get("SilverRows"), errorCounts((String) r.get("ErrorCounts")), (String) r.get("Message"));
  }

  private static Map<String, Long> errorCounts(String json) {
    try {
      return json == null ? Map.of() : JSON.readValue(json, new TypeReference<TreeMap<String, Long>>() {});
    } catch (IOException e) {
      return Map.of(); // a run log row from an older writer: shown without counts
    }
  }

  /** A growable array of doubles: a boxed list of millions of scores would be several times larger. */
  private static final class Scores {
    private double[] values = new double[16];
    private int size;

    void add(double value) {
      if (size == values.length) {
        values = Arrays.copyOf(values, size * 2);
      }
      values[size++] = value;
    }

    double[] sorted() {
      double[] out = Arrays.copyOf(values, size);
      Arrays.sort(out);
      return out;
    }
  }

  /** Each row of the table's current Delta version, with its partition columns. */
  private static void forEach(LakeLayout lake, LakeTable table, Consumer<Map<String, Object>> action) throws IOException {
    DeltaTable delta = new DeltaTable(lake.table(table));
    for (DataFile file : delta.files()) {
      ParquetRecords.forEach(delta.absolute(file), file.partitionValues(), action);
    }
  }

  private static List<Map<String, Object>> rows(LakeLayout lake, LakeTable table) throws IOException {
    List<Map<String, Object>> rows = new ArrayList<>();
    forEach(lake, table, rows::add);
    return rows;
  }
}
