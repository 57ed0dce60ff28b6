package dev.alicloud.ipam.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.cel.common.types.SimpleType;
import dev.cel.compiler.CelCompiler;
import dev.cel.compiler.CelCompilerFactory;
import dev.cel.parser.CelStandardMacro;
import dev.cel.runtime.CelRuntime;
import dev.cel.runtime.CelRuntimeFactory;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import com.google.re2j.Pattern;

/**
 * What the API server's admission would say about an object, computed from the generated CRD: the OpenAPI checks
 * the CRD uses (type, required, enum, pattern, lengths, bounds) and its {@code x-kubernetes-validations} CEL rules,
 * evaluated with Google's CEL for Java, with Kubernetes' rules for when a rule runs (only on present values;
 * transition rules only on update, when the old value exists). The mock API server does no admission at all.
 */
public final class SchemaAdmission {

  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final CelCompiler COMPILER = CelCompilerFactory.standardCelCompilerBuilder()
      .setStandardMacros(CelStandardMacro.STANDARD_MACROS)
      .addVar("self", SimpleType.DYN)
      .addVar("oldSelf", SimpleType.DYN)
      .setResultType(SimpleType.BOOL)
      .build();
  private static final CelRuntime RUNTIME = CelRuntimeFactory.standardCelRuntimeBuilder().build();

  private final JsonNode schema;

  private SchemaAdmission(JsonNode schema) {
    this.schema = schema;
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
    JsonNode node = schema;
    for (String part : path.split("/")) {
      node = node.path("properties").path(part);
    }
    return node;
  }

  /** Errors for a create of {@code object} (any POJO or map); empty when admission would accept it. */
  public List<String> create(Object object) {
    return update(null, object);
  }

  /** Errors for an update from {@code old} to {@code object}. */
  public List<String> update(Object old, Object object) {
    List<String> errors = new ArrayList<>();
    JsonNode oldNode = old == null ? null : JSON.valueToTree(old);
    check(schema, JSON.valueToTree(object), oldNode, "", errors);
    return errors;
  }

  private void check(JsonNode s, JsonNode value, JsonNode old, String path, List<String> errors) {
    if (value == null || value.isMissingNode() || value.isNull()) {
      return;
    }
    String type = s.path("type").asText("");
    switch (type) {
      case "object" -> {
        if (!value.isObject()) {
          errors.add(path + ": must be an object");
          return;
        }
        for (JsonNode required : s.path("required")) {
          if (!value.has(required.asText()) || value.get(required.asText()).isNull()) {
            errors.add(path + "/" + required.asText() + ": Required value");
          }
        }
        Iterator<Map.Entry<String, JsonNode>> fields = value.fields();
        while (fields.hasNext()) {
          var field = fields.next();
          JsonNode fieldSchema = s.path("properties").path(field.getKey());
          if (fieldSchema.isMissingNode()) {
            continue; // pruned by the API server, not rejected
          }
          check(fieldSchema, field.getValue(), old == null ? null : old.get(field.getKey()),
              path + "/" + field.getKey(), errors);
        }
      }
      case "string" -> {
        if (!value.isTextual()) {
          errors.add(path + ": must be a string");
          return;
        }
        String text = value.asText();
        int length = text.codePointCount(0, text.length());
        if (s.has("minLength") && length < s.get("minLength").asInt()) {
          errors.add(path + ": shorter than " + s.get("minLength").asInt());
        }
        if (s.has("maxLength") && length > s.get("maxLength").asInt()) {
          errors.add(path + ": longer than " + s.get("maxLength").asInt());
        }
        if (s.has("pattern") && !Pattern.compile(s.get("pattern").asText()).matcher(text).find()) {
          errors.add(path + ": does not match " + s.get("pattern").asText());
        }
        if (s.has("enum")) {
          boolean listed = false;
          for (JsonNode e : s.get("enum")) {
            listed |= e.asText().equals(text);
          }
          if (!listed) {
            errors.add(path + ": Unsupported value " + text);
          }
        }
      }
      case "integer" -> {
        if (!value.isIntegralNumber()) {
          errors.add(path + ": must be an integer");
          return;
        }
        if (s.has("minimum") && value.asDouble() < s.get("minimum").asDouble()) {
          errors.add(path + ": less than " + s.get("minimum").asText());
        }
        if (s.has("maximum") && value.asDouble() > s.get("maximum").asDouble()) {
          errors.add(path + ": greater than " + s.get("maximum").asText());
        }
      }
      case "boolean" -> {
        if (!value.isBoolean()) {
          errors.add(path + ": must be a boolean");
        }
      }
      default -> {
      }
    }
    for (JsonNode rule : s.path("x-kubernetes-validations")) {
      String expression = rule.get("rule").asText();
      boolean transition = expression.contains("oldSelf");
      if (transition && (old == null || old.isNull() || old.isMissingNode())) {
        continue;
      }
      if (!evaluate(expression, value, old)) {
        errors.add(path + ": " + rule.path("message").asText(expression));
      }
    }
  }

  /** Evaluates one CEL rule; the rule must compile, or the CRD would be rejected by the API server. */
  public static boolean evaluate(String expression, JsonNode self, JsonNode oldSelf) {
    try {
      var program = RUNTIME.createProgram(COMPILER.compile(expression).getAst());
      Map<String, Object> vars = new LinkedHashMap<>();
      vars.put("self", toCel(self));
      if (oldSelf != null) {
        vars.put("oldSelf", toCel(oldSelf));
      }
      return Boolean.TRUE.equals(program.eval(vars));
    } catch (Exception e) {
      throw new IllegalStateException("CEL rule failed to evaluate: " + expression + ": " + e.getMessage(), e);
    }
  }

  /** A JSON value as CEL sees it: maps, lists, int64, double, bool and strings; JSON nulls are absent fields. */
  public static Object toCel(JsonNode node) {
    if (node.isObject()) {
      Map<String, Object> map = new LinkedHashMap<>();
      node.fields().forEachRemaining(f -> {
        if (!f.getValue().isNull()) {
          map.put(f.getKey(), toCel(f.getValue()));
        }
      });
      return map;
    }
    if (node.isArray()) {
      List<Object> list = new ArrayList<>();
      node.forEach(n -> list.add(toCel(n)));
      return list;
    }
    if (node.isIntegralNumber()) {
      return node.asLong();
    }
    if (node.isNumber()) {
      return node.asDouble();
    }
    if (node.isBoolean()) {
      return node.asBoolean();
    }
    return node.asText();
  }
}
