package dev.alicloud.ipam.kubeapi.admission;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Pruning of the fields a structural schema does not declare, as kube-apiserver prunes custom resources while decoding
 * them: what it removed is what strict field validation ({@code fieldValidation=Strict}, kubectl's default) refuses
 * and what {@code Warn} warns about. {@code apiVersion}, {@code kind} and {@code metadata} are always kept.
 */
public final class UnknownFields {

  private static final Set<String> ALWAYS_KNOWN = Set.of("apiVersion", "kind", "metadata");

  private UnknownFields() {
  }

  /**
   * Removes from {@code object} every field {@code schema} does not declare.
   *
   * @return the removed fields' paths, e.g. {@code spec.cidrmask}
   */
  public static List<String> prune(JsonNode schema, ObjectNode object) {
    List<String> removed = new ArrayList<>();
    prune(schema, object, "", removed);
    return removed;
  }

  private static void prune(JsonNode schema, JsonNode value, String path, List<String> removed) {
    if (schema == null || schema.isMissingNode() || schema.path("x-kubernetes-preserve-unknown-fields").asBoolean()) {
      return;
    }
    if (value instanceof ObjectNode object) {
      JsonNode properties = schema.path("properties");
      JsonNode additional = schema.path("additionalProperties");
      Iterator<Map.Entry<String, JsonNode>> fields = object.fields();
      while (fields.hasNext()) {
        Map.Entry<String, JsonNode> field = fields.next();
        String child = path.isEmpty() ? field.getKey() : path + "." + field.getKey();
        if (path.isEmpty() && ALWAYS_KNOWN.contains(field.getKey())) {
          continue;
        }
        if (properties.has(field.getKey())) {
          prune(properties.get(field.getKey()), field.getValue(), child, removed);
        } else if (additional.isObject()) {
          prune(additional, field.getValue(), child, removed);
        } else if (!additional.asBoolean(false)) {
          removed.add(child);
          fields.remove();
        }
      }
    } else if (value != null && value.isArray()) {
      for (int i = 0; i < value.size(); i++) {
        prune(schema.path("items"), value.get(i), path + "[" + i + "]", removed);
      }
    }
  }
}
