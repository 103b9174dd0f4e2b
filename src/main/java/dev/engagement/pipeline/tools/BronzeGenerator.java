package dev.engagement.pipeline.tools;

import dev.engagement.pipeline.bronze.BronzeColumns;
import dev.engagement.pipeline.lake.ParquetRecords;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.SplittableRandom;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.fs.FileSystem;
import org.apache.flink.core.fs.Path;
import org.apache.flink.core.plugin.PluginUtils;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.example.data.simple.SimpleGroupFactory;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.schema.MessageType;

/**
 * Deterministic bronze exports for benchmarks and long-running tests:
 * {@code deploy/generate-bronze.sh --rows N --files K --seed S --out URI [--start 2025-01-01]
 * [--courses 500]}. All columns are strings, as raw exports carry them; about 50,000 students and
 * 500 courses (or --courses: an export that touches only a few courses),
 * LoginTime over one year, ~1% NULL keys, ~3% NULL engagement, ~0.5% out-of-range or
 * unparseable values. The same arguments always give the same rows.
 */
public final class BronzeGenerator {
  private static final DateTimeFormatter FORMAT = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

  private BronzeGenerator() {}

  public static void main(String[] args) throws Exception {
    long rows = 1_000_000;
    int files = 4;
    long seed = 42;
    String out = null;
    LocalDateTime start = LocalDateTime.parse("2025-01-01T00:00:00");
    int courses = 500;
    for (int i = 0; i + 1 < args.length; i += 2) {
      switch (args[i]) {
        case "--rows" -> rows = Long.parseLong(args[i + 1]);
        case "--files" -> files = Integer.parseInt(args[i + 1]);
        case "--seed" -> seed = Long.parseLong(args[i + 1]);
        case "--out" -> out = args[i + 1];
        case "--start" -> start = LocalDateTime.parse(args[i + 1] + "T00:00:00");
        case "--courses" -> courses = Integer.parseInt(args[i + 1]);
        default -> throw new IllegalArgumentException("unknown option " + args[i]);
      }
    }
    if (out == null) {
      throw new IllegalArgumentException("option --out is required");
    }
    Configuration conf = new Configuration();
    FileSystem.initialize(conf, PluginUtils.createPluginManagerFromRootFolder(conf));
    long began = System.nanoTime();
    generate(new Path(out), rows, files, seed, start, courses);
    System.out.printf("wrote %d rows in %d files to %s in %.1f s%n", rows, files, out, (System.nanoTime() - began) / 1e9);
  }

  public static void generate(Path out, long rows, int files, long seed, LocalDateTime start, int courses)
      throws Exception {
    ParquetRecords.Schema builder = ParquetRecords.Schema.named("bronze");
    BronzeColumns.REQUIRED.forEach(builder::string);
    MessageType schema = builder.build();
    SimpleGroupFactory groups = new SimpleGroupFactory(schema);
    for (int f = 0; f < files; f++) {
      long from = rows * f / files;
      long to = rows * (f + 1) / files;
      SplittableRandom random = new SplittableRandom(seed * 1_000_003 + f);
      try (ParquetWriter<Group> writer =
          ParquetRecords.writer(new Path(out, String.format("export-%05d.parquet", f)), schema)) {
        for (long r = from; r < to; r++) {
          writer.write(row(groups.newGroup(), random, start, courses));
        }
      }
    }
  }

  private static Group row(Group g, SplittableRandom random, LocalDateTime start, int courses) {
    int student = random.nextInt(50_000);
    LocalDateTime login = start.plusSeconds(random.nextLong(365L * 24 * 3600));
    put(g, "StudentID", random.nextInt(200) == 0 ? null : "S" + student);
    put(g, "CourseID", random.nextInt(200) == 0 ? null : "C" + random.nextInt(courses));
    put(g, "StudentEmail", "student" + student + "@uni.example");
    put(g, "LoginTime", random.nextInt(400) == 0 ? "2025-02-30 10:00:00" : login.format(FORMAT));
    int progress = random.nextInt(10_001);
    put(g, "ProgressPercentage", random.nextInt(400) == 0 ? "n/a" : random.nextInt(400) == 0 ? "101.5"
        : progress / 100 + "." + String.format("%02d", progress % 100));
    int engagement = random.nextInt(100);
    put(g, "EngagementScore", random.nextInt(33) == 0 ? null : random.nextInt(400) == 0 ? "high" : String.valueOf(engagement));
    put(g, "LastModifiedDate", login.plusMinutes(random.nextInt(60)).format(FORMAT));
    return g;
  }

  private static void put(Group g, String column, String value) {
    if (value != null) {
      g.add(column, value);
    }
  }
}
