package dev.engagement.pipeline.tools;

import static org.assertj.core.api.Assertions.assertThat;

import dev.engagement.pipeline.tools.BronzeGenerator.Shape;
import java.io.File;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Collectors;
import org.apache.flink.core.fs.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The generator's two shapes, read back with DuckDB (not the project's parquet code). */
class BronzeGeneratorTest {
  private static final long SEED = 42;
  private static final long ROWS = 300_000;
  private static final LocalDateTime START = LocalDateTime.parse("2025-01-01T00:00:00");
  private static final String COLUMNS =
      "StudentID, CourseID, StudentEmail, LoginTime, ProgressPercentage, EngagementScore, LastModifiedDate";

  @TempDir static File dir;

  @BeforeAll
  static void generate() throws Exception {
    BronzeGenerator.generate(new Path(new File(dir, "uniform").toURI()), ROWS, 2, SEED, START, 500, Shape.UNIFORM, SEED);
    BronzeGenerator.generate(new Path(new File(dir, "realistic").toURI()), ROWS, 2, SEED, START, 500, Shape.REALISTIC, SEED);
  }

  @Test
  void uniformRowsAreTheOnesTheGeneratorAlwaysWrote() throws Exception {
    // The first rows of file 0, drawn here in the order the generator has always drawn them.
    List<List<String>> written = rows("uniform", 50);
    SplittableRandom random = new SplittableRandom(SEED * 1_000_003);
    DateTimeFormatter format = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");
    for (int r = 0; r < 50; r++) {
      int student = random.nextInt(50_000);
      LocalDateTime login = START.plusSeconds(random.nextLong(365L * 24 * 3600));
      String studentId = random.nextInt(200) == 0 ? null : "S" + student;
      String courseId = random.nextInt(200) == 0 ? null : "C" + random.nextInt(500);
      String loginTime = random.nextInt(400) == 0 ? "2025-02-30 10:00:00" : login.format(format);
      int progress = random.nextInt(10_001);
      String progressText = random.nextInt(400) == 0 ? "n/a" : random.nextInt(400) == 0 ? "101.5"
          : String.format("%d.%02d", progress / 100, progress % 100);
      int engagement = random.nextInt(100);
      String engagementText = random.nextInt(33) == 0 ? null : random.nextInt(400) == 0 ? "high" : "" + engagement;
      String lastModified = login.plusMinutes(random.nextInt(60)).format(format);
      assertThat(written.get(r)).containsExactly(studentId, courseId, "student" + student + "@uni.example",
          loginTime, progressText, engagementText, lastModified);
    }
  }

  @Test
  void realisticGivesEveryStudentAtMostEightCourses() throws Exception {
    // Students with more logins than 8 are the ones that could show a ninth course.
    List<Long> r = query("SELECT count(*) FILTER (WHERE logins > 8), max(courses), min(courses), sum(courses)"
        + " FROM (SELECT StudentID, count(*) AS logins, count(DISTINCT CourseID) AS courses FROM " + read("realistic")
        + " WHERE StudentID IS NOT NULL AND CourseID IS NOT NULL GROUP BY StudentID)");
    assertThat(r.get(0)).isGreaterThan(5_000);
    assertThat(r.get(1)).isEqualTo(8);
    assertThat(r.get(2)).isEqualTo(1);
    // Uniform rows would be nearly one pair each (about 297,000).
    assertThat(r.get(3)).isBetween(150_000L, 230_000L);
  }

  @Test
  void realisticDiffersFromUniformOnlyInTheCourse() throws Exception {
    // The course is one draw in both shapes, so for the same seed the other columns, their NULLs
    // and their bad values are the same rows: the rates do not change.
    String others = Arrays.stream(COLUMNS.split(", ")).filter(c -> !c.equals("CourseID"))
        .map(c -> "u." + c + " IS NOT DISTINCT FROM r." + c).collect(Collectors.joining(" AND "));
    List<Long> r = query("SELECT count(*), count(*) FILTER (WHERE " + others
        + " AND (u.CourseID IS NULL) = (r.CourseID IS NULL)), count(*) FILTER (WHERE u.CourseID <> r.CourseID)"
        + " FROM " + read("uniform") + " u JOIN " + read("realistic") + " r"
        + " ON u.file_row_number = r.file_row_number AND parse_filename(u.filename) = parse_filename(r.filename)");
    assertThat(r.get(0)).isEqualTo(ROWS);
    assertThat(r.get(1)).isEqualTo(ROWS);
    assertThat(r.get(2)).isGreaterThan(ROWS * 9 / 10);
  }

  @Test
  void aStudentsCoursesAreFixedAndDistinct() {
    int[] courses = BronzeGenerator.coursesOf(SEED, 123, 500);
    assertThat(BronzeGenerator.coursesOf(SEED, 123, 500)).containsExactly(courses);
    assertThat(courses.length).isBetween(1, 8);
    assertThat(Arrays.stream(courses).distinct().count()).isEqualTo(courses.length);
    assertThat(Arrays.stream(courses).allMatch(c -> c >= 0 && c < 500)).isTrue();
    assertThat(BronzeGenerator.coursesOf(SEED, 123, 3).length).isLessThanOrEqualTo(3);
  }

  private static String read(String shape) {
    return "read_parquet('" + dir + "/" + shape + "/*.parquet', filename = true, file_row_number = true)";
  }

  /** The first rows of a generated folder in file and row order, each as its seven strings. */
  private static List<List<String>> rows(String shape, int limit) throws Exception {
    List<List<String>> rows = new ArrayList<>();
    try (Connection duck = DriverManager.getConnection("jdbc:duckdb:"); Statement sql = duck.createStatement();
        ResultSet rs = sql.executeQuery("SELECT " + COLUMNS + " FROM " + read(shape)
            + " ORDER BY filename, file_row_number LIMIT " + limit)) {
      while (rs.next()) {
        List<String> row = new ArrayList<>();
        for (int c = 1; c <= 7; c++) {
          row.add(rs.getString(c));
        }
        rows.add(row);
      }
    }
    return rows;
  }

  /** The one row of a query, its values as longs. */
  private static List<Long> query(String select) throws Exception {
    try (Connection duck = DriverManager.getConnection("jdbc:duckdb:"); Statement sql = duck.createStatement();
        ResultSet rs = sql.executeQuery(select)) {
      rs.next();
      List<Long> row = new ArrayList<>();
      for (int c = 1; c <= rs.getMetaData().getColumnCount(); c++) {
        row.add(rs.getLong(c));
      }
      return row;
    }
  }
}
