package dev.engagement.pipeline.cli;

import dev.engagement.pipeline.lake.Compaction;
import dev.engagement.pipeline.ops.Optimize;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code optimize}: compacts the small files of every table ({@link Optimize}). */
@Command(name = "optimize",
    description = "Rewrites each partition's small files into files near --target-file-size-mb, in commits that change"
        + " no row (Delta's OPTIMIZE). Takes no lock: runs go on meanwhile (docs/operations.md, \"Compaction\").")
final class OptimizeCommand extends Subcommand {
  @Mixin PipelineLake pipeline;

  @Option(names = "--target-file-size-mb", paramLabel = "N", converter = PositiveNumber.class,
      defaultValue = "" + (Compaction.DEFAULT_TARGET_BYTES >> 20),
      description = "the size of the files written; files above three quarters of it are left alone")
  int targetMb;

  @Override
  int execute() throws Exception {
    out().print(Optimize.describe(Optimize.optimize(pipeline.open(), (long) targetMb << 20)));
    return 0;
  }
}
