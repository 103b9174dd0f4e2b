package dev.engagement.pipeline.cli;

import dev.engagement.pipeline.FlinkSetup;
import java.io.IOException;
import java.util.Map;
import org.apache.flink.core.fs.Path;
import picocli.CommandLine.Option;

/** The lake a command works on, and the configuration of the file systems that reach it. */
final class LakeOption {
  @Option(names = "--lake", required = true, paramLabel = "URI", converter = Location.class,
      description = "root folder of the lake (file://, abfss://, ... or a local path)")
  Path root;

  @Option(names = "--conf", paramLabel = "FILE",
      description = "Flink configuration added to FLINK_CONF_DIR's, one 'key: value' per line; fs.* keys (a storage"
          + " account's credentials) configure only the file systems and never reach a job's configuration")
  String conf;

  /** Initializes Flink's file systems, which reach the lake, from FLINK_CONF_DIR and --conf. */
  Map<String, String> initFileSystems() throws IOException {
    Map<String, String> confFile = FlinkSetup.readConfFile(conf);
    FlinkSetup.initFileSystems(confFile);
    return confFile;
  }
}
