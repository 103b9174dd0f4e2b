package dev.engagement.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.engagement.pipeline.azure.AzureOAuth;
import java.util.HashMap;
import java.util.Map;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.fs.FileSystem;
import org.apache.flink.core.fs.Path;
import org.apache.flink.core.plugin.PluginUtils;
import org.apache.flink.util.ExceptionUtils;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * abfss:// with the OAuth keys through the real azure-fs-hadoop plugin (target/plugins). Azurite
 * has no DFS endpoint and this machine no Azure account, so the plugin cannot finish: these
 * tests show that it gets as far as asking the tenant's token endpoint with the configured
 * provider, and that no failure message carries the secret.
 */
class AbfsConfigurationIT {
  private static final String SECRET = "s3cr3t-value-for-test-0123456789";

  @AfterEach
  void resetFileSystems() {
    FileSystem.initialize(new Configuration(), null);
  }

  @Test
  void theConfiguredTokenProviderIsLoadedAndAsksTheTenantForAToken() {
    Throwable failure = access(AzureOAuth.keys("acct", "tenant-xyz", "client-1", SECRET));
    String chain = ExceptionUtils.stringifyException(failure);
    assertThat(chain).contains("https://login.microsoftonline.com/tenant-xyz/oauth2/token")
        .doesNotContain("Unable to load", "ClassNotFoundException")
        .doesNotContain(SECRET);
  }

  /** The relocated name FLINK-32122 documents is not in the 1.20.0 plugin, which relocates only Hadoop's dependencies. */
  @Test
  void theRelocatedProviderNameIsNotInThisPluginVersion() {
    Map<String, String> keys = new HashMap<>(AzureOAuth.keys("acct", "tenant-xyz", "client-1", SECRET));
    keys.put("fs.azure.account.oauth.provider.type.acct.dfs.core.windows.net",
        "org.apache.flink.fs.shaded.hadoop3.org.apache.hadoop.fs.azurebfs.oauth2.ClientCredsTokenProvider");
    String chain = ExceptionUtils.stringifyException(access(keys));
    assertThat(chain).contains("Unable to load OAuth token provider class", "ClassNotFoundException")
        .doesNotContain(SECRET);
  }

  private static Throwable access(Map<String, String> keys) {
    Configuration conf = new Configuration();
    keys.forEach(conf::setString);
    // Fail fast: no retries of the token fetch or of storage calls.
    conf.setString("fs.azure.oauth.token.fetch.retry.max.retries", "0");
    conf.setString("fs.azure.io.retry.max.retries", "0");
    FileSystem.initialize(conf, PluginUtils.createPluginManagerFromRootFolder(conf));
    Throwable failure = catchThrowable(() ->
        new Path("abfss://lake@acct.dfs.core.windows.net/bronze").getFileSystem().exists(
            new Path("abfss://lake@acct.dfs.core.windows.net/bronze")));
    assertThat(failure).as("abfss:// cannot be reached from here").isNotNull();
    return failure;
  }
}
