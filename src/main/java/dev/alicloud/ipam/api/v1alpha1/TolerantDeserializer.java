package dev.alicloud.ipam.api.v1alpha1;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.BeanDescription;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.deser.std.StdDeserializer;
import com.fasterxml.jackson.databind.introspect.BeanPropertyDefinition;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.type.LogicalType;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Reads a part of the resource that no schema may have checked (a CRD installed without its schema, or written by a
 * newer or older version of it) without ever failing. Each field is bound strictly on its own: no coercion of
 * {@code "24"} into 24 or {@code 1} into true, no fractions into integers, no unknown fields. A field that does not
 * bind is left out and named in the problems handed to {@link #keep}. One odd object must not stop the informer that
 * serves every other resource: the fabric8 informer (and then JOSDK) stops on the first object it cannot read.
 */
abstract class TolerantDeserializer<T> extends StdDeserializer<T> {

  private static final ObjectMapper STRICT = JsonMapper.builder()
      .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
      .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
      .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
      .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
      .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
      .withCoercionConfig(LogicalType.Textual, strings -> strings  // 42 is not "42" either
          .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
          .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
          .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail))
      .build();
  private static final int SHOWN_VALUE_LENGTH = 40;

  private final Class<T> type;
  private final Set<String> known;
  private final Function<String, String> expected;

  /**
   * @param expected what a field should hold, in words for the user ("a whole number such as 24"); used when its
   *     value has the wrong type
   */
  protected TolerantDeserializer(Class<T> type, Function<String, String> expected) {
    super(type);
    this.type = type;
    this.expected = expected;
    BeanDescription bean = STRICT.getDeserializationConfig().introspect(STRICT.constructType(type));
    this.known = bean.findProperties().stream().filter(BeanPropertyDefinition::hasSetter)
        .map(BeanPropertyDefinition::getName).collect(Collectors.toUnmodifiableSet());
  }

  /**
   * Receives what was read and, per left-out field, what is wrong with it and its value as stored (both empty when
   * all was read).
   */
  protected abstract T keep(T value, Map<String, String> problems, Map<String, JsonNode> values);

  /** Builds the value when the whole part is not even an object. */
  protected abstract T unreadable(String problem);

  @Override
  public T deserialize(JsonParser parser, DeserializationContext context) throws IOException {
    JsonNode node = parser.readValueAsTree();
    if (node == null || !node.isObject()) {
      return unreadable("must be an object: got " + shown(node));
    }
    try {
      return keep(STRICT.treeToValue(node, type), Map.of(), Map.of()); // the usual case: one binding, as before
    } catch (JsonMappingException wholeFailed) {
      return fieldByField((ObjectNode) node);
    }
  }

  /** Binds each field on its own, to tell which ones do not fit and why. */
  private T fieldByField(ObjectNode node) throws IOException {
    ObjectNode readable = STRICT.createObjectNode();
    Map<String, String> problems = new LinkedHashMap<>();
    Map<String, JsonNode> values = new LinkedHashMap<>();
    for (Map.Entry<String, JsonNode> field : node.properties()) {
      String name = field.getKey();
      if (!known.contains(name)) {
        problems.put(name, "is not a field of this resource" + suggestion(name) + ": remove it (or upgrade the operator "
            + "if a newer CRD added it)");
        values.put(name, field.getValue());
        continue;
      }
      ObjectNode single = STRICT.createObjectNode().set(name, field.getValue());
      try {
        STRICT.treeToValue(single, type);
        readable.set(name, field.getValue());
      } catch (JsonMappingException e) {
        problems.put(name, "must be " + expected.apply(name) + ": got " + shown(field.getValue()));
        values.put(name, field.getValue());
      }
    }
    return keep(STRICT.treeToValue(readable, type), problems, values);
  }

  private String suggestion(String name) {
    return known.stream().filter(k -> k.equalsIgnoreCase(name)).findFirst().map(k -> " (did you mean " + k + "?)")
        .orElse("");
  }

  /** The value as JSON (quotes show a string, control characters are escaped), cut short. */
  private static String shown(JsonNode value) {
    String json = String.valueOf(value);
    return json.length() <= SHOWN_VALUE_LENGTH ? json : json.substring(0, SHOWN_VALUE_LENGTH) + "...";
  }
}
