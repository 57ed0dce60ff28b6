package dev.alicloud.ipam.kubeapi;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.zjsonpatch.JsonPatch;
import java.util.Locale;
import java.util.Optional;

/**
 * The result of a PATCH request's body applied to a stored object, computed before anything is stored so that
 * admission can judge it: JSON merge patch (RFC 7386, {@code application/merge-patch+json}) and JSON patch (RFC 6902,
 * {@code application/json-patch+json}, by zjsonpatch, as the CRUD mock applies it).
 */
final class JsonPatches {

  private JsonPatches() {
  }

  /** The patch types computed here; strategic merge and apply patches are left to the CRUD mock (415). */
  enum Type {
    MERGE, JSON;

    static Optional<Type> of(String contentType) {
      String type = contentType == null ? "" : contentType.toLowerCase(Locale.ROOT);
      if (type.startsWith("application/merge-patch+json")) {
        return Optional.of(MERGE);
      }
      if (type.startsWith("application/json-patch+json")) {
        return Optional.of(JSON);
      }
      return Optional.empty();
    }
  }

  /**
   * @throws IllegalArgumentException when a JSON patch cannot be applied (a failed {@code test}, a missing path)
   */
  static JsonNode apply(Type type, JsonNode patch, JsonNode target) {
    if (type == Type.JSON) {
      try {
        return JsonPatch.apply(patch, target);
      } catch (RuntimeException e) {
        throw new IllegalArgumentException(e.getMessage(), e);
      }
    }
    return merge(target, patch);
  }

  /** RFC 7386: objects merge key by key, {@code null} removes a key, anything else replaces. */
  static JsonNode merge(JsonNode target, JsonNode patch) {
    if (!patch.isObject()) {
      return patch.deepCopy();
    }
    ObjectNode result = target != null && target.isObject() ? ((ObjectNode) target).deepCopy()
        : JsonNodeFactory.instance.objectNode();
    patch.fields().forEachRemaining(field -> {
      if (field.getValue().isNull()) {
        result.remove(field.getKey());
      } else {
        result.set(field.getKey(), merge(result.get(field.getKey()), field.getValue()));
      }
    });
    return result;
  }
}
