package dev.engagement.pipeline.cli;

import dev.engagement.pipeline.lake.LakeLayout;
import dev.engagement.pipeline.ops.PipelineStatus;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code status}: the runs in progress, the last runs and the latest errors of every pipeline of a lake. */
@Command(name = "status",
    description = "The runs in progress, the last runs and the latest error records of a lake, from its run log.")
final class StatusCommand extends Subcommand {
  @Mixin LakeOption lake;

  @Option(names = "--runs", paramLabel = "N", defaultValue = "10", converter = PositiveNumber.class,
      description = "how many of the last runs to show")
  int runs;

  @Option(names = "--errors", paramLabel = "N", defaultValue = "10", converter = PositiveNumber.class,
      description = "how many of the latest error records to show")
  int errors;

  @Option(names = "--json", description = "print JSON instead of tables")
  boolean json;

  @Override
  int execute() throws Exception {
    lake.initFileSystems();
    PipelineStatus.print(new LakeLayout(lake.root, "-"), runs, errors, json, out());
    return 0;
  }
}
