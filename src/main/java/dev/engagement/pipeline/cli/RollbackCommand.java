package dev.engagement.pipeline.cli;

import dev.engagement.pipeline.lake.LakeLayout;
import dev.engagement.pipeline.ops.Rollback;
import java.util.Optional;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code rollback}: the lake as a run left it ({@link Rollback}). */
@Command(name = "rollback",
    description = "Restores all six tables and the watermark to what they were right after a run, each table by a new"
        + " commit (as Delta's RESTORE). Refused while a run holds the lock, and for a run whose files were vacuumed.")
final class RollbackCommand extends Subcommand {
  @Mixin PipelineLake pipeline;

  @ArgGroup(multiplicity = "1")
  Target target;

  /** Which run: by its id or by its number. */
  static final class Target {
    @Option(names = "--to-run", required = true, paramLabel = "RUN_ID", description = "the run's id")
    String runId;

    @Option(names = "--to-version", required = true, paramLabel = "N",
        description = "the run's number: the version of the Delta transaction it committed")
    Long version;
  }

  @Override
  int execute() throws Exception {
    LakeLayout lake = pipeline.open();
    String runId = Rollback.rollback(lake, Optional.ofNullable(target.runId), Optional.ofNullable(target.version));
    out().println("Rolled the lake at " + lake.root() + " back to run " + runId);
    return 0;
  }
}
