package dev.alicloud.ipam.kubeapi.admission;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.alicloud.ipam.testing.Fixtures;
import io.fabric8.kubernetes.api.model.Status;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The sandbox's admission over the generated CRD: the apiserver's wording and Status shape, and RE2's end of text. */
@Tag("unit")
class SchemaAdmissionTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private final SchemaAdmission admission = SchemaAdmission.of(schema());

  private static JsonNode schema() {
    try {
      return new ObjectMapper(new YAMLFactory()).readTree(Fixtures.GENERATED_CRD.toFile())
          .at("/spec/versions/0/schema/openAPIV3Schema");
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private static ObjectNode allocation(String name) {
    ObjectNode o = JSON.createObjectNode();
    o.put("apiVersion", "ipam.alicloud.dev/v1alpha1").put("kind", "IpamPoolAllocation");
    o.putObject("metadata").put("name", name).put("namespace", "default");
    o.putObject("spec").put("regionId", "cn-hangzhou").put("ipamPoolId", "ipam-pool-abc").put("cidrMask", 24);
    return o;
  }

  private static ObjectNode spec(ObjectNode o) {
    return (ObjectNode) o.get("spec");
  }

  @Test
  void acceptsAValidObject() {
    assertThat(admission.create(allocation("ok"))).isEmpty();
  }

  @Test
  void wordsEachRefusalAsTheApiServerDoes() {
    ObjectNode o = allocation("bad");
    spec(o).put("cidrMask", 40).put("deletionPolicy", "Retain").put("allocationName", "x".repeat(129))
        .put("description", "").put("dryRun", "yes");
    spec(o).remove("regionId");
    assertThat(admission.create(o)).extracting(FieldError::message).containsExactlyInAnyOrder(
        "spec.regionId: Required value",
        "spec.cidrMask: Invalid value: 40: spec.cidrMask in body should be less than or equal to 32",
        "spec.deletionPolicy: Unsupported value: \"Retain\": supported values: \"Delete\", \"Orphan\"",
        "spec.allocationName: Too long: may not be longer than 128",
        "spec.description: Invalid value: \"\": spec.description in body should be at least 1 chars long",
        "spec.description: Invalid value: \"\": spec.description in body should match '^[A-Za-z一-龥]'",
        "spec.dryRun: Invalid value: \"string\": spec.dryRun in body must be of type boolean: \"string\"");
  }

  @Test
  void celRuleFailuresPrintTheRulesMessageAgainstTheTypeName() {
    ObjectNode o = allocation("two");
    spec(o).put("cidr", "10.0.0.0/24");
    assertThat(admission.create(o)).extracting(FieldError::message)
        .containsExactly("spec: Invalid value: \"object\": set exactly one of cidr, cidrMask or allocationId");
  }

  @Test
  void transitionRulesRunOnUpdatesOnlyWithOldSelf() {
    ObjectNode old = allocation("moved");
    ObjectNode changed = old.deepCopy();
    spec(changed).put("ipamPoolId", "ipam-pool-other");
    assertThat(admission.create(changed)).isEmpty();
    assertThat(admission.update(old, changed)).extracting(FieldError::message).containsExactly(
        "spec.ipamPoolId: Invalid value: \"string\": ipamPoolId is immutable: create a new resource instead");
  }

  @Test
  void refusesNamesThatAreNotDnsSubdomainsOrLongerThan253() {
    assertThat(admission.create(allocation("Team_A"))).extracting(FieldError::message).containsExactly(
        "metadata.name: Invalid value: \"Team_A\": " + SchemaAdmission.DNS_SUBDOMAIN_MESSAGE);
    String tooLong = "a".repeat(254);
    assertThat(admission.create(allocation(tooLong))).extracting(FieldError::message)
        .containsExactly("metadata.name: Invalid value: \"" + tooLong + "\": must be no more than 253 characters");
    assertThat(admission.create(allocation("a".repeat(253)))).isEmpty();
  }

  @Test
  void dollarIsTheEndOfTheTextAsInGoNotBeforeATrailingNewline() {
    ObjectNode o = allocation("newline");
    spec(o).put("ipamPoolId", "ipam-pool-x\n");
    assertThat(admission.create(o)).extracting(FieldError::message).containsExactly(
        "spec.ipamPoolId: Invalid value: \"ipam-pool-x\\n\": spec.ipamPoolId in body should match"
            + " '^ipam-pool-[a-z0-9]{1,64}$'");
    assertThat(SchemaAdmission.matches("^a$", "a")).isTrue();
    assertThat(SchemaAdmission.matches("^a$", "a\n")).as("java.util.regex would match here").isFalse();
    assertThat(java.util.regex.Pattern.compile("^a$").matcher("a\n").find()).isTrue();
  }

  @Test
  void celMatchesIsRe2TooSoDollarIsTheEndOfTheText() {
    JsonNode value = JSON.getNodeFactory().textNode("ipam-pool-x\n");
    assertThat(CelRules.evaluate("self.matches(r'^ipam-pool-[a-z0-9]+$')", value, null)).isFalse();
    assertThat(CelRules.evaluate("self.matches(r'^ipam-pool-[a-z0-9]+\\n$')", value, null)).isTrue();
  }

  @Test
  void statusWritesAreJudgedByTheStatusSchema() {
    ObjectNode old = allocation("status");
    ObjectNode written = old.deepCopy();
    written.putObject("status").put("createAttempted", "yes").put("cidr", "10.0.0.0/24");
    assertThat(admission.updateStatus(old, written)).extracting(FieldError::field)
        .containsExactly("status.createAttempted");
  }

  @Test
  void answersTheApiServersInvalidStatus() throws Exception {
    List<FieldError> errors = List.of(
        FieldError.invalid("spec.cidrMask", JSON.getNodeFactory().numberNode(40),
            "spec.cidrMask in body should be less than or equal to 32"),
        FieldError.required("spec.regionId"));
    Status status = InvalidStatus.of("ipam.alicloud.dev", "IpamPoolAllocation", "x", errors);
    JsonNode json = JSON.readTree(new KubernetesSerialization().asJson(status));
    assertThat(json.path("kind").asText()).isEqualTo("Status");
    assertThat(json.path("apiVersion").asText()).isEqualTo("v1");
    assertThat(json.path("metadata").isObject()).isTrue();
    assertThat(json.path("status").asText()).isEqualTo("Failure");
    assertThat(json.path("code").asInt()).isEqualTo(422);
    assertThat(json.path("reason").asText()).isEqualTo("Invalid");
    assertThat(json.path("message").asText()).isEqualTo("IpamPoolAllocation.ipam.alicloud.dev \"x\" is invalid: ["
        + "spec.cidrMask: Invalid value: 40: spec.cidrMask in body should be less than or equal to 32, "
        + "spec.regionId: Required value]");
    JsonNode details = json.path("details");
    assertThat(details.path("name").asText()).isEqualTo("x");
    assertThat(details.path("group").asText()).isEqualTo("ipam.alicloud.dev");
    assertThat(details.path("kind").asText()).isEqualTo("IpamPoolAllocation");
    assertThat(details.path("causes").get(0).path("reason").asText()).isEqualTo("FieldValueInvalid");
    assertThat(details.path("causes").get(0).path("field").asText()).isEqualTo("spec.cidrMask");
    assertThat(details.path("causes").get(0).path("message").asText())
        .isEqualTo("Invalid value: 40: spec.cidrMask in body should be less than or equal to 32");
    assertThat(details.path("causes").get(1).path("reason").asText()).isEqualTo("FieldValueRequired");
  }

  @Test
  void aSingleErrorIsNotBracketed() {
    Status status = InvalidStatus.of("ipam.alicloud.dev", "IpamPoolAllocation", "x",
        List.of(FieldError.required("spec.regionId")));
    assertThat(status.getMessage())
        .isEqualTo("IpamPoolAllocation.ipam.alicloud.dev \"x\" is invalid: spec.regionId: Required value");
  }
}
