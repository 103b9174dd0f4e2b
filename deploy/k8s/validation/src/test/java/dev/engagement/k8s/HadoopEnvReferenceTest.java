package dev.engagement.k8s;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.io.File;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.jar.JarFile;
import org.junit.jupiter.api.Test;

/**
 * The credentials scheme of the manifests, against the real plugin jar (flink-azure-fs-hadoop
 * 1.20.0, Hadoop 3.3.4), loaded in a class loader of its own as Flink loads a plugin.
 */
class HadoopEnvReferenceTest {
  private static final String ACCOUNT = "mylake.dfs.core.windows.net";
  private static final File PLUGIN = new File(System.getProperty("azure.plugin.jar"));

  /** What Flink's plugin loader lets through from its own class path: the logging API. */
  private static final class ParentFirst extends ClassLoader {
    ParentFirst() {
      super(ClassLoader.getPlatformClassLoader());
    }

    @Override
    protected Class<?> findClass(String name) throws ClassNotFoundException {
      if (name.startsWith("org.slf4j.")) {
        return HadoopEnvReferenceTest.class.getClassLoader().loadClass(name);
      }
      throw new ClassNotFoundException(name);
    }
  }

  @Test
  void thePluginHasNoWorkloadIdentityProvider() throws Exception {
    try (JarFile jar = new JarFile(PLUGIN)) {
      String oauth2 = "org/apache/hadoop/fs/azurebfs/oauth2/";
      assertNotNull(jar.getEntry(oauth2 + "ClientCredsTokenProvider.class"));
      assertNotNull(jar.getEntry(oauth2 + "MsiTokenProvider.class"));
      assertNull(jar.getEntry(oauth2 + "WorkloadIdentityTokenProvider.class"),
          "Hadoop 3.4.1's provider has arrived: see docs/kubernetes.md, Credentials");
    }
  }

  /**
   * The client secret in the manifests is ${env.AZURE_CLIENT_SECRET}: Flink copies fs.azure.*
   * keys verbatim into the plugin's Hadoop Configuration, and the ABFS driver reads the secret
   * with Configuration.getPassword, which expands ${env.NAME} from the process environment
   * (surefire sets AZURE_CLIENT_SECRET here, as the pod template does from the Secret).
   */
  @Test
  void theSecretReferenceResolvesFromTheEnvironment() throws Exception {
    String key = "fs.azure.account.oauth2.client.secret." + ACCOUNT;
    String value = Files.flinkConfiguration(
        Files.document("deploy/k8s/flink-deployment.yaml", "FlinkDeployment")).get(key);
    assertEquals("${env.AZURE_CLIENT_SECRET}", value);
    try (URLClassLoader plugin = new URLClassLoader(new URL[] {PLUGIN.toURI().toURL()},
        new ParentFirst())) {
      Class<?> confClass = Class.forName("org.apache.hadoop.conf.Configuration", true, plugin);
      Object conf = confClass.getConstructor(boolean.class).newInstance(false);
      confClass.getMethod("set", String.class, String.class).invoke(conf, key, value);
      char[] password = (char[]) confClass.getMethod("getPassword", String.class).invoke(conf, key);
      assertEquals(System.getenv("AZURE_CLIENT_SECRET"), new String(password));

      // And through the ABFS driver's own configuration object, the way ClientCredsTokenProvider
      // is built (AbfsConfiguration.getPasswordString of the account's key).
      Class<?> abfsConf = Class.forName("org.apache.hadoop.fs.azurebfs.AbfsConfiguration", true, plugin);
      Object abfs = abfsConf.getConstructor(confClass, String.class).newInstance(conf, ACCOUNT);
      assertEquals(System.getenv("AZURE_CLIENT_SECRET"),
          abfsConf.getMethod("getPasswordString", String.class).invoke(abfs, "fs.azure.account.oauth2.client.secret"));
    }
  }
}
