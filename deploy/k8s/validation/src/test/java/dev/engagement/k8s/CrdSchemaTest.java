package dev.engagement.k8s;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The manifests against the CRDs' OpenAPI schemas that the api jar ships
 * (META-INF/fabric8/*-v1.yml), as the API server would check them: every field known to the
 * schema (the operator's model classes ignore unknown fields, so this is what catches a
 * misspelt one), each value of the schema's type, enums respected.
 */
class CrdSchemaTest {
  private static JsonNode schema(String crd) throws IOException {
    try (InputStream in = CrdSchemaTest.class.getResourceAsStream("/META-INF/fabric8/" + crd + "-v1.yml")) {
      JsonNode root = Files.STRICT.readTree(in);
      for (JsonNode version : root.path("spec").path("versions")) {
        if (version.path("name").asText().equals("v1beta1")) {
          return version.path("schema").path("openAPIV3Schema");
        }
      }
    }
    throw new AssertionError("no v1beta1 in " + crd);
  }

  static List<String> violations(JsonNode value, JsonNode schema, String path) {
    List<String> out = new ArrayList<>();
    if (schema.path("x-kubernetes-preserve-unknown-fields").asBoolean(false) && !schema.has("properties")) {
      return out;
    }
    String type = schema.path("type").asText("");
    if (schema.has("enum")) {
      boolean found = false;
      for (JsonNode e : schema.path("enum")) {
        found |= e.asText().equals(value.asText());
      }
      if (!found) {
        out.add(path + ": '" + value.asText() + "' is not one of " + schema.path("enum"));
      }
    }
    switch (type) {
      case "object" -> {
        if (!value.isObject()) {
          out.add(path + ": not an object");
          break;
        }
        Iterator<Map.Entry<String, JsonNode>> fields = value.fields();
        while (fields.hasNext()) {
          var field = fields.next();
          JsonNode sub = schema.path("properties").path(field.getKey());
          if (!sub.isMissingNode()) {
            out.addAll(violations(field.getValue(), sub, path + "." + field.getKey()));
          } else if (schema.has("additionalProperties")) {
            out.addAll(violations(field.getValue(), schema.path("additionalProperties"), path + "." + field.getKey()));
          } else if (!schema.path("x-kubernetes-preserve-unknown-fields").asBoolean(false)) {
            out.add(path + "." + field.getKey() + ": unknown field");
          }
        }
      }
      case "array" -> {
        if (!value.isArray()) {
          out.add(path + ": not an array");
          break;
        }
        for (int i = 0; i < value.size(); i++) {
          out.addAll(violations(value.get(i), schema.path("items"), path + "[" + i + "]"));
        }
      }
      case "string" -> {
        if (!value.isTextual()) {
          out.add(path + ": not a string (quote it): " + value);
        }
      }
      case "integer" -> {
        if (!value.isIntegralNumber()) {
          out.add(path + ": not an integer: " + value);
        }
      }
      case "boolean" -> {
        if (!value.isBoolean()) {
          out.add(path + ": not a boolean: " + value);
        }
      }
      default -> { } // int-or-string and the like
    }
    return out;
  }

  private static List<String> check(String file, String kind, String crd) throws IOException {
    JsonNode doc = Files.document(file, kind).deepCopy();
    ((ObjectNode) doc).remove(List.of("apiVersion", "kind", "metadata"));
    return violations(doc, schema(crd), kind);
  }

  @Test
  void theApplicationDeploymentFitsTheSchema() throws IOException {
    assertEquals(List.of(), check("deploy/k8s/flink-deployment.yaml", "FlinkDeployment", "flinkdeployments.flink.apache.org"));
  }

  @Test
  void theSessionClusterAndJobFitTheSchema() throws IOException {
    assertEquals(List.of(), check("deploy/k8s/flink-session-job.yaml", "FlinkDeployment", "flinkdeployments.flink.apache.org"));
    assertEquals(List.of(), check("deploy/k8s/flink-session-job.yaml", "FlinkSessionJob", "flinksessionjobs.flink.apache.org"));
  }

  @Test
  void aMisspeltFieldOrAnUnquotedNumberIsCaught() throws IOException {
    ObjectNode doc = Files.document("deploy/k8s/flink-deployment.yaml", "FlinkDeployment").deepCopy();
    doc.remove(List.of("apiVersion", "kind", "metadata"));
    ((ObjectNode) doc.path("spec").path("job")).put("entryClas", "x");
    ((ObjectNode) doc.path("spec").path("flinkConfiguration")).put("taskmanager.numberOfTaskSlots", 2);
    ((ObjectNode) doc.path("spec").path("job")).put("upgradeMode", "sometimes");
    List<String> found = violations(doc, schema("flinkdeployments.flink.apache.org"), "FlinkDeployment");
    assertEquals(3, found.size(), found.toString());
    assertFalse(found.isEmpty());
  }
}
