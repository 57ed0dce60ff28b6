package dev.alicloud.ipam.kubeapi;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.apiextensions.v1.JSONSchemaProps;
import java.util.Iterator;
import java.util.Map;

/**
 * Kubernetes structural-schema defaulting of custom resources. kube-apiserver fills in the {@code default}s of a
 * CRD's OpenAPI v3 schema on every write (and read from storage); the fabric8 CRUD mock behind the embedded API server
 * does not, so without this a manifest that omits {@code spec.deletionPolicy} would stay without it and
 * {@code kubectl get -o wide} would show an empty POLICY column.
 *
 * <p>The rules are those of the apiserver's defaulting algorithm: in an object, every property with a default that is
 * absent (or null while the property is not {@code nullable}, since the apiserver prunes such nulls first) gets a
 * deep copy of the default; then every present property is defaulted by its own schema, map values by the
 * {@code additionalProperties} schema and array elements by the {@code items} schema. Present values are never
 * overwritten. {@code allOf}/{@code anyOf}/{@code oneOf}/{@code not} are ignored, as structural schemas may not
 * carry defaults there.
 */
public final class SchemaDefaults {

  private SchemaDefaults() {
  }

  /** Whether the schema, or any schema below it, declares a default: only such types need defaulting. */
  public static boolean hasDefaults(JSONSchemaProps schema) {
    if (schema == null) {
      return false;
    }
    if (declaresDefault(schema)) {
      return true;
    }
    if (schema.getProperties() != null
        && schema.getProperties().values().stream().anyMatch(SchemaDefaults::hasDefaults)) {
      return true;
    }
    return hasDefaults(items(schema)) || hasDefaults(additionalProperties(schema));
  }

  /**
   * Applies the schema's defaults to {@code value} in place.
   *
   * @param schema the schema of {@code value}, e.g. a CRD version's {@code openAPIV3Schema}; {@code null} does nothing
   * @return whether anything was set
   */
  public static boolean apply(JSONSchemaProps schema, JsonNode value) {
    if (schema == null || value == null) {
      return false;
    }
    boolean changed = false;
    if (value instanceof ObjectNode object) {
      Map<String, JSONSchemaProps> properties = schema.getProperties() == null ? Map.of() : schema.getProperties();
      for (Map.Entry<String, JSONSchemaProps> property : properties.entrySet()) {
        JSONSchemaProps propertySchema = property.getValue();
        if (propertySchema == null || !declaresDefault(propertySchema)) {
          continue;
        }
        JsonNode present = object.get(property.getKey());
        if (present == null || present.isNull() && !Boolean.TRUE.equals(propertySchema.getNullable())) {
          object.set(property.getKey(), propertySchema.getDefault().deepCopy());
          changed = true;
        }
      }
      JSONSchemaProps additional = additionalProperties(schema);
      for (Iterator<Map.Entry<String, JsonNode>> fields = object.fields(); fields.hasNext(); ) {
        Map.Entry<String, JsonNode> field = fields.next();
        JSONSchemaProps fieldSchema = properties.get(field.getKey());
        changed |= apply(fieldSchema != null ? fieldSchema : additional, field.getValue());
      }
    } else if (value instanceof ArrayNode array) {
      JSONSchemaProps items = items(schema);
      for (JsonNode item : array) {
        changed |= apply(items, item);
      }
    }
    return changed;
  }

  /** A {@code default: null} is no default, as in the apiserver. */
  private static boolean declaresDefault(JSONSchemaProps schema) {
    return schema.getDefault() != null && !schema.getDefault().isNull() && !schema.getDefault().isMissingNode();
  }

  /** The single {@code items} schema; tuple-style item lists are not structural. */
  private static JSONSchemaProps items(JSONSchemaProps schema) {
    return schema.getItems() == null ? null : schema.getItems().getSchema();
  }

  /** The {@code additionalProperties} schema of a map; {@code null} for {@code true}, {@code false} or none. */
  private static JSONSchemaProps additionalProperties(JSONSchemaProps schema) {
    return schema.getAdditionalProperties() == null ? null : schema.getAdditionalProperties().getSchema();
  }
}
