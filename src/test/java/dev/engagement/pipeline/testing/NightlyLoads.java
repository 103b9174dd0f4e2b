package dev.engagement.pipeline.testing;

import dev.engagement.pipeline.parquet.ParquetRecords;
import java.io.File;
import java.io.IOException;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.SplittableRandom;
import org.apache.flink.core.fs.Path;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.example.data.simple.SimpleGroupFactory;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.schema.MessageType;

/**
 * Bronze exports as a year of nightly loads brings them: night {@code n}'s file holds rows last
 * modified that night, whose logins fall on the 40 days before it (late rows), so each run adds
 * a file to many day partitions of silver and rewrites many gold courses; a few rows go to the
 * quality tables.
 */
public final class NightlyLoads {
  private static final DateTimeFormatter FORMAT = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");
  private static final LocalDateTime FIRST_NIGHT = LocalDateTime.parse("2025-03-01T23:00:00");
  private static final MessageType SCHEMA = ParquetRecords.Schema.named("bronze").string("StudentID")
      .string("CourseID").string("StudentEmail").string("LoginTime").string("ProgressPercentage")
      .string("EngagementScore").string("LastModifiedDate").build();

  private NightlyLoads() {}

  /** Writes night {@code night}'s export of {@code rows} rows into {@code bronze}. */
  public static File write(File bronze, int night, int rows) throws IOException {
    File file = new File(bronze, "night-" + night + ".parquet");
    SplittableRandom random = new SplittableRandom(night);
    LocalDateTime modified = FIRST_NIGHT.plusDays(night);
    SimpleGroupFactory groups = new SimpleGroupFactory(SCHEMA);
    try (ParquetWriter<Group> writer = ParquetRecords.writer(new Path(file.toURI()), SCHEMA)) {
      for (int i = 0; i < rows; i++) {
        int student = random.nextInt(300);
        LocalDateTime login = modified.minusMinutes(random.nextLong(40L * 24 * 60));
        writer.write(groups.newGroup()
            .append("StudentID", "S" + student)
            .append("CourseID", "C" + random.nextInt(20))
            .append("StudentEmail", "student" + student + "@uni.edu")
            .append("LoginTime", login.format(FORMAT))
            .append("ProgressPercentage", Integer.toString(random.nextInt(101)))
            .append("EngagementScore", engagementScore(random))
            .append("LastModifiedDate", modified.minusSeconds(random.nextInt(3600)).format(FORMAT)));
      }
    }
    return file;
  }

  /** Now and then one that silver rejects (rejected_rows) or one it admits as 0 (null_violations). */
  private static String engagementScore(SplittableRandom random) {
    int draw = random.nextInt(50);
    return draw == 0 ? "lots" : draw == 1 ? " " : Integer.toString(random.nextInt(101));
  }
}
