package dev.alicloud.ipam.kubeapi;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.jayway.jsonpath.Configuration;
import com.jayway.jsonpath.InvalidPathException;
import com.jayway.jsonpath.JsonPath;
import com.jayway.jsonpath.Option;
import com.jayway.jsonpath.spi.json.JacksonJsonNodeJsonProvider;
import com.jayway.jsonpath.spi.mapper.JacksonMappingProvider;
import io.fabric8.kubernetes.api.model.ListMeta;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.PartialObjectMetadata;
import io.fabric8.kubernetes.api.model.Table;
import io.fabric8.kubernetes.api.model.TableColumnDefinition;
import io.fabric8.kubernetes.api.model.TableRow;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceColumnDefinition;
import io.fabric8.kubernetes.api.model.runtime.RawExtension;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * Server-side printing: turns an object or a list into a {@code meta.k8s.io/v1} Table, for custom resources built from
 * the CRD version's additionalPrinterColumns and for core Events with the apiserver's event columns, as a real API
 * server does when kubectl asks for {@code as=Table}. Without it kubectl prints only NAME and AGE.
 */
final class TableRenderer {

  /** How much of each object goes into {@code rows[].object}: the {@code includeObject} query parameter. */
  enum IncludeObject {
    NONE, METADATA, OBJECT;

    static IncludeObject of(String value) {
      return switch (value == null ? "" : value) {
        case "None" -> NONE;
        case "Object" -> OBJECT;
        default -> METADATA;
      };
    }
  }

  private static final String NAME_DESCRIPTION = "Name must be unique within a namespace. Is required when creating"
      + " resources, although some resources may allow a client to request the generation of an appropriate name"
      + " automatically. Name is primarily intended for creation idempotence and configuration definition. Cannot"
      + " be updated. More info: https://kubernetes.io/docs/concepts/overview/working-with-objects/names#names";
  private static final CustomResourceColumnDefinition DEFAULT_AGE_COLUMN = new CustomResourceColumnDefinition(
      "CreationTimestamp is a timestamp representing the server time when this object was created.", null,
      ".metadata.creationTimestamp", "Age", 0, "date");

  private final ObjectMapper mapper;
  private final KubernetesSerialization serialization;
  private final Configuration jsonPathConfig;
  private final Clock clock;
  private final Map<String, JsonPath> compiled = new ConcurrentHashMap<>();

  TableRenderer(ObjectMapper mapper, KubernetesSerialization serialization, Clock clock) {
    this.mapper = mapper;
    this.serialization = serialization;
    this.clock = clock;
    this.jsonPathConfig = Configuration.builder()
        .jsonProvider(new JacksonJsonNodeJsonProvider(mapper))
        .mappingProvider(new JacksonMappingProvider(mapper))
        .options(Option.SUPPRESS_EXCEPTIONS, Option.ALWAYS_RETURN_LIST)
        .build();
  }

  /**
   * The Table of a list response ({@code items}) or of a single custom resource.
   *
   * @param columns the printer columns; empty means the API server default (NAME, AGE)
   */
  String render(List<CustomResourceColumnDefinition> columns, JsonNode listOrObject, IncludeObject include) {
    List<CustomResourceColumnDefinition> printed = columns.isEmpty() ? List.of(DEFAULT_AGE_COLUMN) : columns;
    List<TableColumnDefinition> definitions = new ArrayList<>();
    definitions.add(definition("Name", "string", "name", 0, NAME_DESCRIPTION));
    for (CustomResourceColumnDefinition c : printed) {
      String description = c.getDescription() == null || c.getDescription().isEmpty()
          ? "Custom resource definition column (in JSONPath format): " + c.getJsonPath() : c.getDescription();
      definitions.add(definition(c.getName(), c.getType() == null ? "string" : c.getType(), c.getFormat(),
          c.getPriority(), description));
    }
    return render(definitions, object -> {
      List<Object> cells = new ArrayList<>();
      cells.add(object.path("metadata").path("name").asText(""));
      for (CustomResourceColumnDefinition c : printed) {
        cells.add(cell(c, object));
      }
      return cells;
    }, listOrObject, include);
  }

  /** The Table of a list of core Events or of one, with the apiserver's event columns ({@link EventColumns}). */
  String renderEvents(JsonNode listOrObject, IncludeObject include) {
    return render(EventColumns.definitions(), object -> EventColumns.cells(object, clock.instant()), listOrObject,
        include);
  }

  private String render(List<TableColumnDefinition> definitions, Function<JsonNode, List<Object>> cells,
      JsonNode listOrObject, IncludeObject include) {
    Table table = new Table();
    table.setApiVersion("meta.k8s.io/v1");
    table.setKind("Table");
    table.setColumnDefinitions(definitions);

    List<JsonNode> objects = new ArrayList<>();
    ListMeta listMeta = new ListMeta();
    if (listOrObject.has("items")) {
      listOrObject.get("items").forEach(objects::add);
      JsonNode meta = listOrObject.path("metadata");
      listMeta.setResourceVersion(meta.path("resourceVersion").asText(null));
      listMeta.setContinue(meta.path("continue").asText(null));
    } else {
      objects.add(listOrObject);
      listMeta.setResourceVersion(listOrObject.path("metadata").path("resourceVersion").asText(null));
    }
    table.setMetadata(listMeta);

    List<TableRow> rows = new ArrayList<>();
    for (JsonNode object : objects) {
      TableRow row = new TableRow();
      row.setCells(cells.apply(object));
      row.setObject(rowObject(object, include));
      rows.add(row);
    }
    table.setRows(rows);
    return serialization.asJson(table);
  }

  static TableColumnDefinition definition(String name, String type, String format, Integer priority,
      String description) {
    var definition = new TableColumnDefinition();
    definition.setName(name);
    definition.setType(type);
    definition.setFormat(format == null ? "" : format);
    definition.setPriority(priority == null ? 0 : priority);
    definition.setDescription(description == null ? "" : description);
    return definition;
  }

  private RawExtension rowObject(JsonNode object, IncludeObject include) {
    return switch (include) {
      case NONE -> null;
      case OBJECT -> new RawExtension(object);
      case METADATA -> {
        var partial = new PartialObjectMetadata();
        partial.setApiVersion("meta.k8s.io/v1");
        partial.setKind("PartialObjectMetadata");
        partial.setMetadata(serialization.convertValue(object.path("metadata"), ObjectMeta.class));
        yield new RawExtension(partial);
      }
    };
  }

  /**
   * The cell of one column: the first value the JSONPath yields, typed like the column, dates as an age ("5m") like
   * the API server renders them; "" when the path yields nothing.
   */
  private Object cell(CustomResourceColumnDefinition column, JsonNode object) {
    JsonNode found = first(column.getJsonPath(), object);
    if (found == null || found.isNull() || found.isMissingNode()) {
      return "";
    }
    String type = column.getType() == null ? "string" : column.getType();
    return switch (type) {
      case "integer" -> found.canConvertToLong() ? (Object) found.asLong() : found.asText();
      case "number" -> found.isNumber() ? (Object) found.numberValue() : found.asText();
      case "boolean" -> found.isBoolean() ? (Object) found.asBoolean() : found.asText();
      case "date" -> found.isTextual() ? HumanDuration.since(found.asText(), clock.instant()) : "<invalid>";
      default -> found.isValueNode() ? found.asText() : found.toString();
    };
  }

  private JsonNode first(String kubernetesJsonPath, JsonNode object) {
    Object result;
    try {
      result = compiled.computeIfAbsent(kubernetesJsonPath, TableRenderer::compile).read(object, jsonPathConfig);
    } catch (InvalidPathException e) {
      return null; // a path JsonPath cannot parse prints as an empty cell rather than failing the whole listing
    }
    if (result instanceof JsonNode node && node.isArray()) {
      return node.isEmpty() ? null : node.get(0);
    }
    return result instanceof JsonNode node ? node : result == null ? null : mapper.valueToTree(result);
  }

  /** Kubernetes printer-column paths are {@code .a.b} or {@code {.a.b}}; JsonPath wants {@code $.a.b}. */
  private static JsonPath compile(String kubernetesJsonPath) {
    String p = kubernetesJsonPath.trim();
    if (p.startsWith("{") && p.endsWith("}")) {
      p = p.substring(1, p.length() - 1).trim();
    }
    if (!p.startsWith("$")) {
      p = "$" + (p.startsWith(".") || p.startsWith("[") ? "" : ".") + p;
    }
    return JsonPath.compile(p);
  }
}
