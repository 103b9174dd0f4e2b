package dev.engagement.pipeline.ops;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The Azure files in deploy/azure/ parse and have the structure Azure accepts, with the intended values. */
class AzurePolicyFilesTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void lifecyclePolicyCoolsAndDeletesBronzeAndDeletesOldQualityPartitions() throws Exception {
    JsonNode rules = JSON.readTree(new File("deploy/azure/lifecycle-policy.json")).get("rules");
    assertThat(rules.isArray()).isTrue();
    for (JsonNode rule : rules) {
      assertThat(rule.get("enabled").isBoolean()).isTrue();
      assertThat(rule.get("name").asText()).matches("[A-Za-z0-9-]{1,256}");
      assertThat(rule.get("type").asText()).isEqualTo("Lifecycle");
      JsonNode filters = rule.at("/definition/filters");
      assertThat(filters.get("blobTypes")).extracting(JsonNode::asText).containsOnly("blockBlob");
      assertThat(filters.get("prefixMatch")).allSatisfy(p -> assertThat(p.asText()).contains("/"));
      assertThat(rule.at("/definition/actions/baseBlob").isObject()).isTrue();
    }
    JsonNode bronze = rules.get(0);
    assertThat(bronze.at("/definition/filters/prefixMatch/0").asText()).isEqualTo("bronze/");
    assertThat(bronze.at("/definition/actions/baseBlob/tierToCool/daysAfterModificationGreaterThan").asInt()).isEqualTo(30);
    assertThat(bronze.at("/definition/actions/baseBlob/delete/daysAfterModificationGreaterThan").asInt()).isEqualTo(365);
    JsonNode quality = rules.get(1);
    assertThat(quality.at("/definition/filters/prefixMatch")).extracting(JsonNode::asText)
        .containsExactly("lake/quality/null_violations/", "lake/quality/rejected_rows/");
    assertThat(quality.at("/definition/actions/baseBlob/delete/daysAfterModificationGreaterThan").asInt()).isPositive();
  }

  @Test
  void roleAssignmentsGrantLeastPrivilege() throws Exception {
    JsonNode template = JSON.readTree(new File("deploy/azure/role-assignments.json"));
    assertThat(template.get("$schema").asText()).contains("deploymentTemplate.json");
    List<JsonNode> assignments = new ArrayList<>();
    template.get("resources").forEach(assignments::add);
    assertThat(assignments).allSatisfy(a -> {
      assertThat(a.get("type").asText()).isEqualTo("Microsoft.Authorization/roleAssignments");
      assertThat(a.get("scope").asText()).isEqualTo("[variables('containerScope')]");
    });
    assertThat(template.at("/variables/containerScope").asText()).contains("/containers/{1}");
    assertThat(template.at("/variables/storageBlobDataContributor").asText()).contains("ba92f5b4-2d11-453d-a403-e96b0029c9fe");
    assertThat(template.at("/variables/storageBlobDataReader").asText()).contains("2a2b9908-6ea1-4ae2-8e65-a410df84e7d1");
    JsonNode job = assignments.get(0).get("properties");
    assertThat(job.get("roleDefinitionId").asText()).isEqualTo("[variables('storageBlobDataContributor')]");
    assertThat(job.get("principalType").asText()).isEqualTo("ServicePrincipal");
    JsonNode analysts = assignments.get(1).get("properties");
    assertThat(analysts.get("roleDefinitionId").asText()).isEqualTo("[variables('storageBlobDataReader')]");
    assertThat(analysts.get("conditionVersion").asText()).isEqualTo("2.0");
    assertThat(analysts.get("condition").asText()).contains("StringStartsWith 'gold/'");
  }
}
