package dev.engagement.pipeline;

import dev.engagement.pipeline.commit.JobOutput;
import dev.engagement.pipeline.commit.RunFiles;
import dev.engagement.pipeline.gold.Gold;
import dev.engagement.pipeline.lake.LakeLayout;
import java.util.List;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.table.api.TableEnvironment;

/**
 * The report tables derived again from gold's files, by the run's own queries
 * ({@link MedallionJob#reports}): one Flink job that writes them under the final names of
 * {@code runId}'s files, for a commit to add (an erase).
 */
public final class ReportsJob {
  private ReportsJob() {}

  public static JobOutput run(LakeLayout lake, List<String> goldFiles, String runId) throws Exception {
    Configuration conf = FlinkSetup.plannerDefaults();
    FlinkSetup.embeddedTaskManager(conf);
    conf.setString("pipeline.name", lake.pipelineName() + " " + runId);
    try (EmbeddedCluster cluster = EmbeddedCluster.startUnlessOnACluster(conf)) {
      TableEnvironment tEnv = FlinkSetup.tableEnvironment(conf);
      JobClient job = MedallionJob.insertInto(tEnv.createStatementSet(),
              MedallionJob.reports(tEnv, Gold.committed(tEnv, goldFiles)), lake::table, RunFiles.prefix(runId))
          .execute().getJobClient().orElseThrow();
      return JobOutput.await(job);
    }
  }
}
