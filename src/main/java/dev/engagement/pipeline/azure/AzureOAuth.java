package dev.engagement.pipeline.azure;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The Flink configuration that lets the azure-fs-hadoop plugin reach an ADLS Gen2 account
 * (abfss://) as a service principal with OAuth client credentials. The secret is taken from the
 * environment when the runtime configuration is written, never from the repository.
 *
 * <p>{@code deploy/azure-conf.sh} runs {@link #main}: it copies {@code flink-conf/} to a
 * configuration folder of its own (mode 700, config.yaml mode 600) and appends these keys.
 */
public final class AzureOAuth {
  /**
   * The token provider as flink-azure-fs-hadoop 1.20.0 contains it: that plugin relocates only
   * Hadoop's third-party libraries, not Hadoop itself, so the provider keeps its Hadoop name.
   * (FLINK-32122 documents an {@code org.apache.flink.fs.shaded.hadoop3.} prefix, which this
   * plugin version does not load: AbfsConfigurationIT checks both against the real plugin.)
   */
  public static final String TOKEN_PROVIDER = "org.apache.hadoop.fs.azurebfs.oauth2.ClientCredsTokenProvider";

  static final String ACCOUNT = "AZURE_STORAGE_ACCOUNT";
  static final String TENANT = "AZURE_TENANT_ID";
  static final String CLIENT_ID = "AZURE_CLIENT_ID";
  static final String CLIENT_SECRET = "AZURE_CLIENT_SECRET";

  private AzureOAuth() {}

  /** The keys for one storage account ({@code <account>.dfs.core.windows.net}). */
  public static Map<String, String> keys(String account, String tenantId, String clientId, String clientSecret) {
    String host = account + ".dfs.core.windows.net";
    Map<String, String> keys = new LinkedHashMap<>();
    keys.put("fs.azure.account.auth.type." + host, "OAuth");
    keys.put("fs.azure.account.oauth.provider.type." + host, TOKEN_PROVIDER);
    keys.put("fs.azure.account.oauth2.client.endpoint." + host,
        "https://login.microsoftonline.com/" + tenantId + "/oauth2/token");
    keys.put("fs.azure.account.oauth2.client.id." + host, clientId);
    keys.put("fs.azure.account.oauth2.client.secret." + host, clientSecret);
    return keys;
  }

  /** The keys from AZURE_STORAGE_ACCOUNT, AZURE_TENANT_ID, AZURE_CLIENT_ID, AZURE_CLIENT_SECRET. */
  public static Map<String, String> fromEnvironment(Map<String, String> env) {
    return keys(required(env, ACCOUNT), required(env, TENANT), required(env, CLIENT_ID), required(env, CLIENT_SECRET));
  }

  private static String required(Map<String, String> env, String name) {
    String value = env.get(name);
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException("environment variable " + name + " is not set");
    }
    return value;
  }

  /** Usage: AzureOAuth BASE_CONF_DIR OUT_CONF_DIR */
  public static void main(String[] args) throws IOException {
    if (args.length != 2) {
      System.err.println("usage: AzureOAuth BASE_CONF_DIR OUT_CONF_DIR");
      System.exit(2);
    }
    try {
      Path out = write(Paths.get(args[0]), Paths.get(args[1]), fromEnvironment(System.getenv()));
      System.out.println("wrote " + out + "/config.yaml with OAuth client credentials for account "
          + System.getenv(ACCOUNT) + " (the client secret from " + CLIENT_SECRET + " is not shown)");
    } catch (IllegalArgumentException e) {
      System.err.println("error: " + e.getMessage());
      System.exit(2);
    }
  }

  /** Copies {@code base} to {@code out} and appends {@code keys} to its config.yaml, readable by the owner only. */
  static Path write(Path base, Path out, Map<String, String> keys) throws IOException {
    Files.createDirectories(out);
    Files.setPosixFilePermissions(out, PosixFilePermissions.fromString("rwx------"));
    try (Stream<Path> files = Files.list(base)) {
      for (Path file : files.filter(Files::isRegularFile).toList()) {
        Files.copy(file, out.resolve(file.getFileName()), StandardCopyOption.REPLACE_EXISTING);
      }
    }
    Path config = out.resolve("config.yaml");
    StringBuilder text = new StringBuilder(Files.readString(config))
        .append("\n# ADLS Gen2 with OAuth client credentials, written by deploy/azure-conf.sh\n");
    keys.forEach((key, value) -> text.append(key).append(": ").append(value).append('\n'));
    Files.writeString(config, text);
    Files.setPosixFilePermissions(config, PosixFilePermissions.fromString("rw-------"));
    return out;
  }
}
