package dev.alicloud.ipam.reconciler;

import static dev.alicloud.ipam.testing.Fixtures.NAMESPACE;
import static dev.alicloud.ipam.testing.Fixtures.POOL;
import static org.assertj.core.api.Assertions.assertThat;

import dev.alicloud.ipam.api.v1alpha1.DeletionPolicy;
import dev.alicloud.ipam.api.v1alpha1.IpamPoolAllocation;
import dev.alicloud.ipam.simulator.SimAllocation;
import dev.alicloud.ipam.testing.AllocationBuilder;
import dev.alicloud.ipam.testing.SharedHarness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Bad input and ownership conflicts end Stalled with a message that says what to do, and change nothing. */
@Tag("mock")
class InputAndOwnershipMockTest extends SharedHarness {

  /**
   * Stalled resources of one test retry every few seconds and would call the cloud during the next test's
   * measurements: each test leaves none behind (orphaned, so that leaving makes no call either).
   */
  @AfterEach
  void leaveNoResourceBehind() {
    for (IpamPoolAllocation r : harness.client().resources(IpamPoolAllocation.class).inNamespace(NAMESPACE).list()
        .getItems()) {
      String name = r.getMetadata().getName();
      harness.edit(name, x -> x.getSpec().setDeletionPolicy(DeletionPolicy.Orphan));
      harness.delete(name);
      harness.awaitGone(name);
    }
  }


  @Test
  void aSpecAdmissionMissedStallsWithoutAnyCloudCall() {
    harness.simulator().calls().reset();
    harness.apply(AllocationBuilder.named("host-bits").cidr("10.1.2.3/16").build());

    var stalled = harness.awaitCondition("host-bits", "Stalled", "True", "InvalidSpec");

    assertThat(harness.condition("host-bits", "Stalled").orElseThrow().getMessage())
        .contains("did you mean 10.1.0.0/16?");
    assertThat(stalled.getStatus().getLastError()).isNull();
    assertThat(harness.simulator().calls().snapshot().values().stream().mapToLong(Long::longValue).sum()).isZero();

    harness.delete("host-bits");
    harness.awaitGone("host-bits");
  }

  @Test
  void aMissingCredentialsSecretStallsUntilItExists() {
    harness.apply(AllocationBuilder.named("secret-later").cidrMask(24).credentials("team-key").build());

    harness.awaitCondition("secret-later", "Stalled", "True", "CredentialsNotFound");
    assertThat(harness.condition("secret-later", "Stalled").orElseThrow().getMessage())
        .contains("team-key").contains("accessKeyId");

    harness.createCredentialsSecret("team-key", dev.alicloud.ipam.testing.Fixtures.ACCESS_KEY_ID,
        dev.alicloud.ipam.testing.Fixtures.ACCESS_KEY_SECRET);
    harness.awaitCondition("secret-later", "Ready", "True", "Allocated");
  }

  @Test
  void aResourceStalledBeforeAnyCreateIsDeletedWithoutOrphanAndWithoutACloudCall() {
    harness.apply(AllocationBuilder.named("never-sent").cidrMask(24).credentials("no-such-secret").build());
    harness.awaitCondition("never-sent", "Stalled", "True", "CredentialsNotFound");
    assertThat(harness.get("never-sent").getStatus().getCreateAttempted()).as("no create was sent").isFalse();
    long before = harness.simulator().calls().snapshot().values().stream().mapToLong(Long::longValue).sum();

    harness.delete("never-sent");

    harness.awaitGone("never-sent");
    assertThat(harness.simulator().calls().snapshot().values().stream().mapToLong(Long::longValue).sum())
        .as("nothing to search for: no create can have reached the cloud").isEqualTo(before);
  }

  @Test
  void aCreateRefusedWithAnAnswerLeavesNothingToSearchForOnDelete() {
    harness.apply(AllocationBuilder.named("refused").cidrMask(30).build());
    harness.awaitCondition("refused", "Stalled", "True", "OperationDeniedCidrMaskOutOfRange");
    assertThat(harness.get("refused").getStatus().getCreateAttempted()).isFalse();

    harness.delete("refused");

    harness.awaitGone("refused");
  }

  private static final String CREATE = "CreateIpamPoolAllocation";

  @Test
  void whatThePoolCanTellStallsWithoutACreate() {
    var calls = harness.simulator().calls();
    calls.reset();
    String pool = "ipam-pool-comeslater000001";
    harness.apply(AllocationBuilder.named("pool-later").pool(pool).cidrMask(24).build());
    harness.apply(AllocationBuilder.named("mask-too-big").cidrMask(30).build());
    harness.apply(AllocationBuilder.named("outside").cidr("192.0.2.0/24").build());

    harness.awaitCondition("pool-later", "Stalled", "True", "ResourceNotFoundIpamPool");
    assertThat(harness.condition("pool-later", "Stalled").orElseThrow().getMessage())
        .contains("does not exist in region");
    harness.awaitCondition("mask-too-big", "Stalled", "True", "OperationDeniedCidrMaskOutOfRange");
    assertThat(harness.condition("mask-too-big", "Stalled").orElseThrow().getMessage())
        .contains("/8 to /28, not /30");
    harness.awaitCondition("outside", "Stalled", "True", "OperationDeniedCidrNotInPool");
    assertThat(harness.condition("outside", "Stalled").orElseThrow().getMessage()).contains("[10.0.0.0/8]");
    assertThat(calls.mutatingCalls()).as("no create was sent").isZero();

    harness.simulator().state().addPool(pool, dev.alicloud.ipam.testing.Fixtures.REGION,
        java.util.List.of("10.128.0.0/12"), 16, 28);
    harness.awaitCondition("pool-later", "Ready", "True", "Allocated");
    assertThat(calls.count(CREATE)).as("the slow retry read the pool again and created once").isEqualTo(1);
    for (String name : new String[] {"pool-later", "mask-too-big", "outside"}) {
      harness.delete(name);
      harness.awaitGone(name);
    }
  }

  @Test
  void aStalledCreateIsRetriedAsADryRunUntilTheCloudWouldAcceptIt() {
    var calls = harness.simulator().calls();
    var taken = harness.cloudClient().create(new dev.alicloud.ipam.cloud.CreateAllocationRequest(
        dev.alicloud.ipam.testing.Fixtures.REGION, POOL, "10.99.0.0/24", null, "taken", null, false, null));
    calls.reset();
    harness.apply(AllocationBuilder.named("overlap").cidr("10.99.0.0/24").build());
    harness.awaitCondition("overlap", "Stalled", "True", "OperationDeniedCidrOverlap");

    org.awaitility.Awaitility.await("a slow retry").atMost(java.time.Duration.ofSeconds(15))
        .until(() -> calls.dryRunCalls(CREATE) >= 2);
    assertThat(calls.realCalls(CREATE)).as("real creates").isEqualTo(1);

    harness.cloudClient().delete(taken.allocationId(), false, null);
    harness.awaitCondition("overlap", "Ready", "True", "Allocated");
    assertThat(calls.realCalls(CREATE))
        .as("one refused create, dry runs while stalled, one real create once the dry run passed").isEqualTo(2);
    harness.delete("overlap");
    harness.awaitGone("overlap");
  }

  @Test
  void wrongKeysInTheSecretStallAsUnauthorized() {
    harness.createCredentialsSecret("bad-key", "LTAI5tUnknownKey", "whatever");
    harness.apply(AllocationBuilder.named("bad-key").cidrMask(24).credentials("bad-key").build());

    var stalled = harness.awaitCondition("bad-key", "Stalled", "True", "InvalidAccessKeyIdNotFound");
    assertThat(stalled.getStatus().getLastError().getCode()).isEqualTo("InvalidAccessKeyId.NotFound");
    assertThat(stalled.getStatus().getLastError().getMessage()).doesNotContain("whatever");
  }

  @Test
  void refusesToAdoptAnAllocationAnotherLiveResourceOwns() {
    harness.apply(AllocationBuilder.named("first-owner").cidrMask(24).build());
    String id = harness.awaitReady("first-owner").getStatus().getAllocationId();
    String taggedBefore = harness.simulator().state().allocation(id).orElseThrow().description();

    harness.apply(AllocationBuilder.named("usurper").adopt(id).build());

    harness.awaitCondition("usurper", "Stalled", "True", "OwnedByAnother");
    assertThat(harness.condition("usurper", "Stalled").orElseThrow().getMessage())
        .contains("default/first-owner").contains("take-ownership");
    assertThat(harness.simulator().state().allocation(id).orElseThrow().description()).isEqualTo(taggedBefore);

    harness.delete("usurper");
    harness.awaitGone("usurper");
    assertThat(harness.simulator().state().allocation(id)).as("the refused adopter released nothing").isPresent();
  }

  @Test
  void adoptsWhatAnOrphanedResourceLeftBehind() {
    harness.apply(AllocationBuilder.named("old-owner").cidrMask(24).orphan().build());
    String id = harness.awaitReady("old-owner").getStatus().getAllocationId();
    harness.delete("old-owner");
    harness.awaitGone("old-owner");

    var adopted = harness.apply(AllocationBuilder.named("new-owner").adopt(id).build());

    harness.awaitCondition("new-owner", "Ready", "True", "Adopted");
    SimAllocation cloud = harness.simulator().state().allocation(id).orElseThrow();
    assertThat(OwnershipTag.parse(cloud.description()).orElseThrow().uid()).isEqualTo(adopted.getMetadata().getUid());
  }

  @Test
  void refusesAnAllocationOfAnotherPool() {
    SimAllocation other = harness.simulator().state().seedAllocation(dev.alicloud.ipam.testing.Fixtures.OTHER_REGION_POOL,
        "172.16.0.0/16", "Custom", null);
    harness.apply(AllocationBuilder.named("other-pool").adopt(other.allocationId()).build());

    var stalled = harness.awaitCondition("other-pool", "Stalled", "True", null);
    assertThat(stalled.getStatus().getAllocationId()).isNull();
    assertThat(harness.simulator().state().allocations(POOL)).noneMatch(a -> a.allocationId().equals(other.allocationId()));
  }
}
