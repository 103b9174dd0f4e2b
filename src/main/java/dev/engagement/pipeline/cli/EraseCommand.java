package dev.engagement.pipeline.cli;

import dev.engagement.pipeline.lake.LakeTable;
import dev.engagement.pipeline.ops.Erase;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.apache.flink.core.fs.Path;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code erase}: a student's right to be forgotten ({@link Erase}). */
@Command(name = "erase",
    description = "Removes every row of the students from silver, both quality tables and gold, derives the report"
        + " tables again, and deletes at once the files that held their rows, whatever --keep-versions-days says;"
        + " every later run drops their bronze rows (docs/operations.md, \"Erasing a student\").")
final class EraseCommand extends Subcommand {
  @Mixin PipelineLake pipeline;

  @ArgGroup(multiplicity = "1")
  Students students;

  /** Whom: on the command line, or in a file (which keeps the IDs out of shell history and process lists). */
  static final class Students {
    @Option(names = "--student", required = true, paramLabel = "ID", split = ",",
        description = "the StudentIDs to erase, separated by commas")
    List<String> ids;

    @Option(names = "--students-file", required = true, paramLabel = "FILE",
        description = "a file of StudentIDs, one a line ('#' starts a comment)")
    String file;
  }

  @Option(names = "--bronze", paramLabel = "URI", converter = Location.class,
      description = "the bronze folder: the command lists its files that still hold the students' rows")
  Path bronze;

  @Override
  int execute() throws Exception {
    Erase.Result result = Erase.erase(pipeline.open(), ids(), Optional.ofNullable(bronze));
    out().println("Erase " + result.eraseId() + ": " + result.filesPurged() + " files that held the students' rows"
        + " deleted; versions of the tables before the erase that named them can no longer be read");
    for (LakeTable table : result.rowsErased().keySet()) {
      out().println("  " + table.path() + ": " + result.rowsErased().get(table) + " rows erased");
    }
    if (bronze == null) {
      out().println("bronze was not searched (--bronze): its files may still hold the students' rows");
    } else if (!result.bronzeFiles().isEmpty()) {
      out().println("bronze files that still hold the students' rows (runs drop them; their exporter should erase them):");
      result.bronzeFiles().forEach(f -> out().println("  " + f));
    }
    return 0;
  }

  private Set<String> ids() throws IOException {
    if (students.ids != null) {
      return new LinkedHashSet<>(students.ids);
    }
    java.nio.file.Path file = Paths.get(students.file);
    if (!Files.isRegularFile(file)) {
      throw new IllegalArgumentException("option --students-file: no file " + file);
    }
    Set<String> ids = new LinkedHashSet<>();
    Files.readAllLines(file).stream().map(l -> l.replaceFirst("#.*", "").strip()).filter(l -> !l.isEmpty())
        .forEach(ids::add);
    return ids;
  }
}
