package dev.engagement.pipeline.cli;

import dev.engagement.pipeline.FlinkSetup;
import dev.engagement.pipeline.tools.BronzeGenerator;
import dev.engagement.pipeline.tools.BronzeGenerator.Shape;
import java.time.LocalDate;
import java.util.Locale;
import java.util.Map;
import org.apache.flink.core.fs.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code generate}: deterministic bronze for benchmarks and long tests ({@link BronzeGenerator}). */
@Command(name = "generate",
    description = "Writes deterministic bronze parquet files for benchmarks and long tests: the same options always give"
        + " the same rows.")
final class GenerateCommand extends Subcommand {
  @Option(names = "--out", required = true, paramLabel = "URI", converter = Location.class,
      description = "the folder to write export-NNNNN.parquet files to")
  Path out;

  @Option(names = "--rows", paramLabel = "N", defaultValue = "1000000", description = "how many rows")
  long rows;

  @Option(names = "--files", paramLabel = "K", defaultValue = "4", converter = PositiveNumber.class,
      description = "how many files the rows are spread over")
  int files;

  @Option(names = "--seed", paramLabel = "S", defaultValue = "42", description = "the seed of the rows")
  long seed;

  @Option(names = "--start", paramLabel = "yyyy-MM-dd", defaultValue = "2025-01-01",
      description = "LoginTime runs over the year from this day")
  LocalDate start;

  @Option(names = "--courses", paramLabel = "C", defaultValue = "500", converter = PositiveNumber.class,
      description = "how many courses")
  int courses;

  @Option(names = "--shape", paramLabel = "uniform|realistic", defaultValue = "uniform",
      description = "uniform pairs any student with any course; realistic gives each student 1 to 8 courses")
  Shape shape;

  @Option(names = "--course-seed", paramLabel = "S",
      description = "the seed of each student's courses in the realistic shape (default: --seed)")
  Long courseSeed;

  @Option(names = "--night", paramLabel = "N",
      description = "instead, night N's export of a nightly load (night-NNNNN.parquet, --rows rows, uniform): rows last"
          + " modified on the night N days after --start, their logins over the 40 days before it")
  Integer night;

  @Override
  int execute() throws Exception {
    FlinkSetup.initFileSystems(Map.of());
    long began = System.nanoTime();
    if (night != null) {
      BronzeGenerator.night(out, rows, seed, start.atStartOfDay(), courses, night);
    } else {
      BronzeGenerator.generate(out, rows, files, seed, start.atStartOfDay(), courses, shape,
          courseSeed == null ? seed : courseSeed);
    }
    out().printf("wrote %d %s rows in %d files to %s in %.1f s%n", rows,
        night != null ? "nightly" : shape.name().toLowerCase(Locale.ROOT), night != null ? 1 : files, out,
        (System.nanoTime() - began) / 1e9);
    return 0;
  }
}
