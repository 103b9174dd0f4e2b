package dev.engagement.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.file.Files;
import java.util.HashMap;
import java.util.Map;
import org.apache.flink.configuration.MemorySize;
import org.apache.flink.table.api.TableEnvironment;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FlinkSetupTest {
  @TempDir File dir;

  @Test
  void fileSystemKeysNeverReachTheJobsConfiguration() throws Exception {
    File conf = new File(dir, "extra.yaml");
    Files.writeString(conf.toPath(), """
        # a comment
        parallelism.default: 2
        fs.azure.account.oauth2.client.secret.acct.dfs.core.windows.net: s3cr3t-value-for-test
        """);
    Map<String, String> entries = FlinkSetup.readConfFile(conf.getPath());
    assertThat(entries).containsKeys("parallelism.default",
        "fs.azure.account.oauth2.client.secret.acct.dfs.core.windows.net");

    TableEnvironment tEnv = FlinkSetup.tableEnvironment(FlinkSetup.configuration(
        PipelineOptions.parse("--bronze", "b", "--lake", "l", "--conf", conf.getPath()), entries));
    Map<String, String> job = new HashMap<>(tEnv.getConfig().getConfiguration().toMap());
    job.putAll(tEnv.getConfig().getRootConfiguration().toMap());
    assertThat(job).containsEntry("parallelism.default", "2").containsEntry("pipeline.name", "StudentEngagement");
    assertThat(job.keySet()).noneMatch(k -> k.startsWith("fs."));
    assertThat(job.values()).noneMatch(v -> v.contains("s3cr3t"));
  }

  @Test
  void managedMemoryIsAnEighthOfTheMachineBetweenOneAndFourGiB() {
    assertThat(FlinkSetup.managedMemory(MemorySize.parse("24g").getBytes())).isEqualTo(MemorySize.parse("3g"));
    assertThat(FlinkSetup.managedMemory(MemorySize.parse("4g").getBytes())).isEqualTo(MemorySize.parse("1g"));
    assertThat(FlinkSetup.managedMemory(MemorySize.parse("256g").getBytes())).isEqualTo(MemorySize.parse("4g"));
  }

  @Test
  void aMalformedConfLineIsNamed() throws Exception {
    File conf = new File(dir, "bad.yaml");
    Files.writeString(conf.toPath(), "parallelism.default=2\n");
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> FlinkSetup.readConfFile(conf.getPath()))
        .hasMessage("--conf " + conf.getPath() + " line 1: expected 'key: value'");
  }
}
