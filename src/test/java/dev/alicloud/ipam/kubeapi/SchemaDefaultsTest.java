package dev.alicloud.ipam.kubeapi;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.alicloud.ipam.testing.Fixtures;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.JSONSchemaProps;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.nio.file.Files;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("unit")
class SchemaDefaultsTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

  private static final JSONSchemaProps SCHEMA = schema("""
      {"type": "object", "properties": {
        "spec": {"type": "object", "properties": {
          "policy": {"type": "string", "default": "Delete"},
          "dryRun": {"type": "boolean", "default": false},
          "limits": {"type": "object", "default": {"max": 3}, "properties": {
            "max": {"type": "integer"},
            "unit": {"type": "string", "default": "count"}}},
          "rules": {"type": "array", "items": {"type": "object", "properties": {
            "name": {"type": "string"},
            "action": {"type": "string", "default": "allow"},
            "ports": {"type": "array", "items": {"type": "object", "properties": {
              "protocol": {"type": "string", "default": "TCP"}}}}}}},
          "labels": {"type": "object", "additionalProperties": {"type": "object", "properties": {
            "value": {"type": "string"},
            "weight": {"type": "integer", "default": 1}}}},
          "optional": {"type": "string", "nullable": true, "default": "set"}}},
        "status": {"type": "object", "properties": {
          "phase": {"type": "string", "default": "Pending"}}}}}
      """);

  @Test
  void fillsAbsentPropertiesOfNestedObjectsAndDefaultsInsideDefaults() {
    JsonNode object = json("{\"spec\": {\"policy\": \"Orphan\"}}");

    assertThat(SchemaDefaults.apply(SCHEMA, object)).isTrue();

    assertThat(object).isEqualTo(json("""
        {"spec": {"policy": "Orphan", "dryRun": false, "limits": {"max": 3, "unit": "count"}, "optional": "set"}}
        """));
  }

  @Test
  void defaultsEveryElementOfArraysOfObjectsAndEveryValueOfMaps() {
    JsonNode object = json("""
        {"spec": {"rules": [{"name": "a"}, {"name": "b", "action": "deny", "ports": [{}, {"protocol": "UDP"}]}],
                  "labels": {"x": {"value": "1"}, "y": {"weight": 5}}}}
        """);

    SchemaDefaults.apply(SCHEMA, object);

    JsonNode spec = object.get("spec");
    assertThat(spec.at("/rules/0")).isEqualTo(json("{\"name\": \"a\", \"action\": \"allow\"}"));
    assertThat(spec.at("/rules/1/action").asText()).isEqualTo("deny");
    assertThat(spec.at("/rules/1/ports")).isEqualTo(json("[{\"protocol\": \"TCP\"}, {\"protocol\": \"UDP\"}]"));
    assertThat(spec.get("labels"))
        .isEqualTo(json("{\"x\": {\"value\": \"1\", \"weight\": 1}, \"y\": {\"weight\": 5}}"));
  }

  @Test
  void leavesPresentValuesAloneAndChangesNothingWhenEverythingIsSet() {
    String full = """
        {"spec": {"policy": "Orphan", "dryRun": true, "limits": {"max": 9, "unit": "bytes"}, "optional": null},
         "status": {"phase": "Ready"}}
        """;
    JsonNode object = json(full);

    assertThat(SchemaDefaults.apply(SCHEMA, object)).isFalse();

    assertThat(object).as("an explicit null of a nullable property is a value").isEqualTo(json(full));
  }

  @Test
  void replacesANullOfANonNullablePropertyAsTheApiServerPrunesIt() {
    JsonNode object = json("{\"spec\": {\"policy\": null}}");

    SchemaDefaults.apply(SCHEMA, object);

    assertThat(object.at("/spec/policy").asText()).isEqualTo("Delete");
  }

  @Test
  void defaultsTheStatusTooButCreatesNoObjectWithoutADefault() {
    JsonNode withStatus = json("{\"spec\": {}, \"status\": {}}");
    SchemaDefaults.apply(SCHEMA, withStatus);
    assertThat(withStatus.at("/status/phase").asText()).isEqualTo("Pending");

    JsonNode withoutStatus = json("{\"spec\": {}}");
    SchemaDefaults.apply(SCHEMA, withoutStatus);
    assertThat(withoutStatus.has("status")).isFalse();
  }

  @Test
  void theDefaultIsCopiedNotShared() {
    JsonNode first = json("{\"spec\": {}}");
    JsonNode second = json("{\"spec\": {}}");
    SchemaDefaults.apply(SCHEMA, first);
    SchemaDefaults.apply(SCHEMA, second);

    ((ObjectNode) first.at("/spec/limits")).put("max", 42);

    assertThat(second.at("/spec/limits/max").asInt()).isEqualTo(3);
    assertThat(SCHEMA.getProperties().get("spec").getProperties().get("limits").getDefault())
        .isEqualTo(json("{\"max\": 3}"));
  }

  @Test
  void aSchemaWithoutDefaultsChangesNothing() {
    JSONSchemaProps plain = schema("""
        {"type": "object", "properties": {"spec": {"type": "object", "properties": {
          "name": {"type": "string"},
          "items": {"type": "array", "items": {"type": "object", "properties": {"x": {"type": "string"}}}}}}}}
        """);
    String original = "{\"spec\": {\"items\": [{}], \"other\": 1}, \"extra\": true}";
    JsonNode object = json(original);

    assertThat(SchemaDefaults.hasDefaults(plain)).isFalse();
    assertThat(SchemaDefaults.apply(plain, object)).isFalse();
    assertThat(SchemaDefaults.apply(null, object)).isFalse();
    assertThat(object).isEqualTo(json(original));
    assertThat(SchemaDefaults.hasDefaults(SCHEMA)).isTrue();
  }

  @Test
  void theCrdDefaultsDeletionPolicyAndDryRun() throws Exception {
    CustomResourceDefinition crd = SERIALIZATION.unmarshal(Files.readString(Fixtures.COMMITTED_CRD),
        CustomResourceDefinition.class);
    JSONSchemaProps schema = crd.getSpec().getVersions().get(0).getSchema().getOpenAPIV3Schema();
    JsonNode allocation = json("""
        {"apiVersion": "ipam.alicloud.dev/v1alpha1", "kind": "IpamPoolAllocation", "metadata": {"name": "a"},
         "spec": {"regionId": "cn-hangzhou", "ipamPoolId": "ipam-pool-abc", "cidrMask": 24},
         "status": {"conditions": [{"type": "Ready"}]}}
        """);

    assertThat(SchemaDefaults.apply(schema, allocation)).isTrue();

    assertThat(allocation.at("/spec/deletionPolicy").asText()).isEqualTo("Delete");
    assertThat(allocation.at("/spec/dryRun").isBoolean()).isTrue();
    assertThat(allocation.at("/spec/dryRun").asBoolean()).isFalse();
    assertThat(allocation.get("status")).isEqualTo(json("{\"conditions\": [{\"type\": \"Ready\"}]}"));
    assertThat(allocation.get("metadata")).isEqualTo(json("{\"name\": \"a\"}"));
  }

  private static JSONSchemaProps schema(String json) {
    return SERIALIZATION.unmarshal(json, JSONSchemaProps.class);
  }

  private static JsonNode json(String json) {
    try {
      return JSON.readTree(json);
    } catch (Exception e) {
      throw new IllegalArgumentException(json, e);
    }
  }
}
