package dev.engagement.k8s;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.File;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** No manifest under deploy/k8s/ holds a secret value. */
class SecretsTest {
  /** Names of things that hold credentials. */
  private static final Pattern SECRET_NAME = Pattern.compile("(?i).*(secret|password|passwd|token|credential|sas|\\.key\\.|accountkey|access.?key|client.?key).*");
  /** A value that may stand in for a secret: a reference to the environment. */
  private static final Pattern REFERENCE = Pattern.compile("\\$\\{env\\.[A-Z_][A-Z0-9_]*}");
  /** Long opaque strings: account keys, SAS signatures, client secrets. */
  private static final Pattern OPAQUE = Pattern.compile(".*([A-Za-z0-9+/]{40,}={0,2}|[?&]sig=|[?&]sv=20).*");

  static List<String> findings(JsonNode node, String path) {
    List<String> out = new ArrayList<>();
    if (node.isObject()) {
      // A Kubernetes env entry {name, value}: the value is literal.
      if (node.has("name") && node.has("value") && SECRET_NAME.matcher(node.path("name").asText()).matches()) {
        out.add(path + ": env " + node.path("name").asText() + " has a literal value (use valueFrom.secretKeyRef)");
      }
      Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
      while (fields.hasNext()) {
        var f = fields.next();
        String key = f.getKey();
        JsonNode value = f.getValue();
        if (value.isValueNode() && SECRET_NAME.matcher(key).matches() && !key.equals("secretKeyRef")
            && !REFERENCE.matcher(value.asText()).matches()) {
          out.add(path + "." + key + ": a literal value");
        }
        out.addAll(findings(value, path + "." + key));
      }
    } else if (node.isArray()) {
      for (int i = 0; i < node.size(); i++) {
        out.addAll(findings(node.get(i), path + "[" + i + "]"));
      }
    } else if (node.isTextual() && !path.endsWith("env.java.opts.all") && !path.contains("logConfiguration")
        && OPAQUE.matcher(node.asText()).matches()) {
      out.add(path + ": looks like a key or token");
    }
    return out;
  }

  @Test
  void noManifestHasASecretValue() {
    List<String> found = new ArrayList<>();
    File[] files = Files.K8S.toFile().listFiles((d, n) -> n.endsWith(".yaml") || n.endsWith(".yml"));
    assertEquals(true, files.length >= 3);
    for (File f : files) {
      for (JsonNode doc : Files.documents("deploy/k8s/" + f.getName())) {
        if (doc.path("kind").asText().equals("Secret")) {
          found.add(f.getName() + ": a Secret object");
        }
        found.addAll(findings(doc, f.getName() + ":" + doc.path("kind").asText()));
      }
    }
    assertEquals(List.of(), found);
  }

  @Test
  void theScannerFindsSecrets() throws Exception {
    JsonNode bad = Files.STRICT.readTree("""
        spec:
          flinkConfiguration:
            fs.azure.account.key.mylake.dfs.core.windows.net: c2VjcmV0c2VjcmV0c2VjcmV0c2VjcmV0c2VjcmV0c2VjcmV0
            fs.azure.account.oauth2.client.secret.mylake.dfs.core.windows.net: abc~def
          podTemplate:
            spec:
              containers:
                - env:
                    - name: AZURE_CLIENT_SECRET
                      value: hunter2
          job:
            jarURI: https://x.blob.core.windows.net/jars/a.jar?sv=2022-11-02&sig=abc
        """);
    assertEquals(5, findings(bad, "bad").size(), findings(bad, "bad").toString());
  }
}
