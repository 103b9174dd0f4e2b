package dev.engagement.pipeline;

import com.sun.management.OperatingSystemMXBean;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.GlobalConfiguration;
import org.apache.flink.configuration.MemorySize;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.configuration.TaskManagerOptions;
import org.apache.flink.core.fs.FileSystem;
import org.apache.flink.core.plugin.PluginUtils;
import org.apache.flink.table.api.EnvironmentSettings;
import org.apache.flink.table.api.TableEnvironment;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Flink configuration, file systems and the batch table environment of a run. */
public final class FlinkSetup {
  private static final Logger LOG = LoggerFactory.getLogger(FlinkSetup.class);

  private FlinkSetup() {}

  /** Keys that configure file systems: they may hold credentials, so they stay out of the job. */
  static boolean isFileSystemKey(String key) {
    return key.startsWith("fs.");
  }

  /** The {@code --conf} file: one {@code key: value} per line, '#' starts a comment. */
  public static Map<String, String> readConfFile(String file) throws IOException {
    Map<String, String> entries = new LinkedHashMap<>();
    if (file == null) {
      return entries;
    }
    int number = 0;
    for (String line : Files.readAllLines(Paths.get(file))) {
      number++;
      String text = line.strip();
      if (text.isEmpty() || text.startsWith("#")) {
        continue;
      }
      int colon = text.indexOf(": ");
      if (colon <= 0) {
        throw new IllegalArgumentException(
            "--conf " + file + " line " + number + ": expected 'key: value'");
      }
      entries.put(text.substring(0, colon).strip(), text.substring(colon + 2).strip());
    }
    return entries;
  }

  /**
   * Initializes Flink's file systems (with plugins such as azure-fs-hadoop) from the installation's
   * configuration ({@code FLINK_CONF_DIR}, as {@code flink run} sees it) plus the {@code --conf} file.
   */
  public static void initFileSystems(Map<String, String> confFile) {
    String confDir = System.getenv("FLINK_CONF_DIR");
    Configuration conf = confDir == null ? new Configuration() : GlobalConfiguration.loadConfiguration(confDir);
    confFile.forEach(conf::setString);
    FileSystem.initialize(conf, PluginUtils.createPluginManagerFromRootFolder(conf));
  }

  /** A batch table environment: under {@code flink run} it submits to that cluster, else embedded. */
  static TableEnvironment tableEnvironment(Configuration conf) {
    return TableEnvironment.create(
        EnvironmentSettings.newInstance().inBatchMode().withConfiguration(conf).build());
  }

  /** The run's Flink configuration: the planner's defaults, the embedded cluster's, the --conf file's. */
  static Configuration configuration(PipelineOptions options, Map<String, String> confFile) {
    Configuration conf = plannerDefaults();
    embeddedTaskManager(conf);
    conf.setString("pipeline.name", options.pipelineName());
    confFile.forEach((key, value) -> {
      if (!isFileSystemKey(key)) {
        conf.setString(key, value);
      }
    });
    if (options.webUi()) {
      int port = freePort(8081);
      conf.set(RestOptions.BIND_PORT, String.valueOf(port));
      LOG.info("Flink web UI: http://localhost:{}", port);
      System.out.println("Flink web UI (while the job runs): http://localhost:" + port);
    }
    return conf;
  }

  /**
   * The embedded MiniCluster's TaskManager (a session cluster ignores these: its TaskManagers
   * have their own): a slot per core, or the plan's parallel tasks queue for a single slot; and
   * managed memory (off the JVM heap) for the sorts and hash aggregations, which spill to disk
   * beyond it. A --conf file may set other values.
   */
  static void embeddedTaskManager(Configuration conf) {
    conf.set(TaskManagerOptions.NUM_TASK_SLOTS, Runtime.getRuntime().availableProcessors());
    conf.set(TaskManagerOptions.MANAGED_MEMORY_SIZE, managedMemory(
        ((OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getTotalMemorySize()));
  }

  /**
   * An eighth of the machine's memory, between 1 and 4 GiB: gold's final hash aggregation holds
   * every (student, course) group of its subtask, and with 1 GiB shared by a stage's operators it
   * fell back to sorting at 8M groups (docs/performance.md).
   */
  static MemorySize managedMemory(long machineBytes) {
    return new MemorySize(Math.max(MemorySize.parse("1g").getBytes(),
        Math.min(MemorySize.parse("4g").getBytes(), machineBytes / 8)));
  }

  /** Settings every table environment of the pipeline (and of its tests) plans with. */
  public static Configuration plannerDefaults() {
    Configuration conf = new Configuration();
    conf.setString("table.local-time-zone", "UTC");
    return conf;
  }

  /** {@code preferred} if it is free, else any free port. */
  private static int freePort(int preferred) {
    try (ServerSocket socket = new ServerSocket(preferred)) {
      return socket.getLocalPort();
    } catch (IOException taken) {
      try (ServerSocket socket = new ServerSocket(0)) {
        return socket.getLocalPort();
      } catch (IOException e) {
        throw new IllegalStateException("no free port for the web UI", e);
      }
    }
  }
}
