package dev.engagement.pipeline.azure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.apache.flink.configuration.ConfigurationUtils;
import org.apache.flink.configuration.GlobalConfiguration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AzureOAuthTest {
  private static final String SECRET = "s3cr3t-value-for-test-0123456789";
  @TempDir File dir;

  @Test
  void assemblesTheServicePrincipalKeys() {
    assertThat(AzureOAuth.keys("acct", "tenant-1", "client-1", SECRET)).containsExactly(
        Map.entry("fs.azure.account.auth.type.acct.dfs.core.windows.net", "OAuth"),
        Map.entry("fs.azure.account.oauth.provider.type.acct.dfs.core.windows.net",
            "org.apache.hadoop.fs.azurebfs.oauth2.ClientCredsTokenProvider"),
        Map.entry("fs.azure.account.oauth2.client.endpoint.acct.dfs.core.windows.net",
            "https://login.microsoftonline.com/tenant-1/oauth2/token"),
        Map.entry("fs.azure.account.oauth2.client.id.acct.dfs.core.windows.net", "client-1"),
        Map.entry("fs.azure.account.oauth2.client.secret.acct.dfs.core.windows.net", SECRET));
  }

  @Test
  void aMissingVariableIsNamed() {
    assertThatThrownBy(() -> AzureOAuth.fromEnvironment(Map.of(
        "AZURE_STORAGE_ACCOUNT", "a", "AZURE_TENANT_ID", "t", "AZURE_CLIENT_ID", "c")))
        .hasMessage("environment variable AZURE_CLIENT_SECRET is not set");
  }

  @Test
  void theSecretIsRedactedWhereverFlinkShowsConfiguration() {
    Map<String, String> keys = AzureOAuth.keys("acct", "t", "c", SECRET);
    // Flink hides sensitive keys in its logs, the web UI and the REST API's configuration views.
    assertThat(GlobalConfiguration.isSensitive("fs.azure.account.oauth2.client.secret.acct.dfs.core.windows.net")).isTrue();
    assertThat(ConfigurationUtils.hideSensitiveValues(keys).toString()).doesNotContain(SECRET);
  }

  @Test
  void writesAConfigurationFolderOnlyItsOwnerCanRead() throws Exception {
    File base = new File(dir, "base");
    base.mkdirs();
    Files.writeString(new File(base, "config.yaml").toPath(), "rest.port: 8081\n");
    Files.writeString(new File(base, "logback.xml").toPath(), "<configuration/>\n");
    File out = AzureOAuth.write(base.toPath(), new File(dir, "out").toPath(),
        AzureOAuth.keys("acct", "t", "c", SECRET)).toFile();
    String config = Files.readString(new File(out, "config.yaml").toPath());
    assertThat(config).startsWith("rest.port: 8081\n")
        .contains("fs.azure.account.oauth2.client.secret.acct.dfs.core.windows.net: " + SECRET);
    assertThat(new File(out, "logback.xml")).exists();
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(out.toPath()))).isEqualTo("rwx------");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(new File(out, "config.yaml").toPath())))
        .isEqualTo("rw-------");
  }
}
