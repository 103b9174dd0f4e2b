package dev.engagement.k8s;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The repository's files the tests read, and strict YAML parsing of the manifests. */
final class Files {
  /** The repository root: the tests run in deploy/k8s/validation. */
  static final Path ROOT = Path.of("").toAbsolutePath().getParent().getParent().getParent();
  static final Path K8S = ROOT.resolve("deploy/k8s");

  /** Unknown properties are errors: a misspelt field of the operator's model fails the parse. */
  static final ObjectMapper STRICT = YAMLMapper.builder()
      .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
      .build()
      .findAndRegisterModules();

  private Files() {}

  static String read(String relativeToRoot) {
    try {
      return java.nio.file.Files.readString(ROOT.resolve(relativeToRoot));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Every document of a multi-document YAML file, as trees. */
  static List<com.fasterxml.jackson.databind.JsonNode> documents(String relativeToRoot) {
    try {
      var parser = new YAMLFactory().createParser(read(relativeToRoot));
      List<com.fasterxml.jackson.databind.JsonNode> docs = new ArrayList<>();
      var it = STRICT.readValues(parser, com.fasterxml.jackson.databind.JsonNode.class);
      while (it.hasNext()) {
        var node = it.next();
        if (node != null && !node.isNull() && !node.isMissingNode()) {
          docs.add(node);
        }
      }
      return docs;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static com.fasterxml.jackson.databind.JsonNode document(String file, String kind) {
    return documents(file).stream().filter(d -> d.path("kind").asText().equals(kind)).findFirst()
        .orElseThrow(() -> new AssertionError(file + " has no " + kind));
  }

  /** A document as an instance of the operator's (or fabric8's) model, unknown fields failing. */
  static <T> T as(com.fasterxml.jackson.databind.JsonNode node, Class<T> type) {
    try {
      return STRICT.treeToValue(node, type);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @SuppressWarnings("unchecked")
  static Map<String, String> flinkConfiguration(com.fasterxml.jackson.databind.JsonNode resource) {
    return JsonMapper.builder().build().convertValue(resource.path("spec").path("flinkConfiguration"), Map.class);
  }
}
