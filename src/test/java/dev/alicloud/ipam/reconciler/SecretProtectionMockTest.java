package dev.alicloud.ipam.reconciler;

import static dev.alicloud.ipam.testing.Fixtures.ACCESS_KEY_ID;
import static dev.alicloud.ipam.testing.Fixtures.ACCESS_KEY_SECRET;
import static dev.alicloud.ipam.testing.Fixtures.NAMESPACE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.alicloud.ipam.api.v1alpha1.CredentialsSecretRef;
import dev.alicloud.ipam.testing.AllocationBuilder;
import dev.alicloud.ipam.testing.SharedHarness;
import io.fabric8.kubernetes.api.model.Secret;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The credentials Secret carries {@value SecretProtection#FINALIZER} exactly while a resource uses it: added when
 * credentials are first read from it, kept while any resource still names it, removed after the last one is
 * released, orphaned, or switched to another identity. Nothing else of the Secret is touched.
 */
@Tag("mock")
class SecretProtectionMockTest extends SharedHarness {

  private static final String F = SecretProtection.FINALIZER;

  @Test
  void finalizerIsAddedOnFirstUseKeptWhileInUseAndRemovedAfterTheLastRelease() {
    harness.createCredentialsSecret("shared-key", ACCESS_KEY_ID, ACCESS_KEY_SECRET);
    Secret before = secret("shared-key");
    assertThat(before.getMetadata().getFinalizers()).doesNotContain(F);

    harness.apply(AllocationBuilder.named("sp-one").cidrMask(24).credentials("shared-key").build());
    harness.apply(AllocationBuilder.named("sp-two").cidrMask(24).credentials("shared-key").build());
    String one = harness.awaitReady("sp-one").getStatus().getAllocationId();
    String two = harness.awaitReady("sp-two").getStatus().getAllocationId();
    awaitFinalizer("shared-key", true);

    harness.delete("sp-one");
    harness.awaitGone("sp-one");
    assertThat(harness.simulator().state().allocation(one)).isEmpty();
    assertFinalizerStays("shared-key", true);

    harness.delete("sp-two");
    harness.awaitGone("sp-two");
    assertThat(harness.simulator().state().allocation(two)).isEmpty();
    awaitFinalizer("shared-key", false);

    Secret after = secret("shared-key");
    assertThat(after.getStringData()).isEqualTo(before.getStringData());
    assertThat(after.getData()).isEqualTo(before.getData());
    assertThat(after.getMetadata().getLabels()).isEqualTo(before.getMetadata().getLabels());
    assertThat(after.getMetadata().getAnnotations()).isEqualTo(before.getMetadata().getAnnotations());
    assertThat(after.getType()).isEqualTo(before.getType());
    deleteSecretAndAwaitGone("shared-key");
  }

  @Test
  void twoUsersFinishingAtOnceStillLeaveTheSecretUnprotected() {
    harness.createCredentialsSecret("pair-key", ACCESS_KEY_ID, ACCESS_KEY_SECRET);
    for (String name : List.of("sp-pair-a", "sp-pair-b", "sp-pair-c")) {
      harness.apply(AllocationBuilder.named(name).cidrMask(26).credentials("pair-key").build());
    }
    for (String name : List.of("sp-pair-a", "sp-pair-b", "sp-pair-c")) {
      harness.awaitReady(name);
    }
    awaitFinalizer("pair-key", true);

    CompletableFuture.allOf(
        CompletableFuture.runAsync(() -> harness.delete("sp-pair-a")),
        CompletableFuture.runAsync(() -> harness.delete("sp-pair-b")),
        CompletableFuture.runAsync(() -> harness.delete("sp-pair-c"))).join();
    harness.awaitGone("sp-pair-a");
    harness.awaitGone("sp-pair-b");
    harness.awaitGone("sp-pair-c");

    awaitFinalizer("pair-key", false);
    deleteSecretAndAwaitGone("pair-key");
  }

  @Test
  void anOrphanedResourceAlsoLetsTheSecretGo() {
    harness.createCredentialsSecret("orphan-key", ACCESS_KEY_ID, ACCESS_KEY_SECRET);
    harness.apply(AllocationBuilder.named("sp-orphan").cidrMask(26).orphan().credentials("orphan-key").build());
    String id = harness.awaitReady("sp-orphan").getStatus().getAllocationId();
    awaitFinalizer("orphan-key", true);

    harness.delete("sp-orphan");
    harness.awaitGone("sp-orphan");

    awaitFinalizer("orphan-key", false);
    assertThat(harness.simulator().state().allocation(id)).as("orphaned, not released").isPresent();
    harness.cloudClient().delete(id, false, null);
    deleteSecretAndAwaitGone("orphan-key");
  }

  @Test
  void switchingToAnotherSecretMovesTheFinalizerAndTheOperatorsIdentityRemovesIt() {
    harness.createCredentialsSecret("old-key", ACCESS_KEY_ID, ACCESS_KEY_SECRET);
    harness.createCredentialsSecret("new-key", ACCESS_KEY_ID, ACCESS_KEY_SECRET);
    harness.apply(AllocationBuilder.named("sp-switch").cidrMask(24).credentials("old-key").build());
    harness.awaitReady("sp-switch");
    awaitFinalizer("old-key", true);
    assertThat(secret("new-key").getMetadata().getFinalizers()).doesNotContain(F);

    harness.edit("sp-switch", r -> r.getSpec().setCredentialsSecretRef(new CredentialsSecretRef("new-key")));
    awaitFinalizer("new-key", true);
    awaitFinalizer("old-key", false);

    harness.edit("sp-switch", r -> r.getSpec().setCredentialsSecretRef(null));
    awaitFinalizer("new-key", false);

    harness.delete("sp-switch");
    harness.awaitGone("sp-switch");
    deleteSecretAndAwaitGone("old-key");
    deleteSecretAndAwaitGone("new-key");
  }

  @Test
  void aSecretNoResourceUsesGetsNoFinalizer() {
    harness.createCredentialsSecret("unused-key", ACCESS_KEY_ID, ACCESS_KEY_SECRET);
    harness.apply(AllocationBuilder.named("sp-own-identity").cidrMask(26).build());
    harness.awaitReady("sp-own-identity");

    assertFinalizerStays("unused-key", false);
    harness.delete("sp-own-identity");
    harness.awaitGone("sp-own-identity");
    deleteSecretAndAwaitGone("unused-key");
  }

  @Test
  void aSecretDeletedWhileInUseStaysReadableUntilTheReleaseThenGoes() {
    harness.createCredentialsSecret("doomed-key", ACCESS_KEY_ID, ACCESS_KEY_SECRET);
    harness.apply(AllocationBuilder.named("sp-doomed").cidrMask(26).credentials("doomed-key").build());
    String id = harness.awaitReady("sp-doomed").getStatus().getAllocationId();
    awaitFinalizer("doomed-key", true);

    harness.client().secrets().inNamespace(NAMESPACE).withName("doomed-key").delete();
    Secret terminating = secret("doomed-key");
    assertThat(terminating).as("kept by the finalizer").isNotNull();
    assertThat(terminating.isMarkedForDeletion()).isTrue();

    harness.delete("sp-doomed");
    harness.awaitGone("sp-doomed");
    assertThat(harness.simulator().state().allocation(id)).as("released with the Terminating Secret's key").isEmpty();
    await("Secret doomed-key gone").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50))
        .until(() -> secret("doomed-key") == null);
  }

  @Test
  void otherFinalizersOfTheSecretAreKept() {
    harness.createCredentialsSecret("shared-finalizers", ACCESS_KEY_ID, ACCESS_KEY_SECRET);
    harness.client().secrets().inNamespace(NAMESPACE).withName("shared-finalizers").edit(s -> {
      s.getMetadata().setFinalizers(List.of("example.com/keep"));
      s.getMetadata().setAnnotations(Map.of("example.com/note", "untouched"));
      return s;
    });
    harness.apply(AllocationBuilder.named("sp-keep").cidrMask(26).credentials("shared-finalizers").build());
    harness.awaitReady("sp-keep");
    awaitFinalizer("shared-finalizers", true);
    assertThat(secret("shared-finalizers").getMetadata().getFinalizers()).containsExactly("example.com/keep", F);

    harness.delete("sp-keep");
    harness.awaitGone("sp-keep");
    awaitFinalizer("shared-finalizers", false);
    Secret after = secret("shared-finalizers");
    assertThat(after.getMetadata().getFinalizers()).containsExactly("example.com/keep");
    assertThat(after.getMetadata().getAnnotations()).containsEntry("example.com/note", "untouched");

    harness.client().secrets().inNamespace(NAMESPACE).withName("shared-finalizers").edit(s -> {
      s.getMetadata().setFinalizers(List.of());
      return s;
    });
    deleteSecretAndAwaitGone("shared-finalizers");
  }

  // --- helpers ---

  private static Secret secret(String name) {
    return harness.client().secrets().inNamespace(NAMESPACE).withName(name).get();
  }

  private static boolean hasFinalizer(String name) {
    Secret s = secret(name);
    return s != null && s.getMetadata().getFinalizers() != null && s.getMetadata().getFinalizers().contains(F);
  }

  private static void awaitFinalizer(String name, boolean present) {
    await("Secret " + name + (present ? " has " : " lacks ") + F).atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofMillis(50)).until(() -> hasFinalizer(name) == present);
  }

  /** The state holds for a while (a few reconcile passes of the fast test timings). */
  private static void assertFinalizerStays(String name, boolean present) {
    await("Secret " + name + (present ? " keeps " : " never gets ") + F).during(Duration.ofMillis(1500))
        .atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(50)).until(() -> hasFinalizer(name) == present);
  }

  private static void deleteSecretAndAwaitGone(String name) {
    harness.client().secrets().inNamespace(NAMESPACE).withName(name).delete();
    await("Secret " + name + " deleted").atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(50))
        .until(() -> secret(name) == null);
  }
}
