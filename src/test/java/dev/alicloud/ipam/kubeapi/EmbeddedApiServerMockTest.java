package dev.alicloud.ipam.kubeapi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.alicloud.ipam.api.v1alpha1.IpamPoolAllocation;
import dev.alicloud.ipam.api.v1alpha1.IpamPoolAllocationStatus;
import dev.alicloud.ipam.testing.AllocationBuilder;
import io.fabric8.kubernetes.api.model.APIGroup;
import io.fabric8.kubernetes.api.model.APIResource;
import io.fabric8.kubernetes.api.model.ConditionBuilder;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@Tag("mock")
class EmbeddedApiServerMockTest {

  private static final String GROUP_VERSION = "ipam.alicloud.dev/v1alpha1";
  private static final String ALLOCATIONS = "/apis/ipam.alicloud.dev/v1alpha1/namespaces/default/ipampoolallocations";
  private static final String KUBECTL_TABLE_ACCEPT = "application/json;as=Table;v=v1;g=meta.k8s.io,"
      + "application/json;as=Table;v=v1beta1;g=meta.k8s.io,application/json";
  private static final ObjectMapper JSON = new ObjectMapper();

  private static EmbeddedApiServer server;
  private static KubernetesClient client;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  @BeforeAll
  static void start() {
    server = EmbeddedApiServer.start("127.0.0.1", 0);
    client = server.client();
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @Test
  void listensOnTheEphemeralPortItReports() {
    assertThat(server.port()).isPositive();
    assertThat(server.url()).isEqualTo("http://127.0.0.1:" + server.port());
    assertThat(client.getMasterUrl().getHost()).as("the server's own client talks to the mock on loopback")
        .isEqualTo("127.0.0.1");
  }

  @Test
  void assignsARandomUidOnEveryCreateAsTheApiServerDoes() {
    var resources = client.resources(IpamPoolAllocation.class).inNamespace("default");
    IpamPoolAllocation asked = AllocationBuilder.named("uid-one").cidrMask(24).build();
    asked.getMetadata().setUid("00000000-0000-0000-0000-000000000001");
    String one = resources.resource(asked).create().getMetadata().getUid();
    String two = resources.resource(AllocationBuilder.named("uid-two").cidrMask(24).build()).create().getMetadata()
        .getUid();
    assertThat(java.util.UUID.fromString(one).version()).as(one).isEqualTo(4);
    assertThat(java.util.UUID.fromString(two).version()).as(two).isEqualTo(4);
    assertThat(one).isNotEqualTo(two).isEqualTo(resources.withName("uid-one").get().getMetadata().getUid());
  }

  @Test
  void installsTheCrdAndTheDefaultNamespace() {
    assertThat(client.apiextensions().v1().customResourceDefinitions()
        .withName("ipampoolallocations.ipam.alicloud.dev").get()).isNotNull();
    Namespace ns = client.namespaces().withName("default").get();
    assertThat(ns).isNotNull();
    assertThat(ns.getStatus().getPhase()).isEqualTo("Active");
  }

  @Test
  void servesLegacyDiscoveryOverHttp() throws Exception {
    assertThat(getJson("/api").path("versions")).extracting(JsonNode::asText).containsExactly("v1");

    JsonNode groups = getJson("/apis");
    assertThat(groups.path("kind").asText()).isEqualTo("APIGroupList");
    JsonNode ipam = find(groups.path("groups"), "name", "ipam.alicloud.dev");
    assertThat(ipam.path("preferredVersion").path("groupVersion").asText()).isEqualTo(GROUP_VERSION);
    assertThat(groups.path("groups")).extracting(g -> g.path("name").asText())
        .contains("apiextensions.k8s.io", "coordination.k8s.io");

    JsonNode core = getJson("/api/v1");
    assertThat(core.path("groupVersion").asText()).isEqualTo("v1");
    assertThat(core.path("resources")).extracting(r -> r.path("name").asText())
        .contains("namespaces", "secrets", "configmaps", "events", "serviceaccounts");
    assertThat(find(core.path("resources"), "name", "namespaces").path("namespaced").asBoolean()).isFalse();

    JsonNode custom = getJson("/apis/" + GROUP_VERSION);
    assertThat(custom.path("kind").asText()).isEqualTo("APIResourceList");
    JsonNode allocations = find(custom.path("resources"), "name", "ipampoolallocations");
    assertThat(allocations.path("kind").asText()).isEqualTo("IpamPoolAllocation");
    assertThat(allocations.path("singularName").asText()).isEqualTo("ipampoolallocation");
    assertThat(allocations.path("namespaced").asBoolean()).isTrue();
    assertThat(allocations.path("shortNames")).extracting(JsonNode::asText).containsExactly("ipa");
    assertThat(allocations.path("categories")).extracting(JsonNode::asText).containsExactly("alicloud", "ipam");
    assertThat(allocations.path("verbs")).extracting(JsonNode::asText)
        .contains("get", "list", "watch", "create", "update", "patch", "delete");
    assertThat(find(custom.path("resources"), "name", "ipampoolallocations/status").path("verbs"))
        .extracting(JsonNode::asText).containsExactlyInAnyOrder("get", "patch", "update");

    assertThat(find(getJson("/apis/coordination.k8s.io/v1").path("resources"), "name", "leases")
        .path("kind").asText()).isEqualTo("Lease");
    assertThat(getJson("/apis/ipam.alicloud.dev").path("versions").get(0).path("version").asText())
        .isEqualTo("v1alpha1");
    assertThat(getJson("/version").path("major").asText()).isEqualTo("1");
    assertThat(get("/apis/nope.example.com/v1", null).statusCode()).isEqualTo(404);
  }

  @Test
  void servesOpenApiV3StubsThatMakeKubectlSkipClientSideValidation() throws Exception {
    JsonNode index = getJson("/openapi/v3");
    String url = index.path("paths").path("apis/" + GROUP_VERSION).path("serverRelativeURL").asText();
    assertThat(url).startsWith("/openapi/v3/apis/" + GROUP_VERSION + "?hash=");
    assertThat(index.path("paths").has("api/v1")).isTrue();

    JsonNode document = getJson(url);
    JsonNode patch = document.path("paths")
        .path("/apis/" + GROUP_VERSION + "/namespaces/{namespace}/ipampoolallocations/{name}").path("patch");
    assertThat(patch.path("x-kubernetes-group-version-kind").path("kind").asText()).isEqualTo("IpamPoolAllocation");
    assertThat(patch.path("x-kubernetes-group-version-kind").path("group").asText()).isEqualTo("ipam.alicloud.dev");
    assertThat(patch.path("parameters")).extracting(p -> p.path("name").asText()).contains("fieldValidation");
    JsonNode schema = document.path("components").path("schemas").path("dev.alicloud.ipam.v1alpha1.IpamPoolAllocation");
    assertThat(schema.path("properties").path("spec").path("properties").has("ipamPoolId")).isTrue();

    assertThat(get("/openapi/v2", null).statusCode()).isEqualTo(404);
    assertThat(get("/openapi/v3/apis/nope.example.com/v1", null).statusCode()).isEqualTo(404);
  }

  @Test
  void fabric8DiscoveryFindsTheCustomResource() {
    assertThat(client.getApiGroups().getGroups()).extracting(APIGroup::getName).contains("ipam.alicloud.dev");
    APIResource allocations = client.getApiResources(GROUP_VERSION).getResources().stream()
        .filter(r -> r.getName().equals("ipampoolallocations")).findFirst().orElseThrow();
    assertThat(allocations.getKind()).isEqualTo("IpamPoolAllocation");
    assertThat(allocations.getShortNames()).containsExactly("ipa");
    assertThat(allocations.getNamespaced()).isTrue();
  }

  @Test
  void rendersCustomResourcesAsServerSideTablesWhenAsked() throws Exception {
    createReady("table-ready", "10.0.1.0/24");
    client.resource(AllocationBuilder.named("table-pending").cidrMask(24).build()).create();

    JsonNode table = getJson(ALLOCATIONS, KUBECTL_TABLE_ACCEPT);
    assertThat(table.path("kind").asText()).isEqualTo("Table");
    assertThat(table.path("apiVersion").asText()).isEqualTo("meta.k8s.io/v1");
    List<String> columns = new ArrayList<>();
    table.path("columnDefinitions").forEach(c -> columns.add(c.path("name").asText()));
    assertThat(columns).first().isEqualTo("Name");
    assertThat(columns).contains("CIDR", "POOL", "READY", "REASON", "AGE", "ALLOCATION", "REGION", "POLICY");
    JsonNode nameColumn = table.path("columnDefinitions").get(0);
    assertThat(nameColumn.path("format").asText()).isEqualTo("name");
    assertThat(column(table, "ALLOCATION").path("priority").asInt()).isEqualTo(1);
    assertThat(column(table, "CIDR").path("priority").asInt()).isZero();
    assertThat(column(table, "AGE").path("type").asText()).isEqualTo("date");

    JsonNode ready = row(table, "table-ready");
    assertThat(cell(table, ready, "CIDR")).isEqualTo("10.0.1.0/24");
    assertThat(cell(table, ready, "READY")).isEqualTo("True");
    assertThat(cell(table, ready, "REASON")).isEqualTo("Allocated");
    assertThat(cell(table, ready, "POOL")).isEqualTo(dev.alicloud.ipam.testing.Fixtures.POOL);
    assertThat(cell(table, ready, "AGE")).matches("\\d+s");
    JsonNode meta = ready.path("object");
    assertThat(meta.path("kind").asText()).isEqualTo("PartialObjectMetadata");
    assertThat(meta.path("metadata").path("namespace").asText()).isEqualTo("default");
    assertThat(meta.path("metadata").has("creationTimestamp")).isTrue();
    assertThat(meta.has("spec")).isFalse();

    JsonNode pending = row(table, "table-pending");
    assertThat(cell(table, pending, "CIDR")).isEmpty();
    assertThat(cell(table, pending, "READY")).isEmpty();

    JsonNode single = getJson(ALLOCATIONS + "/table-ready", KUBECTL_TABLE_ACCEPT);
    assertThat(single.path("kind").asText()).isEqualTo("Table");
    assertThat(single.path("rows")).hasSize(1);
    assertThat(single.path("rows").get(0).path("cells").get(0).asText()).isEqualTo("table-ready");

    JsonNode full = getJson(ALLOCATIONS + "/table-ready?includeObject=Object", KUBECTL_TABLE_ACCEPT);
    assertThat(full.path("rows").get(0).path("object").path("status").path("cidr").asText())
        .isEqualTo("10.0.1.0/24");
  }

  @Test
  void appliesTheSchemaDefaultsOnCreateUpdateAndPatch() throws Exception {
    var allocations = client.resources(IpamPoolAllocation.class).inNamespace("default");
    IpamPoolAllocation created = client.resource(AllocationBuilder.named("defaulted").cidrMask(24).build()).create();
    assertThat(created.getSpec().getDeletionPolicy()).as("the answer to the create").hasToString("Delete");
    assertThat(created.getSpec().getDryRun()).isFalse();
    JsonNode stored = getJson(ALLOCATIONS + "/defaulted");
    assertThat(stored.at("/spec/deletionPolicy").asText()).isEqualTo("Delete");
    assertThat(stored.at("/spec/dryRun").isBoolean()).isTrue();
    assertThat(stored.at("/spec/dryRun").asBoolean()).isFalse();
    long generation = stored.at("/metadata/generation").asLong();

    JsonNode wide = getJson(ALLOCATIONS + "/defaulted", KUBECTL_TABLE_ACCEPT);
    assertThat(cell(wide, row(wide, "defaulted"), "POLICY")).isEqualTo("Delete");

    // an update that merely omits the defaulted fields changes nothing, the generation included
    created.getSpec().setDeletionPolicy(null);
    created.getSpec().setDryRun(null);
    IpamPoolAllocation updated = client.resource(created).update();
    assertThat(updated.getSpec().getDeletionPolicy()).hasToString("Delete");
    assertThat(updated.getMetadata().getGeneration()).isEqualTo(generation);

    IpamPoolAllocation orphaned = allocations.withName("defaulted").patch(PatchContext.of(PatchType.JSON_MERGE),
        "{\"spec\": {\"deletionPolicy\": \"Orphan\", \"dryRun\": null}}");
    assertThat(orphaned.getSpec().getDeletionPolicy()).as("the answer to the patch").hasToString("Orphan");
    assertThat(orphaned.getSpec().getDryRun()).isFalse();
    assertThat(getJson(ALLOCATIONS + "/defaulted").at("/spec/dryRun").isBoolean()).isTrue();

    allocations.withName("defaulted").patch(PatchContext.of(PatchType.JSON_MERGE),
        "{\"spec\": {\"deletionPolicy\": null}}");
    assertThat(getJson(ALLOCATIONS + "/defaulted").at("/spec/deletionPolicy").asText()).isEqualTo("Delete");
    allocations.withName("defaulted").patch(PatchContext.of(PatchType.JSON),
        "[{\"op\": \"remove\", \"path\": \"/spec/deletionPolicy\"}]");
    assertThat(getJson(ALLOCATIONS + "/defaulted").at("/spec/deletionPolicy").asText()).isEqualTo("Delete");

    JsonNode list = getJson(ALLOCATIONS, KUBECTL_TABLE_ACCEPT);
    assertThat(cell(list, row(list, "defaulted"), "POLICY")).isEqualTo("Delete");
  }

  @Test
  void leavesPlainReadsAndErrorsAsTheCrudMockAnswersThem() throws Exception {
    createReady("plain", "10.0.2.0/24");
    JsonNode object = getJson(ALLOCATIONS + "/plain");
    assertThat(object.path("kind").asText()).isEqualTo("IpamPoolAllocation");
    assertThat(object.path("status").path("cidr").asText()).isEqualTo("10.0.2.0/24");
    assertThat(get(ALLOCATIONS + "/missing", KUBECTL_TABLE_ACCEPT).statusCode()).isEqualTo(404);

    JsonNode list = getJson(ALLOCATIONS);
    assertThat(list.path("kind").asText()).isEqualTo("IpamPoolAllocationList");
    assertThat(list.path("apiVersion").asText()).isEqualTo(GROUP_VERSION);
    // built-in kinds are not rendered as tables: kubectl prints them itself
    assertThat(getJson("/api/v1/namespaces", KUBECTL_TABLE_ACCEPT).path("kind").asText()).isEqualTo("NamespaceList");
  }

  @Test
  void filtersListsByFieldSelectorsTheCrudMockIgnores() throws Exception {
    var target = createReady("fs-target", "10.0.3.0/24");
    createReady("fs-other", "10.0.4.0/24");
    String uid = target.getMetadata().getUid();
    recordEvent("fs-target.1", "fs-target", uid, "Allocated");
    recordEvent("fs-other.1", "fs-other", "another-uid", "Allocated");

    String selector = "involvedObject.name=fs-target,involvedObject.namespace=default,"
        + "involvedObject.kind=IpamPoolAllocation,involvedObject.uid=" + uid;
    JsonNode events = getJson("/api/v1/namespaces/default/events?fieldSelector="
        + URLEncoder.encode(selector, StandardCharsets.UTF_8) + "&limit=500");
    assertThat(events.path("kind").asText()).isEqualTo("EventList");
    assertThat(events.path("items")).extracting(e -> e.path("metadata").path("name").asText())
        .containsExactly("fs-target.1");

    assertThat(client.v1().events().inNamespace("default").withField("involvedObject.name", "fs-other").list()
        .getItems()).extracting(Event::getMetadata).extracting(m -> m.getName()).containsExactly("fs-other.1");

    JsonNode byName = getJson(ALLOCATIONS + "?fieldSelector=" + URLEncoder.encode("metadata.name=fs-target",
        StandardCharsets.UTF_8));
    assertThat(byName.path("items")).extracting(i -> i.path("metadata").path("name").asText())
        .containsExactly("fs-target");
    JsonNode notByName = getJson(ALLOCATIONS + "?fieldSelector=" + URLEncoder.encode("metadata.name!=fs-target",
        StandardCharsets.UTF_8));
    assertThat(notByName.path("items")).extracting(i -> i.path("metadata").path("name").asText())
        .contains("fs-other").doesNotContain("fs-target");
    JsonNode tableByName = getJson(ALLOCATIONS + "?fieldSelector=" + URLEncoder.encode("metadata.name=fs-other",
        StandardCharsets.UTF_8), KUBECTL_TABLE_ACCEPT);
    assertThat(tableByName.path("rows")).hasSize(1);

    assertThat(get("/api/v1/namespaces/default/events?fieldSelector=nonsense", null).statusCode()).isEqualTo(400);
  }

  @Test
  void watchesStillWorkForTheFabric8Client() {
    createReady("watched", "10.0.5.0/24");
    List<String> seen = new CopyOnWriteArrayList<>();
    var allocations = client.resources(IpamPoolAllocation.class).inNamespace("default");
    try (var watch = allocations.withName("watched").watch(new Watcher<>() {
      @Override
      public void eventReceived(Action action, IpamPoolAllocation resource) {
        seen.add(action + " " + resource.getMetadata().getName() + " " + resource.getMetadata().getLabels());
      }

      @Override
      public void onClose(WatcherException cause) {
      }
    })) {
      allocations.withName("watched").edit(r -> {
        r.getMetadata().setLabels(java.util.Map.of("seen", "yes"));
        return r;
      });
      await().atMost(Duration.ofSeconds(10)).until(() -> seen.stream().anyMatch(s -> s.contains("seen=yes")));
      assertThat(seen).allMatch(s -> s.contains(" watched "));
    }
  }

  @Test
  void aFabric8ClientOfTheKubeconfigWatchesOverWebSocketThroughThePublicPort(@TempDir Path dir) throws Exception {
    createReady("ws-watched", "10.0.6.0/24");
    Path kubeconfig = server.writeKubeconfig(dir.resolve("config"), "default");
    List<String> seen = new CopyOnWriteArrayList<>();
    try (KubernetesClient external = new KubernetesClientBuilder()
        .withConfig(Config.fromKubeconfig(Files.readString(kubeconfig))).build();
        var watch = external.resources(IpamPoolAllocation.class).inNamespace("default").withName("ws-watched")
            .watch(new Watcher<>() {
              @Override
              public void eventReceived(Action action, IpamPoolAllocation resource) {
                seen.add(action + " " + resource.getMetadata().getLabels());
              }

              @Override
              public void onClose(WatcherException cause) {
              }
            })) {
      client.resources(IpamPoolAllocation.class).inNamespace("default").withName("ws-watched").edit(r -> {
        r.getMetadata().setLabels(java.util.Map.of("through", "front"));
        return r;
      });
      await().atMost(Duration.ofSeconds(10)).until(() -> seen.stream().anyMatch(s -> s.contains("through=front")));
    }
  }

  @Test
  void servesWatchesOverPlainHttpAsOneJsonEventPerLineFromTheListsResourceVersion() throws Exception {
    createReady("http-before", "10.0.7.0/24");
    String listVersion = JSON.readTree(get(ALLOCATIONS, null).body()).at("/metadata/resourceVersion").asText();
    List<String> lines = new CopyOnWriteArrayList<>();
    HttpRequest watch = HttpRequest.newBuilder(URI.create(server.url() + ALLOCATIONS + "?watch=1&resourceVersion="
        + listVersion + "&timeoutSeconds=20")).build();
    var response = http.sendAsync(watch, HttpResponse.BodyHandlers.ofLines());
    response.thenAccept(r -> r.body().forEach(lines::add));
    await().atMost(Duration.ofSeconds(10)).until(response::isDone);
    assertThat(response.get().statusCode()).isEqualTo(200);
    assertThat(response.get().headers().firstValue("Content-Type")).hasValue("application/json");

    createReady("http-after", "10.0.8.0/24");
    client.resources(IpamPoolAllocation.class).inNamespace("default").withName("http-after").edit(r -> {
      r.getMetadata().setLabels(java.util.Map.of("changed", "yes"));
      return r;
    });
    await().atMost(Duration.ofSeconds(10)).until(() -> lines.stream().anyMatch(l -> l.contains("\"changed\":\"yes\"")));
    List<JsonNode> events = new ArrayList<>();
    for (String line : lines) {
      events.add(JSON.readTree(line));
    }
    assertThat(events).allMatch(e -> e.path("object").at("/metadata/name").asText().equals("http-after"))
        .as("nothing from before the list's resourceVersion").isNotEmpty();
    assertThat(events.get(0).path("type").asText()).isEqualTo("ADDED");
    assertThat(events).anyMatch(e -> e.path("type").asText().equals("MODIFIED"));
  }

  @Test
  void watchEventsCarryTablesWhenKubectlAsksForThem() throws Exception {
    createReady("table-watched", "10.0.9.0/24");
    List<String> lines = new CopyOnWriteArrayList<>();
    HttpRequest watch = HttpRequest.newBuilder(URI.create(server.url() + ALLOCATIONS
        + "?watch=true&fieldSelector=metadata.name%3Dtable-watched&timeoutSeconds=20"))
        .header("Accept", KUBECTL_TABLE_ACCEPT).build();
    http.sendAsync(watch, HttpResponse.BodyHandlers.ofLines()).thenAccept(r -> r.body().forEach(lines::add));
    await().atMost(Duration.ofSeconds(10)).until(() -> !lines.isEmpty());
    JsonNode event = JSON.readTree(lines.get(0));
    assertThat(event.path("type").asText()).isEqualTo("ADDED");
    assertThat(event.at("/object/kind").asText()).isEqualTo("Table");
    assertThat(event.at("/object/rows/0/cells/0").asText()).isEqualTo("table-watched");
    assertThat(event.at("/object/rows/0/cells/3").asText()).isEqualTo("10.0.9.0/24");
  }

  @Test
  void refusesProtobufBodiesInsteadOfHanging() throws Exception {
    HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(server.url()
            + "/api/v1/namespaces/default/secrets"))
        .header("Content-Type", "application/vnd.kubernetes.protobuf")
        .timeout(Duration.ofSeconds(10))
        .POST(HttpRequest.BodyPublishers.ofByteArray(new byte[] {'k', '8', 's', 0}))
        .build(), HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).isEqualTo(415);
    assertThat(response.body()).contains("JSON only");
  }

  @Test
  void writesAKubeconfigThatPointsAtTheServer(@TempDir Path dir) throws Exception {
    Path file = server.writeKubeconfig(dir.resolve("nested/dir/kubeconfig"), "team-a");
    assertThat(file).exists();
    String content = Files.readString(file);
    Config config = Config.fromKubeconfig(content);
    assertThat(config.getMasterUrl()).startsWith(server.url());
    assertThat(config.getNamespace()).isEqualTo("team-a");
    assertThat(config.getCurrentContext().getName()).isEqualTo(EmbeddedApiServer.KUBECONFIG_NAME);
    assertThat(config.getCurrentContext().getContext().getCluster()).isEqualTo("vpc-ipam-sandbox");
    assertThat(config.getCurrentContext().getContext().getUser()).isEqualTo("vpc-ipam-sandbox");
    try (KubernetesClient fromKubeconfig = new KubernetesClientBuilder().withConfig(config).build()) {
      assertThat(fromKubeconfig.namespaces().list().getItems()).extracting(n -> n.getMetadata().getName())
          .contains("default");
    }
  }

  @Test
  void humanizesAgesLikeTheApiServer() {
    assertThat(HumanDuration.format(Duration.ofSeconds(5))).isEqualTo("5s");
    assertThat(HumanDuration.format(Duration.ofSeconds(119))).isEqualTo("119s");
    assertThat(HumanDuration.format(Duration.ofSeconds(150))).isEqualTo("2m30s");
    assertThat(HumanDuration.format(Duration.ofMinutes(45))).isEqualTo("45m");
    assertThat(HumanDuration.format(Duration.ofMinutes(200))).isEqualTo("3h20m");
    assertThat(HumanDuration.format(Duration.ofHours(30))).isEqualTo("30h");
    assertThat(HumanDuration.format(Duration.ofHours(75))).isEqualTo("3d3h");
    assertThat(HumanDuration.format(Duration.ofDays(40))).isEqualTo("40d");
    assertThat(HumanDuration.format(Duration.ofDays(800))).isEqualTo("2y70d");
    assertThat(HumanDuration.format(Duration.ofSeconds(-5))).isEqualTo("<invalid>");
    assertThat(HumanDuration.since("not a date", java.time.Instant.now())).isEqualTo("<invalid>");
  }

  @Test
  void closeStopsTheServerAndIsIdempotent() {
    var other = EmbeddedApiServer.start("127.0.0.1", 0);
    String url = other.url();
    other.close();
    other.close();
    assertThatThrownBy(() -> http.send(HttpRequest.newBuilder(URI.create(url + "/api")).build(),
        HttpResponse.BodyHandlers.ofString())).isInstanceOf(ConnectException.class);
  }

  private IpamPoolAllocation createReady(String name, String cidr) {
    var created = client.resource(AllocationBuilder.named(name).cidrMask(24).build()).create();
    var status = new IpamPoolAllocationStatus();
    status.setCidr(cidr);
    status.setAllocationId("ipam-alloc-" + name.replace("-", ""));
    status.setConditions(List.of(new ConditionBuilder().withType("Ready").withStatus("True").withReason("Allocated")
        .withMessage("reserved " + cidr).withLastTransitionTime("2026-01-01T00:00:00Z").build()));
    created.setStatus(status);
    return client.resource(created).updateStatus();
  }

  private void recordEvent(String name, String involvedName, String involvedUid, String reason) {
    client.v1().events().inNamespace("default").resource(new EventBuilder()
        .withNewMetadata().withName(name).withNamespace("default").endMetadata()
        .withNewInvolvedObject().withApiVersion(GROUP_VERSION).withKind("IpamPoolAllocation")
        .withName(involvedName).withNamespace("default").withUid(involvedUid).endInvolvedObject()
        .withReason(reason).withMessage("test").withType("Normal")
        .build()).create();
  }

  private HttpResponse<String> get(String path, String accept) throws IOException, InterruptedException {
    var request = HttpRequest.newBuilder(URI.create(server.url() + path)).timeout(Duration.ofSeconds(10));
    if (accept != null) {
      request.header("Accept", accept);
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private JsonNode getJson(String path) throws IOException, InterruptedException {
    return getJson(path, null);
  }

  private JsonNode getJson(String path, String accept) throws IOException, InterruptedException {
    HttpResponse<String> response = get(path, accept);
    assertThat(response.statusCode()).as("GET %s: %s", path, response.body()).isEqualTo(200);
    return JSON.readTree(response.body());
  }

  private static JsonNode find(JsonNode array, String field, String value) {
    for (JsonNode item : array) {
      if (item.path(field).asText().equals(value)) {
        return item;
      }
    }
    throw new AssertionError("no " + field + "=" + value + " in " + array);
  }

  private static JsonNode column(JsonNode table, String name) {
    return find(table.path("columnDefinitions"), "name", name);
  }

  private static JsonNode row(JsonNode table, String name) {
    for (JsonNode row : table.path("rows")) {
      if (row.path("cells").get(0).asText().equals(name)) {
        return row;
      }
    }
    throw new AssertionError("no row " + name + " in " + table);
  }

  private static String cell(JsonNode table, JsonNode row, String column) {
    JsonNode definitions = table.path("columnDefinitions");
    for (int i = 0; i < definitions.size(); i++) {
      if (definitions.get(i).path("name").asText().equals(column)) {
        return row.path("cells").get(i).asText();
      }
    }
    throw new AssertionError("no column " + column);
  }
}
