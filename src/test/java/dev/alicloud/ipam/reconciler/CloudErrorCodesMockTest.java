package dev.alicloud.ipam.reconciler;

import static dev.alicloud.ipam.testing.Fixtures.NAMESPACE;
import static dev.alicloud.ipam.testing.Fixtures.POOL;
import static org.assertj.core.api.Assertions.assertThat;

import dev.alicloud.ipam.api.v1alpha1.DeletionPolicy;
import dev.alicloud.ipam.api.v1alpha1.IpamPoolAllocation;
import dev.alicloud.ipam.simulator.SimAllocation;
import dev.alicloud.ipam.testing.AllocationBuilder;
import dev.alicloud.ipam.testing.Fixtures;
import dev.alicloud.ipam.testing.SharedHarness;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Each of the eight codes of DeleteIpamPoolAllocation, produced by the simulator's real behaviour, surfaces as the
 * documented condition, reason and lastError.
 */
@Tag("mock")
class CloudErrorCodesMockTest extends SharedHarness {


  private static IpamPoolAllocation awaitStalled(String name, String code) {
    var stalled = harness.awaitCondition(name, "Stalled", "True", Reasons.fromCode(code));
    assertThat(stalled.getStatus().getLastError().getCode()).isEqualTo(code);
    assertThat(stalled.getStatus().getLastError().getRetryable()).isFalse();
    assertThat(harness.condition(name, "Ready")).hasValueSatisfying(c -> assertThat(c.getStatus()).isEqualTo("False"));
    return stalled;
  }

  private static void switchToOrphanAndAwaitGone(String name) {
    harness.edit(name, r -> r.getSpec().setDeletionPolicy(DeletionPolicy.Orphan));
    harness.awaitGone(name);
  }

  @Test
  void dryRunOperationOnCreateChangesNothing() {
    long before = harness.simulator().state().allocations(POOL).size();
    harness.apply(AllocationBuilder.named("dry-create").cidrMask(24).dryRun().build());

    var ready = harness.awaitCondition("dry-create", "DryRun", "True", "DryRunOperation");

    assertThat(ready.getStatus().getAllocationId()).isNull();
    assertThat(harness.condition("dry-create", "Ready")).hasValueSatisfying(c ->
        assertThat(c.getReason()).isEqualTo("DryRunOperation"));
    assertThat(harness.simulator().state().allocations(POOL)).hasSize((int) before);
  }

  @Test
  void dryRunOperationOnDeleteKeepsTheFinalizerUntilDryRunIsTurnedOff() {
    harness.apply(AllocationBuilder.named("dry-delete").cidrMask(24).build());
    String id = harness.awaitReady("dry-delete").getStatus().getAllocationId();
    harness.edit("dry-delete", r -> r.getSpec().setDryRun(true));
    harness.awaitCondition("dry-delete", "DryRun", "True", "DryRunOperation");

    harness.delete("dry-delete");

    var held = harness.awaitResource("dry-delete", r -> r.getMetadata().getDeletionTimestamp() != null
        && Conditions.find(r.getStatus().getConditions(), "DryRun")
        .map(c -> c.getMessage().startsWith("Dry-run release")).orElse(false), "dry-run release reported");
    assertThat(held.getMetadata().getFinalizers()).contains(IpamPoolAllocation.FINALIZER);
    assertThat(harness.simulator().state().allocation(id)).as("still allocated").isPresent();

    harness.edit("dry-delete", r -> r.getSpec().setDryRun(false));
    harness.awaitGone("dry-delete");
    assertThat(harness.simulator().state().allocation(id)).isEmpty();
  }

  @Test
  void aDryRunReleaseOfAnAllocationAlreadyGoneLetsTheResourceGo() {
    harness.apply(AllocationBuilder.named("dry-gone").cidrMask(24).build());
    String id = harness.awaitReady("dry-gone").getStatus().getAllocationId();
    harness.edit("dry-gone", r -> r.getSpec().setDryRun(true));
    harness.awaitCondition("dry-gone", "DryRun", "True", "DryRunOperation");
    harness.cloudClient().delete(id, false, null);

    harness.delete("dry-gone");

    harness.awaitGone("dry-gone");
    assertThat(harness.events("dry-gone")).anyMatch(e -> e.getMessage().contains("already gone"));
  }

  @Test
  void anAllocationAlreadyGoneCountsAsReleasedWithoutADelete() {
    harness.apply(AllocationBuilder.named("gone-alloc").cidrMask(24).build());
    String id = harness.awaitReady("gone-alloc").getStatus().getAllocationId();
    harness.cloudClient().delete(id, false, null);
    harness.simulator().calls().reset();

    harness.delete("gone-alloc");

    harness.awaitGone("gone-alloc");
    assertThat(harness.simulator().calls().count("GetIpamPoolAllocation", "ResourceNotFound.IpamPoolAllocation"))
        .as("the read before any Delete").isEqualTo(1);
    assertThat(harness.simulator().calls().count("DeleteIpamPoolAllocation")).as("nothing left to delete").isZero();
    assertThat(harness.events("gone-alloc")).anyMatch(e -> e.getMessage().contains("already gone"));
  }

  @Test
  void aVanishedPoolCountsAsReleasedWithoutADelete() {
    String doomed = "ipam-pool-doomed00000000001";
    harness.simulator().state().addPool(doomed, Fixtures.REGION, List.of("192.168.0.0/16"), 16, 28);
    harness.apply(AllocationBuilder.named("gone-pool").pool(doomed).cidrMask(24).build());
    harness.awaitReady("gone-pool");
    harness.simulator().state().removePool(doomed);
    harness.simulator().calls().reset();

    harness.delete("gone-pool");

    harness.awaitGone("gone-pool");
    assertThat(harness.simulator().calls().count("GetIpamPoolAllocation")).as("the read before any Delete")
        .isEqualTo(1);
    assertThat(harness.simulator().calls().count("DeleteIpamPoolAllocation")).as("nothing left to delete").isZero();
  }

  @Test
  void resourceTypeIsNotCustomStallsTheReleaseUntilOrphaned() {
    SimAllocation vpc = harness.simulator().state().seedAllocation(POOL, "10.250.0.0/16", "VPC", "vpc-bp1test0001");
    harness.apply(AllocationBuilder.named("vpc-owned").adopt(vpc.allocationId()).build());
    harness.awaitCondition("vpc-owned", "Ready", "True", "Adopted");
    harness.awaitCondition("vpc-owned", "Releasable", "False", "OperationDeniedResourceTypeIsNotCustom");

    harness.delete("vpc-owned");

    var stalled = awaitStalled("vpc-owned", "OperationDenied.ResourceTypeIsNotCustom");
    assertThat(stalled.getMetadata().getFinalizers()).contains(IpamPoolAllocation.FINALIZER);
    assertThat(harness.condition("vpc-owned", "Stalled").orElseThrow().getMessage()).contains("deletionPolicy: Orphan");
    switchToOrphanAndAwaitGone("vpc-owned");
    assertThat(harness.simulator().state().allocation(vpc.allocationId())).as("orphaned, not released").isPresent();
    assertThat(harness.events("vpc-owned")).extracting(e -> e.getReason())
        .contains("OperationDeniedResourceTypeIsNotCustom", "Orphaned");
  }

  /** Allocations the cloud refuses to release, each seeded as the simulator's state knows it. */
  static Stream<Arguments> unreleasableAllocations() {
    return Stream.of(
        Arguments.of("odd-type", "OperationDenied.UnexpectedResourceType",
            (Supplier<SimAllocation>) () -> harness.simulator().state()
                .seedAllocation(POOL, "10.251.0.0/16", "VSwitch", "vsw-1")),
        Arguments.of("ipv6", "OperationDenied.Ipv6VpcNotSupport",
            (Supplier<SimAllocation>) () -> harness.simulator().state()
                .seedIpv6VpcAllocation(POOL, "2408:4000:1000::/56", "vpc-v6")));
  }

  @ParameterizedTest(name = "{1}")
  @MethodSource("unreleasableAllocations")
  void anUnreleasableAllocationStallsTheReleaseUntilOrphaned(String name, String code, Supplier<SimAllocation> seed) {
    SimAllocation allocation = seed.get();
    harness.apply(AllocationBuilder.named(name).adopt(allocation.allocationId()).build());
    harness.awaitCondition(name, "Ready", "True", "Adopted");

    harness.delete(name);

    awaitStalled(name, code);
    switchToOrphanAndAwaitGone(name);
    assertThat(harness.simulator().state().allocation(allocation.allocationId())).isPresent();
  }

  @Test
  void unauthorizedStallsThenRecoversOnceTheRamPolicyIsFixed() {
    harness.simulator().state().addAccessKey("LTAI5tNoDeleteKey", "no-delete-secret");
    harness.simulator().state().restrictAccessKey("LTAI5tNoDeleteKey", Set.of("CreateIpamPoolAllocation",
        "GetIpamPoolAllocation", "ListIpamPoolAllocations", "UpdateIpamPoolAllocation"));
    harness.createCredentialsSecret("no-delete", "LTAI5tNoDeleteKey", "no-delete-secret");
    harness.apply(AllocationBuilder.named("no-delete").cidrMask(24).credentials("no-delete").build());
    String id = harness.awaitReady("no-delete").getStatus().getAllocationId();
    harness.awaitCondition("no-delete", "Releasable", "False", "OperationDeniedUnauthorized");

    harness.delete("no-delete");

    var stalled = awaitStalled("no-delete", "OperationDenied.Unauthorized");
    assertThat(stalled.getStatus().getLastError().getMessage()).contains("vpc:DeleteIpamPoolAllocation");
    assertThat(harness.simulator().state().allocation(id)).isPresent();

    harness.simulator().state().unrestrictAccessKey("LTAI5tNoDeleteKey");
    harness.awaitGone("no-delete");
    assertThat(harness.simulator().state().allocation(id)).as("released after the slow retry").isEmpty();
  }

  @Test
  void aWrongRegionStallsBeforeAnyCreateAndCanBeFixedInPlace() {
    long creates = harness.simulator().calls().count("CreateIpamPoolAllocation");
    harness.apply(AllocationBuilder.named("wrong-region").region("cn-beijing").cidrMask(24).build());

    var stalled = harness.awaitCondition("wrong-region", "Stalled", "True", "ResourceNotFoundIpamPool");
    assertThat(stalled.getStatus().getAllocationId()).isNull();
    assertThat(harness.condition("wrong-region", "Stalled").orElseThrow().getMessage())
        .contains("does not exist in region cn-beijing").contains("spec.regionId");
    assertThat(harness.simulator().calls().count("CreateIpamPoolAllocation")).as("the pool was read, not created in")
        .isEqualTo(creates);

    harness.edit("wrong-region", r -> r.getSpec().setRegionId(Fixtures.REGION));
    harness.awaitCondition("wrong-region", "Ready", "True", "Allocated");
  }

  @Test
  void orphanLeavesTheAllocationAndMakesNoCall() {
    harness.apply(AllocationBuilder.named("kept").cidrMask(24).orphan().build());
    String id = harness.awaitReady("kept").getStatus().getAllocationId();
    assertThat(harness.condition("kept", "Releasable").orElseThrow().getReason()).isEqualTo("Orphaned");
    harness.simulator().calls().reset();

    harness.delete("kept");

    harness.awaitGone("kept");
    assertThat(harness.simulator().state().allocation(id)).isPresent();
    assertThat(harness.simulator().calls().count("DeleteIpamPoolAllocation")).isZero();
    assertThat(harness.client().v1().events().inNamespace(NAMESPACE).list().getItems())
        .anyMatch(e -> "kept".equals(e.getInvolvedObject().getName()) && "Orphaned".equals(e.getReason()));
  }
}
