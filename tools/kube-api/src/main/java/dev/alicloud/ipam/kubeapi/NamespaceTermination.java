package dev.alicloud.ipam.kubeapi;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.mockwebserver.dsl.HttpMethod;
import io.fabric8.mockwebserver.http.MockResponse;
import java.net.HttpURLConnection;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Namespace deletion as kube-apiserver and its namespace controller do it, which the CRUD mock does not (it deletes the
 * Namespace object alone): a deleted namespace goes Terminating (deletionTimestamp, phase Terminating, the
 * {@code kubernetes} finalizer), refuses new content, has every namespaced object in it deleted (those with finalizers
 * are marked with a deletionTimestamp and stay until their finalizers are removed, as an operator's finalizer
 * releases what it holds), and is removed once empty.
 */
final class NamespaceTermination {

  /** The stored objects, read and written without admission or request recording. */
  interface Store {
    MockResponse handle(HttpMethod method, String path, String body);

    /** Stores a changed object as it is (the mock's update would delete a marked object without finalizers). */
    void replace(String path, ObjectNode object);

    List<ServedResource> types();

    JsonNode json(MockResponse response);
  }

  private static final String NAMESPACES = "/api/v1/namespaces";

  private final Store store;
  private final AtomicBoolean anyTerminating = new AtomicBoolean();
  /** Counts terminations, so that a pass does not clear {@link #anyTerminating} for one it did not see. */
  private final AtomicLong terminations = new AtomicLong();

  NamespaceTermination(Store store) {
    this.store = store;
  }

  /** The answer to {@code DELETE /api/v1/namespaces/<name>}: the namespace, Terminating. */
  MockResponse terminate(String name) {
    MockResponse current = store.handle(HttpMethod.GET, NAMESPACES + "/" + name, null);
    if (current.code() != HttpURLConnection.HTTP_OK) {
      return current;
    }
    JsonNode namespace = store.json(current);
    if (!namespace.path("metadata").has("deletionTimestamp") && namespace instanceof ObjectNode ns) {
      ((ObjectNode) ns.path("metadata")).put("deletionTimestamp", now());
      ns.withObject("/spec").putArray("finalizers").add("kubernetes");
      ns.withObject("/status").put("phase", "Terminating");
      store.replace(NAMESPACES + "/" + name, ns);
      namespace = ns;
    }
    terminations.incrementAndGet();
    anyTerminating.set(true);
    return new MockResponse().setResponseCode(HttpURLConnection.HTTP_OK).setHeader("Content-Type", "application/json")
        .setBody(namespace.toString());
  }

  boolean isTerminating(String name) {
    if (!anyTerminating.get()) {
      return false;
    }
    MockResponse current = store.handle(HttpMethod.GET, NAMESPACES + "/" + name, null);
    return current.code() == HttpURLConnection.HTTP_OK
        && store.json(current).path("metadata").has("deletionTimestamp");
  }

  /** One pass of the namespace controller over every terminating namespace. */
  void reap() {
    if (!anyTerminating.get()) {
      return;
    }
    long seen = terminations.get();
    boolean left = false;
    for (JsonNode namespace : store.json(store.handle(HttpMethod.GET, NAMESPACES, null)).path("items")) {
      if (namespace.path("metadata").has("deletionTimestamp")) {
        String name = namespace.path("metadata").path("name").asText();
        if (deleteContent(name)) {
          store.handle(HttpMethod.DELETE, NAMESPACES + "/" + name, null);
        } else {
          left = true;
        }
      }
    }
    if (!left && terminations.get() == seen) {
      anyTerminating.set(false);
    }
  }

  /** Deletes what the namespace holds; true when it holds nothing any more. */
  private boolean deleteContent(String namespace) {
    boolean empty = true;
    for (ServedResource type : store.types()) {
      if (!type.namespaced() || !type.preferredVersion()) {
        continue;
      }
      String collection = type.groupVersionPath() + "/namespaces/" + namespace + "/" + type.plural();
      JsonNode items = store.json(store.handle(HttpMethod.GET, collection, null)).path("items");
      for (JsonNode item : items instanceof ArrayNode ? items : List.<JsonNode>of()) {
        empty = false;
        if (!item.path("metadata").has("deletionTimestamp")) {
          store.handle(HttpMethod.DELETE, collection + "/" + item.path("metadata").path("name").asText(), null);
        }
      }
    }
    return empty;
  }

  private static String now() {
    return ZonedDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.SECONDS)
        .format(DateTimeFormatter.ISO_OFFSET_DATE_TIME);
  }
}
