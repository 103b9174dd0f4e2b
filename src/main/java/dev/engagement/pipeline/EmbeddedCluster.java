package dev.engagement.pipeline;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.flink.client.deployment.executors.LocalExecutor;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.DeploymentOptions;
import org.apache.flink.configuration.HeartbeatManagerOptions;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.configuration.TaskManagerOptions;
import org.apache.flink.core.execution.PipelineExecutor;
import org.apache.flink.core.execution.PipelineExecutorFactory;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.runtime.minicluster.MiniClusterConfiguration;
import org.apache.flink.runtime.minicluster.RpcServiceSharing;
import org.apache.flink.streaming.api.environment.LocalStreamEnvironment;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * The embedded MiniCluster of a run outside a Flink cluster, started in the background as soon as
 * the run's configuration is known. Flink's local executor starts it only when the job is
 * submitted, after bronze's footers are read and the plan is optimized; started here, its
 * start-up (RPC, REST, TaskManager: over a second) overlaps that work instead of following it.
 * The job reaches it through {@code execution.target: embedded}; the job's end shuts it down, as
 * the local executor's would, and {@link #close()} does when no job ran.
 */
public final class EmbeddedCluster implements AutoCloseable {
  public static final String TARGET = "embedded";

  /** The cluster the next submitted job takes; Flink instantiates the executor factory itself. */
  private static final AtomicReference<Started> NEXT = new AtomicReference<>();

  private final Started cluster;

  private EmbeddedCluster(Started cluster) {
    this.cluster = cluster;
  }

  /**
   * Starts the cluster in the background and points {@code conf} at it, unless the run is under
   * {@code flink run}, whose context submits to that cluster; then it does nothing.
   */
  static EmbeddedCluster startUnlessOnACluster(Configuration conf) {
    if (!(StreamExecutionEnvironment.getExecutionEnvironment() instanceof LocalStreamEnvironment)) {
      return new EmbeddedCluster(null);
    }
    Configuration clusterConf = new Configuration(conf);
    if (!clusterConf.contains(RestOptions.BIND_PORT)) {
      clusterConf.set(RestOptions.BIND_PORT, "0");
    }
    if (!clusterConf.contains(HeartbeatManagerOptions.HEARTBEAT_INTERVAL)) {
      // A running job's accumulators reach its client with the TaskManager's heartbeats: every
      // second instead of ten, for the progress line.
      clusterConf.set(HeartbeatManagerOptions.HEARTBEAT_INTERVAL, Duration.ofSeconds(1));
    }
    Started cluster = new Started(new MiniClusterConfiguration.Builder()
        .setConfiguration(clusterConf)
        .setNumTaskManagers(1)
        .setNumSlotsPerTaskManager(clusterConf.get(TaskManagerOptions.NUM_TASK_SLOTS))
        .setRpcServiceSharing(RpcServiceSharing.SHARED)
        .build());
    NEXT.set(cluster);
    conf.set(DeploymentOptions.TARGET, TARGET);
    return new EmbeddedCluster(cluster);
  }

  /**
   * Whether this is Flink's application mode: main runs inside the JobManager (as the Kubernetes
   * operator and the official image run a job), whose entry point sets {@code execution.target:
   * embedded} for its own executor.
   */
  static boolean inApplicationMode() {
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
    return !(env instanceof LocalStreamEnvironment)
        && "embedded".equals(env.getConfiguration().get(DeploymentOptions.TARGET));
  }

  /** Shuts the cluster down if no job took it (a job's end shuts down the one it took). */
  @Override
  public void close() {
    if (cluster != null && NEXT.compareAndSet(cluster, null)) {
      cluster.closeWhenStarted();
    }
  }

  /** A MiniCluster that starts on construction; the executor's start() waits for that start. */
  private static final class Started extends MiniCluster {
    private final CompletableFuture<Void> started = new CompletableFuture<>();

    Started(MiniClusterConfiguration configuration) {
      super(configuration);
      Thread starter = new Thread(() -> {
        try {
          super.start();
          started.complete(null);
        } catch (Throwable e) {
          started.completeExceptionally(e);
        }
      }, "embedded-cluster-start");
      starter.setDaemon(true);
      starter.start();
    }

    @Override
    public void start() throws Exception {
      try {
        started.get();
      } catch (ExecutionException e) {
        throw e.getCause() instanceof Exception cause ? cause : new Exception(e.getCause());
      }
    }

    void closeWhenStarted() {
      started.whenComplete((ok, failed) -> closeAsync());
    }
  }

  /** The executor of {@code execution.target: embedded}: Flink's local one, on the started cluster. */
  public static final class ExecutorFactory implements PipelineExecutorFactory {
    @Override
    public String getName() {
      return TARGET;
    }

    @Override
    public boolean isCompatibleWith(Configuration conf) {
      return TARGET.equalsIgnoreCase(conf.get(DeploymentOptions.TARGET));
    }

    @Override
    public PipelineExecutor getExecutor(Configuration conf) {
      return LocalExecutor.createWithFactory(conf, ignored -> {
        Started cluster = NEXT.getAndSet(null);
        if (cluster == null) {
          throw new IllegalStateException("no embedded Flink cluster was started for this job");
        }
        return cluster;
      });
    }
  }
}
