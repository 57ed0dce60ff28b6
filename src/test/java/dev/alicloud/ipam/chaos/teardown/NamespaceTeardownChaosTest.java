package dev.alicloud.ipam.chaos.teardown;

import static dev.alicloud.ipam.testing.Fixtures.POOL;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.alicloud.ipam.chaos.ChaosAudit;
import dev.alicloud.ipam.api.v1alpha1.IpamPoolAllocation;
import dev.alicloud.ipam.reconciler.SecretProtection;
import dev.alicloud.ipam.simulator.SimAllocation;
import dev.alicloud.ipam.testing.AllocationBuilder;
import dev.alicloud.ipam.testing.OperatorHarness;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Deleting a namespace that holds allocations and the credentials Secret they use releases every allocation and
 * lets the namespace go, whatever order the objects are deleted in: the Secret stays (Terminating, readable) until
 * the last release, because the operator holds {@value SecretProtection#FINALIZER} on it. An operator that is gone
 * before its resources strands nothing: the resources wait in Terminating and a new operator finishes the releases;
 * removing the finalizers by hand instead orphans the allocations, which can be adopted again.
 *
 * <p>The embedded API (the fabric8 CRUD mock) has no namespace controller, so {@link NamespaceController} does what
 * kube-apiserver's does: it marks the Namespace deleted, DELETEs every namespaced object in it, and lets the
 * Namespace go once nothing is left.
 */
@Tag("chaos")
class NamespaceTeardownChaosTest {

  static final String NS = "team-teardown";
  static final String SECRET = "team-credentials";
  static final String KEY_ID = "LTAI5tTeardownTeamKey";
  static final String KEY_SECRET = "teardown-team-secret-value";
  static final Duration TIMEOUT = Duration.ofSeconds(60);

  OperatorHarness harness;
  KubernetesClient client;

  @BeforeEach
  void start() {
    harness = OperatorHarness.create().startOperator();
    client = harness.client();
    // only the Secret's key can release these allocations: a Secret gone too early would stall the releases
    harness.simulator().state().addAccessKey(KEY_ID, KEY_SECRET);
  }

  @AfterEach
  void stop() {
    harness.close();
  }

  /** The order the (emulated) namespace controller deletes the objects in. */
  enum Order {
    SECRET_FIRST, ALLOCATIONS_FIRST, INTERLEAVED
  }

  @ParameterizedTest(name = "{0}")
  @EnumSource(Order.class)
  void deletingTheNamespaceReleasesEveryAllocationBeforeTheSecretGoes(Order order) {
    NamespaceController namespace = new NamespaceController(client, NS).create();
    createSecret();
    Map<String, String> released = new LinkedHashMap<>();
    for (String name : List.of("vpc-a", "vpc-b", "vpc-c")) {
      apply(AllocationBuilder.named(name).cidrMask(24).credentials(SECRET).build());
    }
    apply(AllocationBuilder.named("kept").cidrMask(26).orphan().credentials(SECRET).build());
    for (String name : List.of("vpc-a", "vpc-b", "vpc-c")) {
      released.put(name, awaitReady(name).getStatus().getAllocationId());
    }
    String kept = awaitReady("kept").getStatus().getAllocationId();
    awaitSecretFinalizer(true);
    SecretDeletionWitness witness = new SecretDeletionWitness(released.values()).watch();

    namespace.delete(deletionOrder(order));

    namespace.awaitEmptyAndGone();
    witness.close();
    assertThat(witness.allocationsLiveWhenTheSecretWent())
        .as("allocations still in the cloud when the Secret disappeared (it must go after the last release)")
        .isNotNull().isEmpty();
    assertThat(allocationIds()).doesNotContainAnyElementsOf(released.values()).contains(kept);
    assertNothingLeft(Set.of(kept));
  }

  @Test
  void anOperatorUninstalledBeforeItsResourcesStrandsNothing() {
    NamespaceController namespace = new NamespaceController(client, NS).create();
    createSecret();
    List<String> ids = new ArrayList<>();
    for (String name : List.of("vpc-a", "vpc-b", "vpc-c")) {
      apply(AllocationBuilder.named(name).cidrMask(24).credentials(SECRET).build());
    }
    for (String name : List.of("vpc-a", "vpc-b", "vpc-c")) {
      ids.add(awaitReady(name).getStatus().getAllocationId());
    }
    awaitSecretFinalizer(true);

    harness.stopOperator();
    harness.simulator().calls().reset();
    namespace.delete(deletionOrder(Order.SECRET_FIRST));

    // nothing moves without the operator: every object waits in Terminating, held by its finalizer
    await("resources stay Terminating").during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5))
        .pollInterval(Duration.ofMillis(100)).until(() -> resources().size() == 3
            && resources().stream().allMatch(HasMetadata::isMarkedForDeletion)
            && secret() != null && secret().isMarkedForDeletion());
    assertThat(allocationIds()).containsAll(ids);
    assertThat(harness.simulator().calls().count("DeleteIpamPoolAllocation")).as("release calls").isZero();
    assertThat(namespace.get()).as("the namespace waits for its objects").isNotNull();

    harness.startOperator();

    namespace.awaitEmptyAndGone();
    assertThat(allocationIds()).doesNotContainAnyElementsOf(ids);
    assertNothingLeft(Set.of());
  }

  @Test
  void removingTheFinalizersByHandWithoutAnOperatorOrphansTheAllocationsWhichCanBeAdoptedAgain() {
    NamespaceController namespace = new NamespaceController(client, NS).create();
    createSecret();
    List<String> ids = new ArrayList<>();
    for (String name : List.of("vpc-a", "vpc-b")) {
      apply(AllocationBuilder.named(name).cidrMask(24).credentials(SECRET).build());
    }
    for (String name : List.of("vpc-a", "vpc-b")) {
      ids.add(awaitReady(name).getStatus().getAllocationId());
    }
    awaitSecretFinalizer(true);

    harness.stopOperator();
    namespace.delete(deletionOrder(Order.ALLOCATIONS_FIRST));

    // what docs/operations.md says to do when the operator is gone for good:
    // kubectl patch ipa NAME -n NS --type merge -p '{"metadata":{"finalizers":null}}'
    for (String name : List.of("vpc-a", "vpc-b")) {
      client.resources(IpamPoolAllocation.class).inNamespace(NS).withName(name)
          .patch(PatchContext.of(PatchType.JSON_MERGE), "{\"metadata\":{\"finalizers\":null}}");
    }
    await("resources gone").atMost(TIMEOUT).until(() -> resources().isEmpty());
    // the Secret still holds the operator's finalizer: the namespace waits for it too
    assertThat(secret()).isNotNull();
    assertThat(secret().getMetadata().getFinalizers()).contains(SecretProtection.FINALIZER);
    // kubectl patch secret NAME -n NS --type json -p '[{"op":"test","path":"/metadata/finalizers/0",
    //   "value":"ipam.alicloud.dev/credentials-in-use"},{"op":"remove","path":"/metadata/finalizers/0"}]'
    client.secrets().inNamespace(NS).withName(SECRET).patch(PatchContext.of(PatchType.JSON),
        "[{\"op\":\"test\",\"path\":\"/metadata/finalizers/0\",\"value\":\"" + SecretProtection.FINALIZER + "\"},"
            + "{\"op\":\"remove\",\"path\":\"/metadata/finalizers/0\"}]");
    namespace.awaitEmptyAndGone();

    assertThat(allocationIds()).as("orphaned: still reserved in the cloud").containsAll(ids);
    Set<String> orphaned = Set.copyOf(ids);
    assertNothingLeft(orphaned);

    // adopt them again, from a new namespace, with the operator back: the tagged owner is gone from this cluster
    harness.startOperator();
    NamespaceController again = new NamespaceController(client, "team-adopted").create();
    for (int i = 0; i < ids.size(); i++) {
      IpamPoolAllocation adopt = AllocationBuilder.named("adopted-" + i).adopt(ids.get(i)).build();
      adopt.getMetadata().setNamespace("team-adopted");
      client.resource(adopt).create();
    }
    for (int i = 0; i < ids.size(); i++) {
      String name = "adopted-" + i;
      await(name + " Adopted").atMost(TIMEOUT).pollInterval(Duration.ofMillis(50)).until(() -> isReady("team-adopted",
          name, "Adopted"));
    }
    assertNothingLeft(Set.of());

    again.delete(List.of());
    again.awaitEmptyAndGone();
    assertThat(allocationIds()).doesNotContainAnyElementsOf(ids);
    assertNothingLeft(Set.of());
  }

  // --- the world ---

  private void createSecret() {
    client.secrets().inNamespace(NS).resource(new SecretBuilder()
        .withNewMetadata().withName(SECRET).withNamespace(NS).endMetadata()
        .addToStringData("accessKeyId", KEY_ID)
        .addToStringData("accessKeySecret", KEY_SECRET)
        .build()).create();
  }

  private void apply(IpamPoolAllocation resource) {
    resource.getMetadata().setNamespace(NS); // AllocationBuilder puts resources in Fixtures.NAMESPACE
    client.resource(resource).create();
  }

  private IpamPoolAllocation awaitReady(String name) {
    await(name + " Ready").atMost(TIMEOUT).pollInterval(Duration.ofMillis(50)).until(() -> isReady(NS, name, null));
    return client.resources(IpamPoolAllocation.class).inNamespace(NS).withName(name).get();
  }

  private boolean isReady(String namespace, String name, String reason) {
    IpamPoolAllocation r = client.resources(IpamPoolAllocation.class).inNamespace(namespace).withName(name).get();
    return r != null && r.getStatus() != null && r.getStatus().getConditions().stream().anyMatch(c ->
        "Ready".equals(c.getType()) && "True".equals(c.getStatus()) && (reason == null || reason.equals(c.getReason())));
  }

  private Secret secret() {
    return client.secrets().inNamespace(NS).withName(SECRET).get();
  }

  private void awaitSecretFinalizer(boolean present) {
    await("Secret finalizer " + (present ? "added" : "removed")).atMost(TIMEOUT).pollInterval(Duration.ofMillis(50))
        .until(() -> {
          Secret s = secret();
          return s != null && s.getFinalizers().contains(SecretProtection.FINALIZER) == present;
        });
  }

  private List<IpamPoolAllocation> resources() {
    return client.resources(IpamPoolAllocation.class).inNamespace(NS).list().getItems();
  }

  private Set<String> allocationIds() {
    return harness.simulator().state().allocations(POOL).stream().map(SimAllocation::allocationId)
        .collect(Collectors.toSet());
  }

  /** The objects of {@link #NS} in the order the namespace controller is to DELETE them. */
  private List<HasMetadata> deletionOrder(Order order) {
    List<HasMetadata> allocations = new ArrayList<>(resources());
    Secret secret = secret();
    List<HasMetadata> objects = new ArrayList<>();
    switch (order) {
      case SECRET_FIRST -> {
        objects.add(secret);
        objects.addAll(allocations);
      }
      case ALLOCATIONS_FIRST -> {
        objects.addAll(allocations);
        objects.add(secret);
      }
      case INTERLEAVED -> {
        objects.add(allocations.remove(0));
        objects.add(secret);
        objects.addAll(allocations);
      }
    }
    return objects;
  }

  /** The shared chaos audit, plus: nothing is waiting in Terminating. */
  private void assertNothingLeft(Set<String> orphanedOnPurpose) {
    ChaosAudit audit = new ChaosAudit(client, harness.simulator(), POOL);
    audit.assertConsistent(orphanedOnPurpose);
    audit.assertNoneTerminating();
  }

  /**
   * Records, the moment the Secret's DELETED event arrives, which of the given allocations are still in the cloud:
   * none may be, since the Secret is to go only after the last release.
   */
  final class SecretDeletionWitness implements AutoCloseable {
    private final Set<String> mustBeReleased;
    private final AtomicReference<List<String>> liveAtDeletion = new AtomicReference<>();
    private Watch watch;

    SecretDeletionWitness(java.util.Collection<String> mustBeReleased) {
      this.mustBeReleased = Set.copyOf(mustBeReleased);
    }

    SecretDeletionWitness watch() {
      watch = client.secrets().inNamespace(NS).withName(SECRET).watch(new Watcher<>() {
        @Override
        public void eventReceived(Action action, Secret resource) {
          if (action == Action.DELETED) {
            liveAtDeletion.compareAndSet(null, allocationIds().stream().filter(mustBeReleased::contains).toList());
          }
        }

        @Override
        public void onClose(WatcherException cause) {
        }
      });
      return this;
    }

    /** Null when the Secret was not seen to go. */
    List<String> allocationsLiveWhenTheSecretWent() {
      await("the Secret's DELETED event").atMost(Duration.ofSeconds(10)).until(() -> liveAtDeletion.get() != null);
      return liveAtDeletion.get();
    }

    @Override
    public void close() {
      if (watch != null) {
        watch.close();
      }
    }
  }

  /**
   * What kube-apiserver's namespace controller does, for the CRUD mock that has none: a deleted Namespace is kept
   * (here by a metadata finalizer standing in for {@code spec.finalizers: [kubernetes]}) while every namespaced
   * object in it is DELETEd, and goes once none is left. Objects with finalizers wait in Terminating meanwhile.
   */
  static final class NamespaceController {
    static final String NAMESPACE_FINALIZER = "kubernetes";
    private final KubernetesClient client;
    private final String name;
    private final List<String> deletedInOrder = new CopyOnWriteArrayList<>();

    NamespaceController(KubernetesClient client, String name) {
      this.client = client;
      this.name = name;
    }

    NamespaceController create() {
      client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(name)
          .withLabels(Map.of("kubernetes.io/metadata.name", name)).withFinalizers(NAMESPACE_FINALIZER).endMetadata()
          .build()).create();
      return this;
    }

    io.fabric8.kubernetes.api.model.Namespace get() {
      return client.namespaces().withName(name).get();
    }

    /**
     * Marks the Namespace deleted, then DELETEs {@code first} in that order and every other object of the kinds
     * this operator deals with (IpamPoolAllocations, Secrets) that is left.
     */
    void delete(List<HasMetadata> first) {
      client.namespaces().withName(name).delete();
      assertThat(get()).as("namespace %s Terminating", name).isNotNull()
          .matches(HasMetadata::isMarkedForDeletion, "marked for deletion");
      for (HasMetadata object : first) {
        client.resource(object).inNamespace(name).delete();
        deletedInOrder.add(object.getKind() + "/" + object.getMetadata().getName());
      }
      // the rest, one DELETE each (as the controller does, and so that no finalizer is skipped)
      List<HasMetadata> rest = new ArrayList<>(client.resources(IpamPoolAllocation.class).inNamespace(name).list()
          .getItems());
      rest.addAll(client.secrets().inNamespace(name).list().getItems());
      for (HasMetadata object : rest) {
        if (!object.isMarkedForDeletion()) {
          client.resource(object).inNamespace(name).delete();
          deletedInOrder.add(object.getKind() + "/" + object.getMetadata().getName());
        }
      }
    }

    /** What still holds the namespace, and why (the Stalled reason; never a Secret's data). */
    private String leftovers() {
      List<String> left = new ArrayList<>();
      for (IpamPoolAllocation r : client.resources(IpamPoolAllocation.class).inNamespace(name).list().getItems()) {
        String stalled = r.getStatus() == null ? "" : r.getStatus().getConditions().stream()
            .filter(c -> "Stalled".equals(c.getType()) && "True".equals(c.getStatus()))
            .map(c -> " Stalled " + c.getReason()).findFirst().orElse("");
        left.add("IpamPoolAllocation/" + r.getMetadata().getName() + " finalizers " + r.getFinalizers() + stalled);
      }
      client.secrets().inNamespace(name).list().getItems().forEach(s -> left.add("Secret/" + s.getMetadata().getName()
          + " finalizers " + s.getFinalizers()));
      return left.toString();
    }

    /** Waits until no object is left, then lets the Namespace go, as the controller does when it finds it empty. */
    void awaitEmptyAndGone() {
      try {
        await("namespace " + name + " empty").atMost(TIMEOUT).pollInterval(Duration.ofMillis(50)).until(() ->
            client.resources(IpamPoolAllocation.class).inNamespace(name).list().getItems().isEmpty()
                && client.secrets().inNamespace(name).list().getItems().isEmpty());
      } catch (ConditionTimeoutException e) {
        throw new AssertionError("namespace " + name + " is not emptied (deleted in order " + deletedInOrder
            + "); left: " + leftovers(), e);
      }
      client.namespaces().withName(name).edit(n -> {
        n.getMetadata().setFinalizers(List.of());
        return n;
      });
      await("namespace " + name + " gone").atMost(Duration.ofSeconds(10)).until(() -> get() == null);
    }
  }
}
