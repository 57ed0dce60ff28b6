package dev.alicloud.ipam.kubeapi;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.TableColumnDefinition;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The columns and cells kube-apiserver prints for core Events ({@code printEvent} of its printers): LAST SEEN, TYPE,
 * REASON, OBJECT, MESSAGE, and for {@code -o wide} SUBOBJECT, SOURCE, FIRST SEEN, COUNT, NAME.
 */
final class EventColumns {

  private EventColumns() {
  }

  static List<TableColumnDefinition> definitions() {
    return List.of(
        TableRenderer.definition("Last Seen", "string", "", 0, "Time when last occurrence of this event was recorded."),
        TableRenderer.definition("Type", "string", "", 0,
            "Type of this event (Normal, Warning), new types could be added in the future"),
        TableRenderer.definition("Reason", "string", "", 0,
            "This should be a short, machine understandable string that gives the reason for the transition into"
                + " the object's current status."),
        TableRenderer.definition("Object", "string", "", 0, "The object that this event is about."),
        TableRenderer.definition("Subobject", "string", "", 1, "The subobject that this event is about."),
        TableRenderer.definition("Source", "string", "", 1, "The component reporting this event."),
        TableRenderer.definition("Message", "string", "", 0,
            "A human-readable description of the status of this operation."),
        TableRenderer.definition("First Seen", "string", "", 1,
            "The time at which the event was first recorded."),
        TableRenderer.definition("Count", "string", "", 1, "The number of times this event has occurred."),
        TableRenderer.definition("Name", "string", "name", 1, "Name of the event."));
  }

  /** One event's cells, in the order of {@link #definitions()}. */
  static List<Object> cells(JsonNode event, Instant now) {
    String first = since(event.path("firstTimestamp"), now);
    if (first.isEmpty()) {
      first = since(event.path("eventTime"), now);
    }
    String last = since(event.path("lastTimestamp"), now);
    if (last.isEmpty()) {
      last = first;
    }
    long count = event.path("count").asLong(0);
    JsonNode series = event.path("series");
    if (series.isObject()) {
      last = since(series.path("lastObservedTime"), now);
      count = series.path("count").asLong(0);
    } else if (count == 0) {
      count = 1;
    }
    JsonNode involved = event.path("involvedObject");
    String kind = involved.path("kind").asText("").toLowerCase(Locale.ROOT);
    String name = involved.path("name").asText("");
    List<Object> cells = new ArrayList<>();
    cells.add(last);
    cells.add(event.path("type").asText(""));
    cells.add(event.path("reason").asText(""));
    cells.add(name.isEmpty() ? kind : kind + "/" + name);
    cells.add(involved.path("fieldPath").asText(""));
    cells.add(source(event));
    cells.add(event.path("message").asText("").strip());
    cells.add(first);
    cells.add(count);
    cells.add(event.path("metadata").path("name").asText(""));
    return cells;
  }

  /** {@code component, host}, or the reporting controller and instance of events.k8s.io-style events. */
  private static String source(JsonNode event) {
    String component = event.path("source").path("component").asText("");
    String host = event.path("source").path("host").asText("");
    if (component.isEmpty()) {
      component = event.path("reportingComponent").asText("");
      host = event.path("reportingInstance").asText("");
    }
    return host.isEmpty() ? component : component + ", " + host;
  }

  private static String since(JsonNode timestamp, Instant now) {
    return timestamp.isTextual() && !timestamp.asText().isEmpty() ? HumanDuration.since(timestamp.asText(), now) : "";
  }
}
