package dev.alicloud.ipam.kubeapi.admission;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.re2j.Pattern;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What kube-apiserver's admission says about a custom resource, computed from its CRD version's OpenAPI v3 schema: the
 * object's name (a DNS subdomain), the schema checks (type, required, enum, pattern, lengths, bounds) and the
 * {@code x-kubernetes-validations} CEL rules ({@link CelRules}), with Kubernetes' rules for when a rule runs (only on
 * present values; transition rules only on updates, where the old value exists), each refusal worded as the apiserver
 * words it ({@link FieldError}). Patterns are RE2 (re2j), as Go's: {@code $} is the end of the text, so a value with a
 * trailing newline does not match {@code ^...$}.
 */
public final class SchemaAdmission {

  /** The apiserver's limit and wording for object names (a DNS subdomain, RFC 1123). */
  static final int MAX_NAME_LENGTH = 253;
  static final String DNS_SUBDOMAIN = "[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*";
  static final String DNS_SUBDOMAIN_MESSAGE = "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric"
      + " characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex"
      + " used for validation is '" + DNS_SUBDOMAIN + "')";
  private static final Pattern NAME = Pattern.compile("^" + DNS_SUBDOMAIN + "$");
  private static final Map<String, Pattern> PATTERNS = new ConcurrentHashMap<>();

  private final JsonNode schema;

  private SchemaAdmission(JsonNode schema) {
    this.schema = schema;
  }

  /** @param openApiV3Schema the CRD version's {@code schema.openAPIV3Schema} */
  public static SchemaAdmission of(JsonNode openApiV3Schema) {
    return new SchemaAdmission(openApiV3Schema);
  }

  /** The schema of a property path such as {@code spec} or {@code spec/cidr}. */
  public JsonNode schemaAt(String path) {
    JsonNode node = schema;
    for (String part : path.split("/")) {
      node = node.path("properties").path(part);
    }
    return node;
  }

  /** The refusals of a create of {@code object}; empty when admission lets it in. */
  public List<FieldError> create(JsonNode object) {
    List<FieldError> errors = new ArrayList<>(name(object.path("metadata").path("name")));
    check(schema, object, null, "", errors);
    return errors;
  }

  /** The refusals of an update from {@code old} to {@code object} (the name cannot change, so it is not checked). */
  public List<FieldError> update(JsonNode old, JsonNode object) {
    List<FieldError> errors = new ArrayList<>();
    check(schema, object, old, "", errors);
    return errors;
  }

  /**
   * The refusals of a write to the status subresource: the status against its schema and the rules of the whole
   * object (the spec is the stored one).
   */
  public List<FieldError> updateStatus(JsonNode old, JsonNode object) {
    List<FieldError> errors = new ArrayList<>();
    check(schemaAt("status"), object.path("status"), old == null ? null : old.get("status"), "status", errors);
    rules(schema, object, old, "", errors);
    return errors;
  }

  private static List<FieldError> name(JsonNode name) {
    if (!name.isTextual() || name.asText().isEmpty()) {
      return List.of(new FieldError(FieldError.Type.REQUIRED, "metadata.name", null,
          "name or generateName is required"));
    }
    String text = name.asText();
    List<FieldError> errors = new ArrayList<>();
    if (text.length() > MAX_NAME_LENGTH) {
      errors.add(FieldError.invalid("metadata.name", name, "must be no more than " + MAX_NAME_LENGTH + " characters"));
    }
    if (!NAME.matcher(text).matches()) {
      errors.add(FieldError.invalid("metadata.name", name, DNS_SUBDOMAIN_MESSAGE));
    }
    return errors;
  }

  private void check(JsonNode s, JsonNode value, JsonNode old, String path, List<FieldError> errors) {
    if (value == null || value.isMissingNode() || value.isNull()) {
      return;
    }
    String field = path.isEmpty() ? "<nil>" : path;
    String type = s.path("type").asText("");
    if (!type.isEmpty() && !hasType(value, type)) {
      errors.add(FieldError.invalidType(field, typeName(value),
          field + " in body must be of type " + type + ": \"" + typeName(value) + "\""));
      return;
    }
    switch (type) {
      case "object" -> object(s, value, old, path, errors);
      case "string" -> string(s, value, field, errors);
      case "integer", "number" -> number(s, value, field, errors);
      default -> {
      }
    }
    rules(s, value, old, path, errors);
  }

  private void object(JsonNode s, JsonNode value, JsonNode old, String path, List<FieldError> errors) {
    for (JsonNode required : s.path("required")) {
      JsonNode present = value.get(required.asText());
      if (present == null || present.isNull()) {
        errors.add(FieldError.required(child(path, required.asText())));
      }
    }
    Iterator<Map.Entry<String, JsonNode>> fields = value.fields();
    while (fields.hasNext()) {
      var entry = fields.next();
      JsonNode fieldSchema = s.path("properties").path(entry.getKey());
      if (!fieldSchema.isMissingNode()) {
        check(fieldSchema, entry.getValue(), old == null ? null : old.get(entry.getKey()),
            child(path, entry.getKey()), errors);
      }
    }
  }

  private static void string(JsonNode s, JsonNode value, String field, List<FieldError> errors) {
    String text = value.asText();
    int length = text.codePointCount(0, text.length());
    if (s.has("enum")) {
      List<String> supported = new ArrayList<>();
      s.get("enum").forEach(e -> supported.add(e.asText()));
      if (!supported.contains(text)) {
        errors.add(FieldError.notSupported(field, value, supported));
      }
    }
    if (s.has("maxLength") && length > s.get("maxLength").asInt()) {
      errors.add(FieldError.tooLong(field, s.get("maxLength").asInt()));
    }
    if (s.has("minLength") && length < s.get("minLength").asInt()) {
      errors.add(FieldError.invalid(field, value,
          field + " in body should be at least " + s.get("minLength").asInt() + " chars long"));
    }
    if (s.has("pattern") && !matches(s.get("pattern").asText(), text)) {
      errors.add(FieldError.invalid(field, value, field + " in body should match '" + s.get("pattern").asText() + "'"));
    }
  }

  /** Whether the OpenAPI pattern (RE2, unanchored unless it anchors itself) finds a match in the text. */
  static boolean matches(String pattern, String text) {
    return PATTERNS.computeIfAbsent(pattern, Pattern::compile).matcher(text).find();
  }

  private static void number(JsonNode s, JsonNode value, String field, List<FieldError> errors) {
    BigDecimal number = value.decimalValue();
    if (s.has("minimum") && number.compareTo(s.get("minimum").decimalValue()) < 0) {
      errors.add(FieldError.invalid(field, value,
          field + " in body should be greater than or equal to " + plain(s.get("minimum"))));
    }
    if (s.has("maximum") && number.compareTo(s.get("maximum").decimalValue()) > 0) {
      errors.add(FieldError.invalid(field, value,
          field + " in body should be less than or equal to " + plain(s.get("maximum"))));
    }
  }

  private static void rules(JsonNode s, JsonNode value, JsonNode old, String path, List<FieldError> errors) {
    String field = path.isEmpty() ? "<nil>" : path;
    for (JsonNode rule : s.path("x-kubernetes-validations")) {
      String expression = rule.path("rule").asText();
      boolean absentOld = old == null || old.isNull() || old.isMissingNode();
      if (CelRules.isTransitionRule(expression) && absentOld) {
        continue;
      }
      if (!CelRules.evaluate(expression, value, absentOld ? null : old)) {
        String message = rule.has("message") ? rule.get("message").asText() : "failed rule: " + expression;
        errors.add(FieldError.invalidType(field, typeName(value), message));
      }
    }
  }

  private static boolean hasType(JsonNode value, String type) {
    return switch (type) {
      case "object" -> value.isObject();
      case "array" -> value.isArray();
      case "string" -> value.isTextual();
      case "integer" -> value.isIntegralNumber();
      case "number" -> value.isNumber();
      case "boolean" -> value.isBoolean();
      default -> true;
    };
  }

  /** The JSON type of a value, as the apiserver names it in type errors. */
  private static String typeName(JsonNode value) {
    if (value.isObject()) {
      return "object";
    }
    if (value.isArray()) {
      return "array";
    }
    if (value.isTextual()) {
      return "string";
    }
    if (value.isIntegralNumber()) {
      return "integer";
    }
    if (value.isNumber()) {
      return "number";
    }
    if (value.isBoolean()) {
      return "boolean";
    }
    return "null";
  }

  /** A bound as Go prints a float64: {@code 32}, not {@code 32.0}. */
  private static String plain(JsonNode bound) {
    return bound.decimalValue().stripTrailingZeros().toPlainString();
  }

  private static String child(String path, String name) {
    return path.isEmpty() ? name : path + "." + name;
  }
}
