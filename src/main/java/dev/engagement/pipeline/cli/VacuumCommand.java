package dev.engagement.pipeline.cli;

import dev.engagement.pipeline.commit.PipelineLock;
import dev.engagement.pipeline.commit.RunTransaction;
import dev.engagement.pipeline.lake.LakeLayout;
import dev.engagement.pipeline.lake.LakeTable;
import dev.engagement.pipeline.lake.Vacuum;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * {@code vacuum}: the vacuum a successful run does at most once a day, now. It holds the
 * pipeline's lock, so that no run commits meanwhile, and first completes a cut-off commit, as a
 * run would, so that it vacuums the lake as committed.
 */
@Command(name = "vacuum",
    description = "Deletes the files of every table that no version of the last --keep-versions-days needs.")
final class VacuumCommand extends Subcommand {
  @Mixin PipelineLake pipeline;

  @Mixin KeepVersionsOption keepVersions;

  @Override
  int execute() throws Exception {
    LakeLayout lake = pipeline.open();
    Map<LakeTable, Integer> deleted;
    try (PipelineLock lock = PipelineLock.acquire(lake, "vacuum-" + Instant.now().toEpochMilli(), Duration.ofSeconds(120))) {
      RunTransaction.recover(lake);
      deleted = Vacuum.now(lake, keepVersions.duration());
    }
    deleted.forEach((table, files) -> out().println(table.path() + ": " + files + " files deleted"));
    return 0;
  }
}
