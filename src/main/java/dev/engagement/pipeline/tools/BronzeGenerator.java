package dev.engagement.pipeline.tools;

import java.io.IOException;
import dev.engagement.pipeline.bronze.BronzeColumns;
import dev.engagement.pipeline.parquet.ParquetRecords;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.SplittableRandom;
import org.apache.flink.core.fs.Path;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.example.data.simple.SimpleGroupFactory;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.schema.MessageType;

/**
 * Deterministic bronze exports for benchmarks and long-running tests ({@code deploy/generate-bronze.sh},
 * whose options {@code generate --help} lists). All columns are strings, as raw exports carry them; about 50,000 students and 500 courses (or --courses: an export that touches only a few courses),
 * LoginTime over one year, ~1% NULL keys, ~3% NULL engagement, ~0.5% out-of-range or
 * unparseable values. The same arguments always give the same rows.
 *
 * <p>Shapes: {@code uniform} (the default) pairs any student with any course, so nearly every row
 * is a (student, course) pair of its own; {@code realistic} gives each student 1 to 8 courses of
 * their own ({@link #coursesOf}) and a row picks a student, then one of that student's courses,
 * so each pair has many logins (about 224,000 pairs at 10M rows). The courses follow from
 * --course-seed (default: --seed), so a later export made with another --seed and the first
 * export's seed as --course-seed keeps every student in their courses.
 */
public final class BronzeGenerator {
  private static final DateTimeFormatter FORMAT = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");
  private static final int STUDENTS = 50_000;
  private static final int MAX_COURSES_PER_STUDENT = 8;

  /** How rows pair students with courses (see the class comment). */
  public enum Shape { UNIFORM, REALISTIC }

  private BronzeGenerator() {}

  public static void generate(Path out, long rows, int files, long seed, LocalDateTime start, int courses)
      throws Exception {
    generate(out, rows, files, seed, start, courses, Shape.UNIFORM, seed);
  }

  /** When a row's login falls, and when it was last modified (null: within the hour after the login). */
  private record Times(LocalDateTime loginFrom, long loginSeconds, LocalDateTime modified) {}

  public static void generate(Path out, long rows, int files, long seed, LocalDateTime start, int courses,
      Shape shape, long courseSeed) throws Exception {
    // Realistic: every student's courses, fixed up front; uniform rows draw any course, as they always did.
    int[][] taken = null;
    if (shape == Shape.REALISTIC) {
      taken = new int[STUDENTS][];
      for (int student = 0; student < STUDENTS; student++) {
        taken[student] = coursesOf(courseSeed, student, courses);
      }
    }
    for (int f = 0; f < files; f++) {
      write(new Path(out, String.format("export-%05d.parquet", f)), rows * (f + 1) / files - rows * f / files,
          new SplittableRandom(seed * 1_000_003 + f), new Times(start, 365L * 24 * 3600, null), courses, taken);
    }
  }

  /**
   * Night {@code night}'s export of a nightly load ({@code night-NNNNN.parquet}): rows last
   * modified that night ({@code start} plus {@code night} days, at 23:00), their logins over the
   * 40 days before it, so each run adds files to many day partitions (late rows).
   */
  public static void night(Path out, long rows, long seed, LocalDateTime start, int courses, int night)
      throws IOException {
    LocalDateTime modified = start.plusDays(night).withHour(23);
    write(new Path(out, String.format("night-%05d.parquet", night)), rows,
        new SplittableRandom(seed * 1_000_003 + night), new Times(modified.minusDays(40), 40L * 24 * 3600, modified),
        courses, null);
  }

  private static void write(Path file, long rows, SplittableRandom random, Times times, int courses, int[][] taken)
      throws IOException {
    ParquetRecords.Schema builder = ParquetRecords.Schema.named("bronze");
    BronzeColumns.REQUIRED.forEach(builder::string);
    MessageType schema = builder.build();
    SimpleGroupFactory groups = new SimpleGroupFactory(schema);
    try (ParquetWriter<Group> writer = ParquetRecords.writer(file, schema)) {
      for (long r = 0; r < rows; r++) {
        writer.write(row(groups.newGroup(), random, times, courses, taken));
      }
    }
  }

  /**
   * The courses a student takes in the realistic shape: 1 to 8 distinct ones out of
   * {@code courses} (fewer when there are fewer courses), the same for a course seed and student
   * wherever it is asked for.
   */
  static int[] coursesOf(long courseSeed, int student, int courses) {
    SplittableRandom random = new SplittableRandom(courseSeed * STUDENTS + student);
    int count = Math.min(1 + random.nextInt(MAX_COURSES_PER_STUDENT), courses);
    return random.ints(0, courses).distinct().limit(count).toArray();
  }

  /** One row; {@code taken} is each student's courses in the realistic shape, null for uniform. */
  private static Group row(Group g, SplittableRandom random, Times times, int courses, int[][] taken) {
    int student = random.nextInt(STUDENTS);
    LocalDateTime login = times.loginFrom().plusSeconds(random.nextLong(times.loginSeconds()));
    put(g, "StudentID", random.nextInt(200) == 0 ? null : "S" + student);
    put(g, "CourseID", random.nextInt(200) == 0 ? null
        : "C" + (taken == null ? random.nextInt(courses) : taken[student][random.nextInt(taken[student].length)]));
    put(g, "StudentEmail", "student" + student + "@uni.example");
    put(g, "LoginTime", random.nextInt(400) == 0 ? "2025-02-30 10:00:00" : login.format(FORMAT));
    int progress = random.nextInt(10_001);
    put(g, "ProgressPercentage", random.nextInt(400) == 0 ? "n/a" : random.nextInt(400) == 0 ? "101.5"
        : progress / 100 + "." + String.format("%02d", progress % 100));
    int engagement = random.nextInt(100);
    put(g, "EngagementScore", random.nextInt(33) == 0 ? null : random.nextInt(400) == 0 ? "high" : String.valueOf(engagement));
    put(g, "LastModifiedDate", (times.modified() == null ? login.plusMinutes(random.nextInt(60))
        : times.modified().minusSeconds(random.nextInt(3600))).format(FORMAT));
    return g;
  }

  private static void put(Group g, String column, String value) {
    if (value != null) {
      g.add(column, value);
    }
  }
}
