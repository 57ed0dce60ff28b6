package dev.alicloud.ipam.chaos.badinput;

import static dev.alicloud.ipam.testing.Fixtures.NAMESPACE;
import static dev.alicloud.ipam.testing.Fixtures.OTHER_REGION_POOL;
import static dev.alicloud.ipam.testing.Fixtures.POOL;
import static dev.alicloud.ipam.testing.Fixtures.REGION;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.alicloud.ipam.api.v1alpha1.IpamPoolAllocation;
import dev.alicloud.ipam.chaos.badinput.BadInputCorpus.Entry;
import dev.alicloud.ipam.chaos.badinput.BadInputCorpus.Expectation;
import dev.alicloud.ipam.cloud.UpdateAllocationRequest;
import dev.alicloud.ipam.reconciler.OwnershipTag;
import dev.alicloud.ipam.testing.AllocationBuilder;
import dev.alicloud.ipam.testing.OperatorHarness;
import dev.alicloud.ipam.testing.SchemaAdmission;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceList;
import io.fabric8.kubernetes.client.dsl.MixedOperation;
import io.fabric8.kubernetes.client.dsl.Resource;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The bad-input corpus ({@code chaos/badinput/corpus.yaml}) against the CRD's admission rules and the real operator.
 *
 * <p>{@code admission} entries must be refused by {@link SchemaAdmission} (with oldSelf for updates); then, as defence
 * in depth, the same object is written straight to the embedded API server (which runs no admission) and the
 * operator's reaction is checked against the entry's {@code operator} expectation. Other entries must pass admission
 * and end in the state they name: {@code stalled} ones Stalled=True with the reason and a message that says what to
 * do, Ready=False, no allocation, and no mutating cloud call beyond the refused ones the entry declares. Gaps are
 * asserted as they are today, so a fix shows up as a failing entry to update. Each entry's resource (and Secret) is
 * deleted before the next one; how the deletion went is part of the expectation. No exception may escape the
 * operator's own handling (see {@link EscapedErrorLog}), and every object must be readable by the operator's model,
 * however wrong its fields ({@link ResourceFromNewerSchemaChaosTest} shows why). A summary line per entry is printed at
 * the end. {@code -Dbadinput.only=REGEX} runs only the matching entries.
 */
@Tag("chaos")
class BadInputCorpusChaosTest {

  static final String API_VERSION = IpamPoolAllocation.GROUP + "/" + IpamPoolAllocation.VERSION;
  static final String KIND = "IpamPoolAllocation";
  static final String OTHER_POOL = "ipam-pool-otherhz000000001";
  private static final Duration WAIT = Duration.ofSeconds(10);
  private static final Duration POLL = Duration.ofMillis(20);
  /**
   * After the expected state is visible: time for a call that was still under way to be counted. A pass writes its
   * status last, so its own calls are already in; this is far below the harness's 2-3 s stalled retries.
   */
  private static final long SETTLE_MS = 50;
  private static final List<String> SUCCESSFUL_MUTATIONS = List.of("CreateIpamPoolAllocation/OK",
      "UpdateIpamPoolAllocation/OK", "DeleteIpamPoolAllocation/OK");

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final SchemaAdmission ADMISSION = SchemaAdmission.generated();
  private static final List<String> REPORT = new CopyOnWriteArrayList<>();
  private static OperatorHarness harness;
  private static EscapedErrorLog escapes;
  private static long started;

  @BeforeAll
  static void startWorld() {
    started = System.nanoTime();
    escapes = EscapedErrorLog.attach();
    harness = OperatorHarness.create();
    var cloud = harness.simulator().state();
    cloud.addPool(OTHER_POOL, REGION, List.of("192.168.0.0/16"), 16, 28);
    cloud.seedAllocation(POOL, "10.250.0.0/24", "Custom", null, "ipam-alloc-ownedfixture000001");
    cloud.seedAllocation(POOL, "10.250.1.0/24", "Custom", null, "ipam-alloc-othercluster00001");
    cloud.seedAllocation(POOL, "10.250.2.0/24", "Custom", null, "ipam-alloc-adoptable0000001");
    cloud.seedAllocation(POOL, "10.250.3.0/24", "Custom", null, "ipam-alloc-adoptable0000002");
    cloud.seedAllocation(OTHER_POOL, "192.168.1.0/24", "Custom", null, "ipam-alloc-otherpool0000001");
    cloud.seedAllocation(OTHER_REGION_POOL, "172.16.1.0/24", "Custom", null, "ipam-alloc-otherregion000001");
    String foreignTag = new OwnershipTag("other-cluster", "network", "team-a", UUID.randomUUID().toString())
        .appendTo("Foreign team");
    harness.cloudClient().update(new UpdateAllocationRequest(REGION, "ipam-alloc-othercluster00001", "foreign",
        foreignTag, false, null));
    harness.startOperator();
    harness.apply(AllocationBuilder.named("fixture-owner").adopt("ipam-alloc-ownedfixture000001").orphan().build());
    harness.awaitCondition("fixture-owner", "Ready", "True", "Adopted");
  }

  @AfterAll
  static void stopWorld() {
    try {
      System.out.println("bad-input corpus: " + REPORT.size() + " entries in "
          + Duration.ofNanos(System.nanoTime() - started).toMillis() + " ms");
      REPORT.forEach(line -> System.out.println("  " + line));
    } finally {
      if (escapes != null) {
        escapes.detach();
      }
      if (harness != null) {
        harness.close();
      }
    }
  }

  static Stream<Arguments> corpus() {
    String only = System.getProperty("badinput.only", "");
    return BadInputCorpus.load().stream().filter(e -> only.isBlank() || e.name().matches(only))
        .map(e -> Arguments.of(e));
  }

  @Test
  void theCorpusCoversTheIssue() {
    List<Entry> entries = BadInputCorpus.load();
    assertThat(entries).hasSizeGreaterThanOrEqualTo(60);
    assertThat(entries.stream().map(Entry::name).distinct().count()).as("unique names").isEqualTo(entries.size());
    assertThat(entries).allSatisfy(e -> assertThat(e.name()).matches("^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$"));
    assertThat(entries.stream().map(Entry::category).collect(Collectors.toSet())).contains("cidr", "mask", "choice",
        "name", "description", "ids", "policy", "adopt", "credentials", "unicode", "transition");
    assertThat(entries.stream().map(Entry::expect).collect(Collectors.toSet())).contains("admission", "stalled");
    assertThat(entries).filteredOn(e -> e.secret() != null).hasSizeGreaterThanOrEqualTo(10);
    assertThat(entries).filteredOn(e -> e.update() != null).hasSizeGreaterThanOrEqualTo(5);
    assertThat(entries).filteredOn(Entry::isAdmission)
        .allSatisfy(e -> assertThat(e.messageContains()).as(e.name() + ": admission phrase").isNotBlank());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("corpus")
  void badInput(Entry e) throws Exception {
    int logMark = escapes.mark();
    try {
      run(e);
    } finally {
      leaveNothingBehind(e);
    }
    assertThat(escapes.since(logMark)).as("exceptions that escaped the operator's handling during " + e.name())
        .isEmpty();
  }

  private void run(Entry e) throws Exception {
    if (e.secret() != null) {
      createSecret(e.secret());
    }
    Map<String, Object> old = null;
    String priorAllocationId = null;
    if (e.update() != null) {
      Map<String, Object> first = object(e.name(), e.spec());
      assertThat(ADMISSION.create(first)).as(e.name() + ": the first spec of an update entry is valid").isEmpty();
      long generation = create(first);
      old = awaitState(e.name(), "Ready", null, generation);
      priorAllocationId = allocationId(old);
      assertThat(priorAllocationId).as(e.name() + ": the first spec holds an allocation").isNotNull();
    }
    Map<String, Object> target = e.update() == null ? object(e.name(), e.spec()) : withSpec(old, e.update());

    List<String> errors = old == null ? ADMISSION.create(target) : ADMISSION.update(old, target);
    if (e.isAdmission()) {
      assertThat(errors).as(e.name() + ": admission refuses it").isNotEmpty()
          .anyMatch(m -> m.contains(e.messageContains()));
    } else {
      assertThat(errors).as(e.name() + ": admission lets it in, so the operator has to stop it").isEmpty();
    }

    Expectation x = e.live();
    assertThat(unreadable(target)).as(e.name() + ": the operator's model reads it, however wrong").isEmpty();

    long mutatingBefore = harness.simulator().calls().mutatingCalls();
    Map<String, Long> callsBefore = harness.simulator().calls().snapshot();
    int cloudAllocationsBefore = harness.simulator().state().allocations().size();

    long generation = old == null ? create(target) : replaceSpec(e.name(), e.update());
    awaitState(e.name(), x.state(), x.reason(), generation);
    Thread.sleep(SETTLE_MS);
    Map<String, Object> settled = get(e.name());

    Map<String, Object> headline = condition(settled, x.state()).orElseThrow();
    assertThat(headline.get("reason")).as(e.name() + ": reason").isEqualTo(x.reason());
    assertThat((String) headline.get("message")).as(e.name() + ": " + x.state() + " message")
        .contains(x.messageContains());
    long mutating = harness.simulator().calls().mutatingCalls() - mutatingBefore;
    Map<String, Long> callDelta = delta(callsBefore, harness.simulator().calls().snapshot());
    assertThat(mutating).as(e.name() + ": mutating cloud calls " + callDelta).isEqualTo(x.mutatingCalls());
    if ("Stalled".equals(x.state())) {
      Map<String, Object> ready = condition(settled, "Ready").orElseThrow();
      assertThat(ready.get("status")).as(e.name() + ": Ready").isEqualTo("False");
      assertThat(ready.get("reason")).as(e.name() + ": Ready reason").isEqualTo(x.reason());
      assertThat((String) ready.get("message")).as(e.name() + ": Ready message").contains(x.messageContains());
    }
    if ("stalled".equals(x.expect())) {
      assertThat(SUCCESSFUL_MUTATIONS).as(e.name() + ": nothing changed in the cloud " + callDelta)
          .allSatisfy(k -> assertThat(callDelta.getOrDefault(k, 0L)).isZero());
      assertThat(allocationId(settled)).as(e.name() + ": no allocation for the bad spec").isEqualTo(priorAllocationId);
      assertThat(harness.simulator().state().allocations()).as(e.name() + ": cloud allocations")
          .hasSize(cloudAllocationsBefore);
    }

    String deletion = deleteAndClassify(e.name());
    assertThat(deletion).as(e.name() + ": deletion").isEqualTo(x.deletion());
    REPORT.add(line(e, x.state() + "/" + x.reason() + ", mutating calls " + mutating + ", allocation "
        + Optional.ofNullable(allocationId(settled)).orElse("none") + ", deletion " + deletion));
  }

  // ------------------------------------------------------------------------------------------------ objects

  static Map<String, Object> object(String name, Map<String, Object> spec) {
    Map<String, Object> o = new LinkedHashMap<>();
    o.put("apiVersion", API_VERSION);
    o.put("kind", KIND);
    o.put("metadata", new LinkedHashMap<>(Map.of("name", name, "namespace", NAMESPACE)));
    if (spec != null) {
      o.put("spec", spec);
    }
    return o;
  }

  private static Map<String, Object> withSpec(Map<String, Object> current, Map<String, Object> spec) {
    Map<String, Object> copy = JSON.convertValue(current, Map.class);
    copy.put("spec", spec);
    return copy;
  }

  private static MixedOperation<GenericKubernetesResource, GenericKubernetesResourceList,
      Resource<GenericKubernetesResource>> allocations() {
    return harness.client().genericKubernetesResources(API_VERSION, KIND);
  }

  private static GenericKubernetesResource generic(Map<String, Object> object) throws JsonProcessingException {
    return harness.client().getKubernetesSerialization()
        .unmarshal(JSON.writeValueAsString(object), GenericKubernetesResource.class);
  }

  /** Creates the object exactly as given (no admission runs); returns its generation. */
  private static long create(Map<String, Object> object) throws JsonProcessingException {
    var created = allocations().inNamespace(NAMESPACE).resource(generic(object)).create();
    return generationOf(created);
  }

  /** Replaces the spec of a live object, as an update that skips admission would. */
  private static long replaceSpec(String name, Map<String, Object> spec) {
    var updated = allocations().inNamespace(NAMESPACE).withName(name).edit(r -> {
      r.setAdditionalProperty("spec", spec);
      return r;
    });
    return generationOf(updated);
  }

  private static long generationOf(GenericKubernetesResource r) {
    return r.getMetadata().getGeneration() == null ? 1 : r.getMetadata().getGeneration();
  }

  /** The root cause when the operator's model cannot deserialize the object, as its informer would. */
  private static Optional<String> unreadable(Map<String, Object> object) throws JsonProcessingException {
    try {
      harness.client().getKubernetesSerialization().unmarshal(JSON.writeValueAsString(object), IpamPoolAllocation.class);
      return Optional.empty();
    } catch (RuntimeException ex) {
      Throwable cause = ex;
      while (cause.getCause() != null) {
        cause = cause.getCause();
      }
      return Optional.of(cause.getClass().getSimpleName() + ": " + String.valueOf(cause.getMessage()).lines()
          .findFirst().orElse(""));
    }
  }

  private static void createSecret(Map<String, Object> secret) throws JsonProcessingException {
    Map<String, Object> o = new LinkedHashMap<>();
    o.put("apiVersion", "v1");
    o.put("kind", "Secret");
    o.put("metadata", Map.of("name", secret.get("name"), "namespace", NAMESPACE));
    for (String key : List.of("type", "data", "stringData")) {
      if (secret.containsKey(key)) {
        o.put(key, secret.get(key));
      }
    }
    harness.client().genericKubernetesResources("v1", "Secret").inNamespace(NAMESPACE).resource(generic(o)).create();
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> get(String name) {
    GenericKubernetesResource r = allocations().inNamespace(NAMESPACE).withName(name).get();
    return r == null ? null : harness.client().getKubernetesSerialization().convertValue(r, Map.class);
  }

  @SuppressWarnings("unchecked")
  private static Optional<Map<String, Object>> condition(Map<String, Object> object, String type) {
    if (object == null || !(object.get("status") instanceof Map<?, ?> status)
        || !(status.get("conditions") instanceof List<?> conditions)) {
      return Optional.empty();
    }
    return conditions.stream().map(c -> (Map<String, Object>) c).filter(c -> type.equals(c.get("type"))).findFirst();
  }

  private static String allocationId(Map<String, Object> object) {
    return object != null && object.get("status") instanceof Map<?, ?> status ? (String) status.get("allocationId")
        : null;
  }

  /** Waits until the condition is True (with the reason, if given) for at least this generation. */
  private static Map<String, Object> awaitState(String name, String type, String reason, long generation) {
    return awaitObject(name, o -> condition(o, type)
        .filter(c -> "True".equals(c.get("status")))
        .filter(c -> reason == null || reason.equals(c.get("reason")))
        .filter(c -> c.get("observedGeneration") instanceof Number g && g.longValue() >= generation)
        .isPresent(), type + "=True reason " + reason + " generation " + generation);
  }

  private static Map<String, Object> awaitObject(String name, Predicate<Map<String, Object>> test, String what) {
    try {
      return await(name + ": " + what).atMost(WAIT).pollInterval(POLL).pollDelay(Duration.ZERO)
          .until(() -> get(name), o -> o != null && test.test(o));
    } catch (ConditionTimeoutException timeout) {
      return fail(name + ": never reached " + what + "; the object is " + describe(get(name)), timeout);
    }
  }

  @SuppressWarnings("unchecked")
  private static String describe(Map<String, Object> object) {
    if (object == null) {
      return "gone";
    }
    Map<String, Object> shown = new TreeMap<>();
    shown.put("spec", object.get("spec"));
    shown.put("status", object.get("status"));
    shown.put("deletionTimestamp", ((Map<String, Object>) object.get("metadata")).get("deletionTimestamp"));
    return shown.toString();
  }

  private static Map<String, Long> delta(Map<String, Long> before, Map<String, Long> after) {
    Map<String, Long> d = new TreeMap<>();
    after.forEach((k, v) -> {
      long n = v - before.getOrDefault(k, 0L);
      if (n != 0) {
        d.put(k, n);
      }
    });
    return d;
  }

  // ------------------------------------------------------------------------------------------------ deletion

  /** What the resource reports doing now: the True headline condition, and the request id of its last error. */
  private static String headline(Map<String, Object> object) {
    String lastError = object != null && object.get("status") instanceof Map<?, ?> status
        && status.get("lastError") instanceof Map<?, ?> error ? " (" + error.get("requestId") + ")" : "";
    for (String type : List.of("Stalled", "Ready", "Reconciling")) {
      var c = condition(object, type).filter(x -> "True".equals(x.get("status")));
      if (c.isPresent()) {
        return type + ":" + c.get().get("reason") + ":" + c.get().get("message") + lastError;
      }
    }
    return "none";
  }

  /**
   * Deletes the resource and says how that went: {@code clean} when it goes by itself, {@code orphan-needed} when the
   * finalizer is stuck (the cleanup pass reported a new state and the object stays) until deletionPolicy is Orphan.
   */
  @SuppressWarnings("unchecked")
  private static String deleteAndClassify(String name) throws InterruptedException {
    String before = headline(get(name));
    allocations().inNamespace(NAMESPACE).withName(name).delete();
    try {
      // (not until(supplier, predicate): its matcher never matches null, which is "gone" here)
      await(name + " deleted or stuck").atMost(Duration.ofSeconds(2)).pollInterval(POLL).until(() -> {
        Map<String, Object> o = get(name);
        return o == null || ((Map<String, Object>) o.get("metadata")).get("deletionTimestamp") != null
            && !headline(o).equals(before) && !headline(o).contains(":Releasing:");
      });
    } catch (ConditionTimeoutException stillThere) {
      // the cleanup pass reports the same state as before: stuck all the same
    }
    if (get(name) == null) {
      return "clean";
    }
    Thread.sleep(200);
    if (get(name) == null) {
      return "clean";
    }
    orphanAndAwaitGone(name);
    return "orphan-needed";
  }

  @SuppressWarnings("unchecked")
  private static void orphanAndAwaitGone(String name) {
    allocations().inNamespace(NAMESPACE).withName(name).edit(r -> {
      Map<String, Object> spec = r.getAdditionalProperties().get("spec") instanceof Map<?, ?> s
          ? new LinkedHashMap<>((Map<String, Object>) s) : new LinkedHashMap<>();
      spec.put("deletionPolicy", "Orphan");
      r.setAdditionalProperty("spec", spec);
      return r;
    });
    try {
      await(name + " gone after deletionPolicy: Orphan").atMost(WAIT).pollInterval(POLL).until(() -> get(name) == null);
    } catch (ConditionTimeoutException timeout) {
      fail(name + ": still there after deletionPolicy: Orphan: " + describe(get(name)), timeout);
    }
  }

  /** Best effort after a failed entry too: the next entry starts from a clean harness. */
  private static void leaveNothingBehind(Entry e) {
    try {
      if (get(e.name()) != null) {
        allocations().inNamespace(NAMESPACE).withName(e.name()).delete();
        try {
          await().atMost(Duration.ofSeconds(3)).pollInterval(POLL).until(() -> get(e.name()) == null);
        } catch (ConditionTimeoutException stuck) {
          orphanAndAwaitGone(e.name());
        }
      }
    } catch (RuntimeException | AssertionError ignored) {
      // reported by the entry's own assertions
    }
    try {
      if (e.secret() != null) {
        harness.client().secrets().inNamespace(NAMESPACE).withName((String) e.secret().get("name")).delete();
      }
    } catch (RuntimeException ignored) {
      // the secret was never created
    }
  }

  private static String line(Entry e, String outcome) {
    String gap = e.live().gap() != null ? e.live().gap() : e.gap();
    return String.format("%-32s %-12s %-12s %s%s", e.name(), e.category(), e.expect()
        + (e.isAdmission() ? "+" + e.operator().expect() : ""), outcome, gap == null ? "" : "  [gap]");
  }
}
