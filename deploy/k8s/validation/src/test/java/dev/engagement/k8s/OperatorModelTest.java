package dev.engagement.k8s;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import java.util.Optional;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.kubernetes.operator.api.FlinkDeployment;
import org.apache.flink.kubernetes.operator.api.FlinkSessionJob;
import org.apache.flink.kubernetes.operator.api.spec.FlinkVersion;
import org.apache.flink.kubernetes.operator.api.spec.KubernetesDeploymentMode;
import org.apache.flink.kubernetes.operator.api.spec.UpgradeMode;
import org.apache.flink.kubernetes.operator.config.FlinkConfigManager;
import org.apache.flink.kubernetes.operator.validation.DefaultValidator;
import org.junit.jupiter.api.Test;

/**
 * The manifests parsed into the operator's own model (flink-kubernetes-operator-api 1.10.0,
 * unknown fields failing) and judged by its admission rules (DefaultValidator of
 * flink-kubernetes-operator 1.7.0, with the operator's default configuration).
 */
class OperatorModelTest {
  private static final DefaultValidator VALIDATOR =
      new DefaultValidator(new FlinkConfigManager(new Configuration()));

  private static FlinkDeployment application() {
    return Files.as(Files.document("deploy/k8s/flink-deployment.yaml", "FlinkDeployment"), FlinkDeployment.class);
  }

  @Test
  void theApplicationDeploymentIsAValidApplicationModeBatchJob() {
    FlinkDeployment d = application();
    assertEquals(Optional.empty(), VALIDATOR.validateDeployment(d));
    assertEquals(FlinkVersion.v1_20, d.getSpec().getFlinkVersion());
    assertTrue(d.getSpec().getMode() == null || d.getSpec().getMode() == KubernetesDeploymentMode.NATIVE);
    assertEquals(UpgradeMode.STATELESS, d.getSpec().getJob().getUpgradeMode());
    assertEquals("dev.engagement.pipeline.Pipeline", d.getSpec().getJob().getEntryClass());
    assertEquals("BATCH", d.getSpec().getFlinkConfiguration().get("execution.runtime-mode"));
    assertEquals("AdaptiveBatch", d.getSpec().getFlinkConfiguration().get("jobmanager.scheduler"));
    assertEquals("THROW", d.getSpec().getFlinkConfiguration().get("cluster.intercept-user-system-exit"));
    assertEquals(0L, d.getSpec().getRestartNonce());
  }

  @Test
  void theValidatorIsLive() {
    // The same manifest with a rule broken is rejected: the check above is not vacuous.
    ObjectNode node = Files.document("deploy/k8s/flink-deployment.yaml", "FlinkDeployment").deepCopy();
    ((ObjectNode) node.path("spec")).remove("serviceAccount");
    assertTrue(VALIDATOR.validateDeployment(Files.as(node, FlinkDeployment.class)).orElseThrow()
        .contains("serviceAccount"));
    node = Files.document("deploy/k8s/flink-deployment.yaml", "FlinkDeployment").deepCopy();
    ((ObjectNode) node.path("spec").path("jobManager").path("resource")).remove("memory");
    assertTrue(VALIDATOR.validateDeployment(Files.as(node, FlinkDeployment.class)).isPresent());
    node = Files.document("deploy/k8s/flink-deployment.yaml", "FlinkDeployment").deepCopy();
    ((ObjectNode) node.path("spec").path("job")).put("upgradeMode", "savepoint");
    assertTrue(VALIDATOR.validateDeployment(Files.as(node, FlinkDeployment.class)).isPresent(),
        "savepoint upgrades need a checkpoint directory, which a batch job has not");
  }

  @Test
  void theSessionJobIsValidOnItsSessionCluster() {
    FlinkDeployment session = Files.as(
        Files.document("deploy/k8s/flink-session-job.yaml", "FlinkDeployment"), FlinkDeployment.class);
    FlinkSessionJob job = Files.as(
        Files.document("deploy/k8s/flink-session-job.yaml", "FlinkSessionJob"), FlinkSessionJob.class);
    assertEquals(Optional.empty(), VALIDATOR.validateDeployment(session));
    assertEquals(null, session.getSpec().getJob(), "a session cluster has no job of its own");
    assertEquals(session.getMetadata().getName(), job.getSpec().getDeploymentName());
    assertEquals(Optional.empty(), VALIDATOR.validateSessionJob(job, Optional.of(session)));
    String jar = job.getSpec().getJob().getJarURI();
    assertTrue(jar.startsWith("https://") || jar.startsWith("abfss://"),
        "the operator fetches a session job's jar itself: " + jar);
    assertTrue(!jar.contains("?"), "no query string (a SAS token) in the jar's URL");
    // On an application cluster a session job is refused.
    assertTrue(VALIDATOR.validateSessionJob(job, Optional.of(application())).isPresent());
  }

  @Test
  void theNightlyCronJobMayPatchExactlyTheDeployment() {
    String file = "deploy/k8s/nightly-cronjob.yaml";
    String name = application().getMetadata().getName();
    CronJob cron = Files.as(Files.document(file, "CronJob"), CronJob.class);
    Role role = Files.as(Files.document(file, "Role"), Role.class);
    RoleBinding binding = Files.as(Files.document(file, "RoleBinding"), RoleBinding.class);
    ServiceAccount account = Files.as(Files.document(file, "ServiceAccount"), ServiceAccount.class);

    assertEquals("Forbid", cron.getSpec().getConcurrencyPolicy());
    assertTrue(cron.getSpec().getSchedule().split(" ").length == 5);
    var pod = cron.getSpec().getJobTemplate().getSpec().getTemplate().getSpec();
    assertEquals(account.getMetadata().getName(), pod.getServiceAccountName());
    String script = String.join("\n", pod.getContainers().get(0).getArgs());
    assertTrue(script.contains("kubectl patch flinkdeployment " + name), script);
    assertTrue(script.contains("restartNonce"), script);
    assertTrue(script.contains("RUNNING"), "a running run is not restarted: " + script);

    var rule = role.getRules().get(0);
    assertEquals(java.util.List.of("flink.apache.org"), rule.getApiGroups());
    assertEquals(java.util.List.of("flinkdeployments"), rule.getResources());
    assertEquals(java.util.List.of(name), rule.getResourceNames());
    assertEquals(java.util.Set.of("get", "patch"), java.util.Set.copyOf(rule.getVerbs()));
    assertEquals(role.getMetadata().getName(), binding.getRoleRef().getName());
    assertEquals(account.getMetadata().getName(), binding.getSubjects().get(0).getName());
  }
}
