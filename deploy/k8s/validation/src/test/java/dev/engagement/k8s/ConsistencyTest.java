package dev.engagement.k8s;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The manifests against the Dockerfile, the docs, the local cluster and the pipeline's options. */
class ConsistencyTest {
  private static final String DOCKERFILE = Files.read("deploy/k8s/Dockerfile");
  private static final String DOCS = Files.read("docs/kubernetes.md");
  private static final JsonNode APP = Files.document("deploy/k8s/flink-deployment.yaml", "FlinkDeployment");
  private static final JsonNode SESSION_JOB = Files.document("deploy/k8s/flink-session-job.yaml", "FlinkSessionJob");

  private static final String CLI = "src/main/java/dev/engagement/pipeline/cli/";
  private static final Pattern OPTION = Pattern.compile("names = \\{?(?:\"-[a-z]\", )?\"--([a-z][a-z-]*)\"");
  private static final Pattern MIXIN = Pattern.compile("@Mixin\\s+(\\w+)");

  /** The option names of the run command, read from its source and that of the class every command extends. */
  static Set<String> pipelineOptions() {
    Set<String> names = new LinkedHashSet<>();
    addOptionNames("RunCommand", names);
    addOptionNames("Subcommand", names);
    return names;
  }

  /** The names of the @Option annotations of a class of cli/ and of the mixins it uses. */
  private static void addOptionNames(String className, Set<String> names) {
    String source = Files.read(CLI + className + ".java");
    Matcher option = OPTION.matcher(source);
    while (option.find()) {
      names.add(option.group(1));
    }
    Matcher mixin = MIXIN.matcher(source);
    while (mixin.find()) {
      addOptionNames(mixin.group(1), names);
    }
  }

  @Test
  void theRunOptionsAreReadAsExpected() {
    Set<String> names = pipelineOptions();
    assertTrue(names.containsAll(List.of("bronze", "lake", "mode", "pipeline-name", "conf", "report",
        "keep-versions-days", "help")), names.toString());
    assertTrue(names.size() >= 20, "the run command's option names were found: " + names);
  }

  private static void checkArgs(JsonNode resource) {
    List<String> args = new ArrayList<>();
    resource.path("spec").path("job").path("args").forEach(a -> args.add(a.asText()));
    Set<String> known = pipelineOptions();
    assertEquals(0, args.size() % 2, "--name value pairs: " + args);
    Map<String, String> values = new java.util.LinkedHashMap<>();
    for (int i = 0; i < args.size(); i += 2) {
      assertTrue(args.get(i).startsWith("--"), args.get(i));
      String name = args.get(i).substring(2);
      assertTrue(known.contains(name), "the run command has no --" + name);
      assertTrue(!args.get(i + 1).startsWith("--"), "--" + name + " needs a value");
      values.put(name, args.get(i + 1));
    }
    assertTrue(values.get("bronze").startsWith("abfss://"), values.toString());
    assertTrue(values.get("lake").startsWith("abfss://"), values.toString());
    assertEquals("incremental", values.get("mode"));
    assertTrue(values.get("pipeline-name").matches("[A-Za-z0-9][A-Za-z0-9_-]*"));
    if (values.containsKey("report")) {
      assertTrue(Set.of("true", "false").contains(values.get("report")));
    }
    assertEquals("dev.engagement.pipeline.Pipeline", resource.path("spec").path("job").path("entryClass").asText());
    assertTrue(Files.ROOT.resolve("src/main/java/dev/engagement/pipeline/Pipeline.java").toFile().isFile());
  }

  @Test
  void theJobArgumentsAreOptionsThePipelineAccepts() {
    checkArgs(APP);
    checkArgs(SESSION_JOB);
  }

  @Test
  void theJarUriIsWhereTheDockerfileCopiesTheJar() {
    Matcher copy = Pattern.compile("(?m)^COPY .*\\$\\{JOB_JAR} (/opt/flink/usrlib/\\S+\\.jar)$").matcher(DOCKERFILE);
    assertTrue(copy.find(), "the Dockerfile copies the job jar into /opt/flink/usrlib/");
    String jarUri = APP.path("spec").path("job").path("jarURI").asText();
    assertEquals("local://" + copy.group(1), jarUri);
    assertTrue(DOCKERFILE.contains("ARG JOB_JAR=target/student-engagement-pipeline-"));
    assertTrue(DOCS.contains(jarUri), "docs/kubernetes.md names " + jarUri);
  }

  @Test
  void theAzurePluginIsInItsOwnPluginFolder() {
    assertTrue(DOCKERFILE.contains("mkdir -p /opt/flink/plugins/azure-fs-hadoop"));
    assertTrue(Pattern.compile("cp /opt/flink/opt/flink-azure-fs-hadoop-1\\.20\\.\\S*\\.jar /opt/flink/plugins/azure-fs-hadoop/")
        .matcher(DOCKERFILE).find());
    assertTrue(DOCS.contains("/opt/flink/plugins/azure-fs-hadoop/"));
    // The provider class that the plugin really has (README, "Run against ADLS").
    assertEquals("org.apache.hadoop.fs.azurebfs.oauth2.ClientCredsTokenProvider",
        Files.flinkConfiguration(APP).get("fs.azure.account.oauth.provider.type.mylake.dfs.core.windows.net"));
  }

  @Test
  void theImageIsTheOneTheDocsBuild() {
    String image = APP.path("spec").path("image").asText();
    assertTrue(image.endsWith("/student-engagement-pipeline:<tag>"), image);
    assertTrue(DOCS.contains("student-engagement-pipeline:<tag>"));
    assertTrue(DOCKERFILE.contains("ARG FLINK_IMAGE=flink:1.20-java17"));
    assertEquals("v1_20", APP.path("spec").path("flinkVersion").asText());
    assertEquals(image, Files.document("deploy/k8s/flink-session-job.yaml", "FlinkDeployment").path("spec").path("image").asText());
  }

  @Test
  void loggingIsLogbackAsOnTheLocalCluster() {
    String logback = Files.read("deploy/k8s/logback-console.xml");
    assertEquals(logback, APP.path("spec").path("logConfiguration").path("logback-console.xml").asText(),
        "spec.logConfiguration carries deploy/k8s/logback-console.xml verbatim");
    assertTrue(DOCKERFILE.contains("COPY --chown=flink:flink deploy/k8s/logback-console.xml /opt/flink/conf/logback-console.xml"));
    assertTrue(DOCKERFILE.contains("rm -f /opt/flink/lib/log4j-*.jar"));
    String clusterPom = Files.read("deploy/cluster/pom.xml");
    for (String artifact : List.of("slf4j-api", "logback-classic", "log4j-over-slf4j")) {
      assertTrue(clusterPom.contains("<artifactId>" + artifact + "</artifactId>"), artifact);
      assertTrue(DOCKERFILE.contains("target/flink-cluster/lib/" + artifact + "-*.jar"), artifact);
    }
    assertTrue(DOCKERFILE.contains("target/flink-cluster/lib/logback-core-*.jar"));
    String ignore = Files.read("deploy/k8s/Dockerfile.dockerignore");
    Matcher copies = Pattern.compile("(target/\\S+\\.jar|deploy/k8s/\\S+\\.xml)").matcher(DOCKERFILE);
    while (copies.find()) {
      assertTrue(ignore.contains("!" + copies.group(1)) || copies.group(1).startsWith("target/student"),
          "the build context keeps " + copies.group(1));
    }
  }

  @Test
  void theFlinkConfigurationMatchesTheLocalCluster() {
    Map<String, String> conf = Files.flinkConfiguration(APP);
    assertEquals(Files.read("flink-conf/java17-opens.txt").strip(), conf.get("env.java.opts.all"));
    String local = Files.read("flink-conf/config.yaml");
    for (String key : List.of("execution.runtime-mode", "jobmanager.scheduler",
        "execution.batch.adaptive.auto-parallelism.enabled", "taskmanager.numberOfTaskSlots",
        "taskmanager.network.sort-shuffle.min-buffers", "jobmanager.execution.failover-strategy")) {
      Matcher m = Pattern.compile("(?m)^" + Pattern.quote(key) + ": (.+)$").matcher(local);
      assertTrue(m.find(), key);
      assertEquals(m.group(1).strip(), conf.get(key), key);
    }
  }

  @Test
  void theDocsCoverWhatTheManifestsRelyOn() {
    for (String needle : List.of("1.15.0", "restartNonce", "cluster.intercept-user-system-exit",
        "WorkloadIdentityTokenProvider", "lake-oauth", "application mode", "deploy/k8s/validation")) {
      assertTrue(DOCS.contains(needle), "docs/kubernetes.md mentions " + needle);
    }
  }
}
