package dev.alicloud.ipam.kubeapi;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.alicloud.ipam.kubeapi.ApiRequest.ResourceRef;
import dev.alicloud.ipam.kubeapi.admission.InvalidStatus;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.Status;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.JSONSchemaProps;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.fabric8.mockwebserver.crud.Attribute;
import io.fabric8.mockwebserver.crud.AttributeSet;
import io.fabric8.mockwebserver.crud.AttributeType;
import io.fabric8.mockwebserver.dsl.HttpMethod;
import io.fabric8.mockwebserver.http.Buffer;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.HttpURLConnection;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import java.util.concurrent.atomic.LongAdder;

/**
 * The fabric8 CRUD mock dispatcher made to behave like kube-apiserver for kubectl and the operator: it answers
 * discovery ({@code /api}, {@code /apis}, the APIResourceLists, {@code /version}) and OpenAPI v3 for the built-in types
 * and every installed CRD, renders custom resources and events as server-side Tables when asked, applies field
 * selectors the mock ignores to list responses, names lists by kind ({@code EventList}), applies the CRD schema's
 * defaults ({@link SchemaDefaults}) and admission ({@link AdmissionGate}) to custom resources it stores, computes their
 * merge and JSON patches (the status subresource's included), assigns random uids ({@link RandomUids}), terminates
 * deleted namespaces ({@link NamespaceTermination}) and refuses protobuf bodies the mock would hang on. Everything
 * else is the unchanged CRUD behaviour; {@link ApiFront} serves its watches over plain HTTP.
 */
public class ApiDiscoveryDispatcher extends KubernetesCrudDispatcher {

  private static final String CRDS_PATH = "/apis/apiextensions.k8s.io/v1/customresourcedefinitions";
  private static final String JSON = "application/json";

  private final ObjectMapper mapper = new ObjectMapper();
  private final KubernetesSerialization serialization = new KubernetesSerialization();
  private final DiscoveryDocuments discovery = new DiscoveryDocuments(serialization);
  private final OpenApiDocuments openApi = new OpenApiDocuments(mapper, serialization);
  private final TableRenderer tables;
  private final AdmissionGate admission;
  private final RandomUids uids = new RandomUids();
  private final ReentrantLock customWrites = new ReentrantLock();
  private final NamespaceTermination namespaces = new NamespaceTermination(new Store());

  public ApiDiscoveryDispatcher() {
    this(Clock.systemUTC(), true);
  }

  /**
   * @param clock the time AGE columns are computed at
   * @param admission whether custom resources pass admission (off only for tests that store, on purpose, what a
   *     cluster would refuse)
   */
  public ApiDiscoveryDispatcher(Clock clock, boolean admission) {
    super(List.of());
    this.tables = new TableRenderer(mapper, serialization, clock);
    this.admission = admission ? new AdmissionGate(mapper) : null;
  }

  static final String SELF_SUBJECT_RULES_REVIEWS = "/apis/authorization.k8s.io/v1/selfsubjectrulesreviews";

  /**
   * Goes on deleting the objects of terminating namespaces and then the namespaces; call it every so often (the
   * embedded API does, every half second).
   */
  void terminateNamespaces() {
    namespaces.reap();
  }

  /** The served types as of a count of CRD changes ({@link #crdGeneration}). */
  private record ServedTypes(long crdGeneration, List<ServedResource> resources) {
  }

  private final AtomicLong crdGeneration = new AtomicLong();
  private volatile ServedTypes servedTypes;
  private volatile Map<ApiCall, LongAdder> recorded;
  private volatile String unrecordedUserAgent;

  /**
   * Starts counting requests by {@link ApiCall} (off by default: names would pile up in a long sandbox), except
   * those whose User-Agent is {@code exceptUserAgent} (a test's own client; null: count all).
   */
  void recordCalls(String exceptUserAgent) {
    unrecordedUserAgent = exceptUserAgent;
    recorded = new ConcurrentHashMap<>();
  }

  /** The calls counted since {@link #recordCalls()}; empty when not recording. */
  Map<ApiCall, Long> recordedCalls() {
    Map<ApiCall, LongAdder> r = recorded;
    Map<ApiCall, Long> copy = new java.util.HashMap<>();
    if (r != null) {
      r.forEach((k, v) -> copy.put(k, v.sum()));
    }
    return copy;
  }

  @Override
  public MockResponse dispatch(RecordedRequest request) {
    Map<ApiCall, LongAdder> r = recorded;
    String skip = unrecordedUserAgent;
    if (r != null && (skip == null || !skip.equals(request.getHeader("User-Agent")))) {
      ApiCall.of(request.getMethod(), request.getPath())
          .ifPresent(call -> r.computeIfAbsent(call, k -> new LongAdder()).increment());
    }
    if (!"GET".equalsIgnoreCase(request.getMethod())) {
      String contentType = request.getHeader("Content-Type");
      if (contentType != null && contentType.contains("protobuf")) {
        // typed kubectl commands (create secret, create namespace...) send protobuf; the mock would never answer
        return status(415, "UnsupportedMediaType", "the sandbox API server accepts JSON only: write a manifest and"
            + " use kubectl apply -f or kubectl create -f");
      }
      try {
        if (request.getPath().startsWith(SELF_SUBJECT_RULES_REVIEWS)) {
          return json(HttpURLConnection.HTTP_CREATED, everythingAllowed(request));
        }
        MockResponse written = write(request);
        if ("POST".equalsIgnoreCase(request.getMethod()) && written.code() / 100 == 2 && written.getBody() != null
            && written.getBody().size() > 0) {
          // the answer to a create shows the uid that was stored
          written.setBody(withRandomUid(new String(written.getBody().getBytes(), StandardCharsets.UTF_8)));
        }
        return written;
      } catch (RuntimeException e) {
        return status(HttpURLConnection.HTTP_INTERNAL_ERROR, "InternalError", String.valueOf(e));
      }
    }
    ApiRequest api = ApiRequest.parse(request.getPath());
    if (api.watch()) {
      MockResponse watch = super.dispatch(request);
      if (watch.getWebSocketListener() != null) {
        watch.withWebSocketUpgrade(new WatchCloseOffEventLoop(watch.getWebSocketListener()));
      }
      return watch;
    }
    try {
      Optional<MockResponse> document = apiDocument(api);
      if (document.isPresent()) {
        return document.get();
      }
      Optional<ResourceRef> resource = api.resource();
      return resource.isEmpty() ? super.dispatch(request) : read(request, api, resource.get());
    } catch (RuntimeException e) {
      // an exception escaping the dispatcher leaves the client waiting for an answer that never comes
      return status(HttpURLConnection.HTTP_INTERNAL_ERROR, "InternalError", String.valueOf(e));
    }
  }

  /**
   * Stores objects the way a create would (a uid and generation 1 unless given, a resourceVersion, creationTimestamp,
   * the schema's defaults), but without an HTTP request each and without the CRUD mock's search for an existing
   * object, which scans every stored object: for loading thousands of objects at once. Unlike a create, the status is
   * kept. Call it before clients write; watchers are told as for a create.
   *
   * @throws IllegalArgumentException for a type that is not served
   */
  void preload(List<? extends HasMetadata> objects) {
    List<ServedResource> served = servedResources();
    String now = ZonedDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.SECONDS)
        .format(DateTimeFormatter.ISO_OFFSET_DATE_TIME);
    for (HasMetadata object : objects) {
      ServedResource type = served.stream()
          .filter(r -> r.groupVersion().equals(object.getApiVersion()) && r.kind().equals(object.getKind()))
          .findFirst()
          .orElseThrow(() -> new IllegalArgumentException("not served: " + object.getApiVersion() + " "
              + object.getKind()));
      GenericKubernetesResource stored = serialization.convertValue(object, GenericKubernetesResource.class);
      ObjectMeta meta = stored.getMetadata();
      meta.setUid(meta.getUid() != null ? meta.getUid() : UUID.randomUUID().toString());
      meta.setCreationTimestamp(now);
      meta.setResourceVersion(Long.toString(requestResourceVersion()));
      meta.setGeneration(meta.getGeneration() != null ? meta.getGeneration() : 1L);
      String path = type.groupVersionPath() + (type.namespaced() ? "/namespaces/" + meta.getNamespace() : "") + "/"
          + type.plural();
      String json = serialization.asJson(stored);
      if (type.schema() != null && SchemaDefaults.hasDefaults(type.schema())) {
        json = withDefaults(type.schema(), json);
      }
      super.processEvent(path, getKey(path).add(new Attribute("name", meta.getName())), null,
          serialization.unmarshal(json, GenericKubernetesResource.class), json);
    }
  }

  /**
   * The stored object a create, an update or a patch addresses: the CRUD mock's answer, found faster. The mock compares
   * the request's attributes with every stored object's; an object can only match when its name equals the request's,
   * so objects with another name are passed over with one comparison (the first match, in the same order, is
   * returned). The mock runs this for every single-object write, over every stored object.
   */
  @Override
  public Map.Entry<AttributeSet, String> findResource(AttributeSet attributes) {
    Attribute name = attributes.getAttribute("name");
    if (name == null || name.getType() != AttributeType.WITH) {
      return super.findResource(attributes);
    }
    for (Map.Entry<AttributeSet, String> entry : map.entrySet()) {
      if (name.equals(entry.getKey().getAttribute("name")) && entry.getKey().matches(attributes)) {
        return entry;
      }
    }
    return null;
  }

  /**
   * Every object the mock stores passes here, custom resources leave with their schema defaults: what a create, an
   * update or a patch (whose result the mock computes itself) stores and what watchers see is defaulted.
   */
  @Override
  public void processEvent(String path, AttributeSet pathAttributes, AttributeSet oldAttributes,
      GenericKubernetesResource resource, String value) {
    String created = oldAttributes == null && value != null ? withRandomUid(value) : value;
    String stored = created == null ? null
        : defaultingSchema(path).map(s -> withDefaults(s, created)).orElse(created);
    super.processEvent(path, pathAttributes, oldAttributes, resource, stored);
    if (path.startsWith(CRDS_PATH)) {
      crdGeneration.incrementAndGet(); // after the store: a list read before it is tagged with the old generation
    }
  }

  /** The object with {@link RandomUids}' uid in place of one the mock made up; anything else as it came. */
  private String withRandomUid(String json) {
    JsonNode node = readTree(json);
    if (node.get("metadata") instanceof ObjectNode metadata && RandomUids.isMocks(metadata.path("uid").asText(null))) {
      metadata.put("uid", uids.of(metadata.get("uid").asText()));
      return node.toString();
    }
    return json;
  }

  /**
   * A write (POST, PUT, PATCH, DELETE) as the mock handles it, plus what the apiserver does for custom resources:
   * schema defaulting of the body before the mock sees it (as the apiserver defaults while decoding, so an update that
   * merely omits defaulted fields does not bump the generation), admission ({@link AdmissionGate}) of the object as it
   * would be stored, and merge and JSON patches computed here and stored as an update of the whole object, so that
   * admission judges their result and a patch of the status subresource changes the status (and only the status).
   */
  private MockResponse write(RecordedRequest request) {
    String method = request.getMethod().toUpperCase(Locale.ROOT);
    Optional<ResourceRef> ref = ApiRequest.parse(request.getPath()).resource();
    if (method.equals("DELETE") && ref.filter(ApiDiscoveryDispatcher::isNamespace).isPresent()) {
      return namespaces.terminate(ref.get().name());
    }
    if (method.equals("POST") && ref.isPresent() && ref.get().namespace() != null
        && namespaces.isTerminating(ref.get().namespace())) {
      ResourceRef r = ref.get();
      String name = readTree(request.getBody() == null ? "" : request.getUtf8Body()).path("metadata").path("name")
          .asText("");
      return status(HttpURLConnection.HTTP_FORBIDDEN, "Forbidden", r.plural()
          + (r.group().isEmpty() ? "" : "." + r.group()) + (name.isEmpty() ? "" : " \"" + name + "\"")
          + " is forbidden: unable to create new content in namespace " + r.namespace()
          + " because it is being terminated");
    }
    if (!method.equals("POST") && !method.equals("PUT") && !method.equals("PATCH")) {
      return super.dispatch(request);
    }
    Optional<ServedResource> custom = ref.flatMap(this::lookup).filter(ServedResource::custom);
    if (custom.isEmpty() || ref.get().subresource() != null && !isStatus(ref.get())) {
      return super.dispatch(request);
    }
    // one custom-resource write at a time: a patch is computed from the stored object and stored as an update
    customWrites.lock();
    try {
      return writeCustomResource(request, method, ref.get(), custom.get());
    } finally {
      customWrites.unlock();
    }
  }

  private MockResponse writeCustomResource(RecordedRequest request, String method, ResourceRef ref,
      ServedResource type) {
    boolean status = isStatus(ref);
    Optional<JsonPatches.Type> patchType = JsonPatches.Type.of(request.getHeader("Content-Type"));
    if (method.equals("PATCH") && patchType.isEmpty()) {
      return super.dispatch(request);
    }
    JsonNode body = readTree(request.getBody() == null ? "" : request.getUtf8Body());
    JsonNode old = method.equals("POST") ? null : stored(type, ref).orElse(null);
    if (!method.equals("POST") && old == null) {
      return super.dispatch(request); // the mock's 404
    }
    JsonNode object;
    if (method.equals("PATCH")) {
      try {
        object = JsonPatches.apply(patchType.get(), body, old);
      } catch (IllegalArgumentException e) {
        return status(InvalidStatus.CODE, "Invalid", "the server rejected our request due to an error in our request: "
            + e.getMessage());
      }
    } else {
      object = body;
    }
    if (!(object instanceof ObjectNode written)) {
      return super.dispatch(request);
    }
    if (old != null && type.statusSubresource()) {
      written = status ? withStatusOf(old.deepCopy(), written) : withStatusOf(written, old);
    }
    ApiRequest api = ApiRequest.parse(request.getPath());
    List<String> unknown = admission == null ? List.of() : admission.pruneUnknownFields(type, written);
    String fieldValidation = api.param("fieldValidation").orElse("Warn");
    if (!unknown.isEmpty() && fieldValidation.equals("Strict")) {
      return status(HttpURLConnection.HTTP_BAD_REQUEST, "BadRequest", type.kind() + " in version \""
          + type.version() + "\" cannot be handled as a " + type.kind() + ": strict decoding error: "
          + String.join(", ", unknown.stream().map(f -> "unknown field \"" + f + "\"").toList()));
    }
    if (type.schema() != null && SchemaDefaults.hasDefaults(type.schema())) {
      SchemaDefaults.apply(type.schema(), written);
    }
    if (admission != null) {
      AdmissionGate.Write kind = old == null ? AdmissionGate.Write.CREATE
          : status ? AdmissionGate.Write.UPDATE_STATUS : AdmissionGate.Write.UPDATE;
      JsonNode judged = old == null && type.statusSubresource() ? withoutStatus(written) : written;
      Optional<Status> refusal = admission.refusal(type, kind, old, judged);
      if (refusal.isPresent()) {
        return json(InvalidStatus.CODE, serialization.asJson(refusal.get()));
      }
    }
    if (api.param("dryRun").isPresent()) {
      return json(old == null ? HttpURLConnection.HTTP_CREATED : HttpURLConnection.HTTP_OK, written.toString());
    }
    // without the query: the mock tells a status write by the path's end (?fieldManager=... hid it)
    RecordedRequest forwarded = new RecordedRequest(request.getHttpVersion(),
        method.equals("PATCH") ? HttpMethod.PUT : request.method(), api.path(), request.getHeaders(),
        new Buffer(written.toString().getBytes(StandardCharsets.UTF_8)));
    MockResponse response = super.dispatch(forwarded);
    if (response.code() / 100 == 2 && (response.getBody() == null || response.getBody().size() == 0)) {
      // the mock answers nothing when the write removed the last finalizer of a deleted object; the apiserver
      // answers the object as written
      response.setHeader("Content-Type", JSON).setBody(written.toString());
    }
    if (response.code() / 100 == 2 && fieldValidation.equals("Warn")) {
      // kubectl prints each as "Warning: unknown field ..."
      unknown.forEach(f -> response.addHeader("Warning", "299 - \"unknown field \\\"" + f + "\\\"\""));
    }
    if (response.code() / 100 == 2 && response.getBody() != null && response.getBody().size() > 0
        && type.schema() != null && SchemaDefaults.hasDefaults(type.schema())) {
      response.setBody(withDefaults(type.schema(),
          new String(response.getBody().getBytes(), StandardCharsets.UTF_8)));
    }
    return response;
  }

  private static boolean isNamespace(ResourceRef ref) {
    return ref.group().isEmpty() && ref.plural().equals("namespaces") && ref.name() != null
        && ref.subresource() == null && ref.namespace() == null;
  }

  /** What the namespace controller works with: the stored objects, without the request recording and admission. */
  final class Store implements NamespaceTermination.Store {

    @Override
    public MockResponse handle(HttpMethod method, String path, String body) {
      return ApiDiscoveryDispatcher.super.dispatch(new RecordedRequest("HTTP/1.1", method, path,
          io.fabric8.mockwebserver.http.Headers.builder().add("Content-Type", JSON).build(),
          new Buffer(body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8))));
    }

    @Override
    public void replace(String path, ObjectNode object) {
      AttributeSet key = getKey(path);
      Map.Entry<AttributeSet, String> existing = findResource(key);
      if (existing == null) {
        return;
      }
      ((ObjectNode) object.path("metadata")).put("resourceVersion", Long.toString(requestResourceVersion()));
      String json = object.toString();
      processEvent(path, key, existing.getKey(), serialization.unmarshal(json, GenericKubernetesResource.class), json);
    }

    @Override
    public List<ServedResource> types() {
      return servedResources();
    }

    @Override
    public JsonNode json(MockResponse response) {
      return readJson(response);
    }
  }

  private static boolean isStatus(ResourceRef ref) {
    return "status".equals(ref.subresource());
  }

  /** The stored object a write addresses, as the mock answers a GET of it. */
  private Optional<JsonNode> stored(ServedResource type, ResourceRef ref) {
    if (ref.name() == null) {
      return Optional.empty();
    }
    String path = type.groupVersionPath() + (ref.namespace() == null ? "" : "/namespaces/" + ref.namespace()) + "/"
        + type.plural() + "/" + ref.name();
    MockResponse response = super.handleGet(path);
    return response.code() == HttpURLConnection.HTTP_OK ? Optional.of(readJson(response)) : Optional.empty();
  }

  /** {@code target} with the status of {@code source} (none when it has none). */
  private static ObjectNode withStatusOf(ObjectNode target, JsonNode source) {
    JsonNode status = source.get("status");
    if (status == null || status.isNull()) {
      target.remove("status");
    } else {
      target.set("status", status.deepCopy());
    }
    return target;
  }

  private static JsonNode withoutStatus(ObjectNode object) {
    ObjectNode copy = object.deepCopy();
    copy.remove("status");
    return copy;
  }

  /** The schema of the custom resource a path names, if it declares defaults. */
  private Optional<JSONSchemaProps> defaultingSchema(String path) {
    return ApiRequest.parse(path).resource().flatMap(this::lookup)
        .map(ServedResource::schema)
        .filter(SchemaDefaults::hasDefaults);
  }

  /** The JSON object with the schema's defaults; anything else (not JSON, not an object) as it came. */
  private String withDefaults(JSONSchemaProps schema, String json) {
    try {
      JsonNode node = mapper.readTree(json);
      return node instanceof ObjectNode && SchemaDefaults.apply(schema, node) ? mapper.writeValueAsString(node) : json;
    } catch (JsonProcessingException e) {
      return json;
    }
  }

  /**
   * The types served right now: the built-in ones and those of every stored CRD. Kept until a CRD is stored or
   * deleted: every write asks (for the schema defaults), and reading the CRDs scans every stored object.
   */
  public List<ServedResource> servedResources() {
    long generation = crdGeneration.get();
    ServedTypes cached = servedTypes;
    if (cached != null && cached.crdGeneration() == generation) {
      return cached.resources();
    }
    List<ServedResource> resources = List.copyOf(readServedResources());
    servedTypes = new ServedTypes(generation, resources);
    return resources;
  }

  private List<ServedResource> readServedResources() {
    List<ServedResource> resources = new ArrayList<>(ServedResource.builtIns());
    JsonNode list = readJson(super.handleGet(CRDS_PATH));
    for (JsonNode item : list.path("items")) {
      resources.addAll(ServedResource.fromCrd(serialization.convertValue(item, CustomResourceDefinition.class)));
    }
    return resources;
  }

  private Optional<MockResponse> apiDocument(ApiRequest api) {
    List<String> s = api.segments();
    if (s.isEmpty()) {
      return ok(discovery.rootPaths(servedResources()));
    }
    String root = s.get(0);
    if (root.equals("version") && s.size() == 1) {
      return ok(discovery.version());
    }
    if (root.equals("api") && s.size() == 1) {
      return ok(discovery.apiVersions());
    }
    if (root.equals("api") && s.size() == 2) {
      return okOrNotFound(discovery.apiResourceList("", s.get(1), servedResources()));
    }
    if (root.equals("apis") && s.size() == 1) {
      return ok(discovery.apiGroupList(servedResources()));
    }
    if (root.equals("apis") && s.size() == 2) {
      return okOrNotFound(discovery.apiGroup(s.get(1), servedResources()));
    }
    if (root.equals("apis") && s.size() == 3) {
      return okOrNotFound(discovery.apiResourceList(s.get(1), s.get(2), servedResources()));
    }
    if (root.equals("openapi")) {
      if (s.size() == 2 && s.get(1).equals("v3")) {
        return ok(openApi.index(servedResources()));
      }
      if (s.size() > 2 && s.get(1).equals("v3")) {
        String key = String.join("/", s.subList(2, s.size()));
        return okOrNotFound(openApi.groupVersion(key, servedResources()));
      }
      return Optional.of(notFound());
    }
    return Optional.empty();
  }

  /**
   * A GET of a list or an object: field-selector filtering, the list kind ({@code EventList} instead of the mock's
   * {@code List}, which typed Go clients such as kubectl describe's event search cannot decode) and Table rendering
   * on top of the CRUD answer.
   */
  private MockResponse read(RecordedRequest request, ApiRequest api, ResourceRef ref) {
    ServedResource served = lookup(ref).orElse(null);
    FieldSelector selector = null;
    RecordedRequest forwarded = request;
    Optional<String> fieldSelector = api.param("fieldSelector").filter(v -> !v.isBlank());
    if (ref.list() && fieldSelector.isPresent()) {
      try {
        selector = FieldSelector.parse(fieldSelector.get());
      } catch (IllegalArgumentException e) {
        return status(HttpURLConnection.HTTP_BAD_REQUEST, "BadRequest", e.getMessage());
      }
      forwarded = new RecordedRequest(request.getHttpVersion(), request.method(), api.pathWithout("fieldSelector"),
          request.getHeaders(), request.getBody());
    }
    boolean events = served != null && served.group().isEmpty() && served.plural().equals("events");
    boolean table = served != null && (served.custom() || events) && ref.subresource() == null
        && wantsTable(request.getHeader("Accept"));
    boolean typedList = served != null && ref.list();
    if (selector == null && !table && !typedList) {
      return super.dispatch(request);
    }
    MockResponse response = super.dispatch(forwarded);
    if (response.code() != HttpURLConnection.HTTP_OK) {
      return response;
    }
    JsonNode body = readJson(response);
    if (body instanceof ObjectNode list && list.path("items").isArray()) {
      if (selector != null) {
        ArrayNode kept = mapper.createArrayNode();
        for (JsonNode item : list.get("items")) {
          if (selector.matches(item)) {
            kept.add(item);
          }
        }
        list.set("items", kept);
      }
      if (typedList) {
        list.put("apiVersion", served.groupVersion());
        list.put("kind", served.kind() + "List");
      }
    }
    TableRenderer.IncludeObject include = TableRenderer.IncludeObject.of(api.param("includeObject").orElse(null));
    String out = !table ? body.toString()
        : events ? tables.renderEvents(body, include)
        : tables.render(served.printerColumns(), body, include);
    return json(HttpURLConnection.HTTP_OK, out);
  }

  /** The served type a resource path names; built-in types are found without reading the stored CRDs. */
  private Optional<ServedResource> lookup(ResourceRef ref) {
    var builtIn = find(ServedResource.builtIns(), ref);
    return builtIn.isPresent() ? builtIn : find(servedResources(), ref);
  }

  private static Optional<ServedResource> find(List<ServedResource> resources, ResourceRef ref) {
    return resources.stream()
        .filter(r -> r.group().equals(ref.group()) && r.version().equals(ref.version())
            && r.plural().equals(ref.plural()))
        .findFirst();
  }

  /**
   * One watch event (a JSON line) as the watching request asked for it: the object as a Table of one row when it asked
   * for {@code as=Table} (kubectl get -w), as it came otherwise; null for an event the apiserver would not send. The
   * mock starts every watch with ADDED events of what it holds; a watch from a resourceVersion (a list's, as kubectl
   * get -w and informers watch) gets only what changed after it.
   */
  String watchEvent(String requestPath, String accept, String event) {
    ApiRequest api = ApiRequest.parse(requestPath);
    if (isReplayedBefore(api.param("resourceVersion"), readTree(event))) {
      return null;
    }
    if (!wantsTable(accept)) {
      return event;
    }
    Optional<ServedResource> served = api.resource().flatMap(this::lookup);
    boolean events = served.filter(r -> r.group().isEmpty() && r.plural().equals("events")).isPresent();
    if (served.isEmpty() || !served.get().custom() && !events || !(readTree(event) instanceof ObjectNode node)
        || !node.path("object").isObject()) {
      return event;
    }
    TableRenderer.IncludeObject include = TableRenderer.IncludeObject.of(api.param("includeObject").orElse(null));
    String table = events ? tables.renderEvents(node.get("object"), include)
        : tables.render(served.get().printerColumns(), node.get("object"), include);
    node.set("object", readTree(table));
    return node.toString();
  }

  private static boolean isReplayedBefore(Optional<String> resourceVersion, JsonNode event) {
    long from = resourceVersion.map(ApiDiscoveryDispatcher::number).orElse(0L);
    long version = number(event.path("object").path("metadata").path("resourceVersion").asText(""));
    return from > 0 && "ADDED".equals(event.path("type").asText()) && version > 0 && version <= from;
  }

  private static long number(String value) {
    try {
      return Long.parseLong(value);
    } catch (NumberFormatException e) {
      return 0;
    }
  }

  /** kubectl asks {@code application/json;as=Table;v=v1;g=meta.k8s.io,...,application/json}. */
  static boolean wantsTable(String accept) {
    return accept != null && accept.contains("as=Table");
  }

  private JsonNode readJson(MockResponse response) {
    try {
      byte[] bytes = response.getBody() == null ? new byte[0] : response.getBody().getBytes();
      return bytes.length == 0 ? mapper.createObjectNode() : mapper.readTree(bytes);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Optional<MockResponse> ok(String body) {
    return Optional.of(json(HttpURLConnection.HTTP_OK, body));
  }

  private Optional<MockResponse> okOrNotFound(Optional<String> body) {
    return Optional.of(body.map(b -> json(HttpURLConnection.HTTP_OK, b)).orElseGet(() -> notFound()));
  }

  private MockResponse notFound() {
    return status(HttpURLConnection.HTTP_NOT_FOUND, "NotFound", "the server could not find the requested resource");
  }

  private MockResponse status(int code, String reason, String message) {
    Status status = new StatusBuilder().withStatus("Failure").withCode(code).withReason(reason)
        .withMessage(message).build();
    return json(code, serialization.asJson(status));
  }

  /**
   * The sandbox has no authorization: everyone may do everything, and a SelfSubjectRulesReview (JOSDK asks one before
   * leader election) says so instead of echoing the request without a status, as the CRUD mock would.
   */
  private String everythingAllowed(RecordedRequest request) {
    var review = context.getMapper().createObjectNode();
    review.put("apiVersion", "authorization.k8s.io/v1");
    review.put("kind", "SelfSubjectRulesReview");
    var namespace = request.getBody() == null ? null
        : readTree(new String(request.getBody().getBytes(), StandardCharsets.UTF_8)).path("spec").path("namespace");
    review.putObject("spec").put("namespace", namespace == null ? "" : namespace.asText(""));
    var status = review.putObject("status");
    var rule = status.putArray("resourceRules").addObject();
    rule.putArray("verbs").add("*");
    rule.putArray("apiGroups").add("*");
    rule.putArray("resources").add("*");
    status.putArray("nonResourceRules").addObject().putArray("verbs").add("*");
    status.put("incomplete", false);
    return review.toString();
  }

  /** The JSON of a body; a missing node when it is none (the mock then answers as it does). */
  private JsonNode readTree(String json) {
    try {
      JsonNode node = context.getMapper().readTree(json);
      return node == null ? MissingNode.getInstance() : node;
    } catch (IOException e) {
      return MissingNode.getInstance();
    }
  }

  private static MockResponse json(int code, String body) {
    return new MockResponse().setResponseCode(code).setHeader("Content-Type", JSON).setBody(body);
  }
}
