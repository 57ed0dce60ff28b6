package dev.alicloud.ipam.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.alicloud.ipam.kubeapi.admission.CelRules;
import dev.alicloud.ipam.kubeapi.admission.FieldError;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * Admission of the generated CRD for tests: the sandbox's {@link dev.alicloud.ipam.kubeapi.admission.SchemaAdmission}
 * (schema and CEL rules, as kube-apiserver evaluates them) over any POJO or map, answering the apiserver's messages,
 * e.g. {@code spec.cidrMask: Invalid value: 40: spec.cidrMask in body should be less than or equal to 32}.
 */
public final class SchemaAdmission {

  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  private static final ObjectMapper JSON = new ObjectMapper();

  private final dev.alicloud.ipam.kubeapi.admission.SchemaAdmission admission;

  private SchemaAdmission(JsonNode schema) {
    this.admission = dev.alicloud.ipam.kubeapi.admission.SchemaAdmission.of(schema);
  }

  public static SchemaAdmission of(Path crdYaml) {
    try {
      JsonNode crd = YAML.readTree(crdYaml.toFile());
      return new SchemaAdmission(crd.at("/spec/versions/0/schema/openAPIV3Schema"));
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  public static SchemaAdmission generated() {
    return of(Fixtures.GENERATED_CRD);
  }

  /** The schema of a property path such as "spec" or "spec/cidr". */
  public JsonNode schemaAt(String path) {
    return admission.schemaAt(path);
  }

  /** The apiserver's messages for a create of {@code object}; empty when admission would accept it. */
  public List<String> create(Object object) {
    return messages(admission.create(JSON.valueToTree(object)));
  }

  /** The apiserver's messages for an update from {@code old} to {@code object}. */
  public List<String> update(Object old, Object object) {
    return messages(admission.update(JSON.valueToTree(old), JSON.valueToTree(object)));
  }

  private static List<String> messages(List<FieldError> errors) {
    return errors.stream().map(FieldError::message).toList();
  }

  /** Evaluates one CEL rule; the rule must compile, or the CRD would be rejected by the API server. */
  public static boolean evaluate(String expression, JsonNode self, JsonNode oldSelf) {
    return CelRules.evaluate(expression, self, oldSelf);
  }

  /** A JSON value as CEL sees it: maps, lists, int64, double, bool and strings; JSON nulls are absent fields. */
  public static Object toCel(JsonNode node) {
    return CelRules.toCel(node);
  }
}
