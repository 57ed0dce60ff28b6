package dev.alicloud.ipam.reconciler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.alicloud.ipam.api.v1alpha1.IpamPoolAllocation;
import dev.alicloud.ipam.simulator.SimAllocation;
import dev.alicloud.ipam.testing.AllocationBuilder;
import dev.alicloud.ipam.testing.Fixtures;
import dev.alicloud.ipam.testing.SharedHarness;
import java.time.Duration;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Create, adopt, update and release through the real operator, the mock API server and the simulator. */
@Tag("mock")
class LifecycleMockTest extends SharedHarness {


  private SimAllocation inCloud(String allocationId) {
    return harness.simulator().state().allocation(allocationId).orElseThrow();
  }

  @Test
  void createsByMaskAndReportsTheBlock() {
    harness.apply(AllocationBuilder.named("by-mask").cidrMask(24).build());

    IpamPoolAllocation ready = harness.awaitCondition("by-mask", "Ready", "True", "Allocated");

    var status = ready.getStatus();
    assertThat(status.getCidr()).endsWith("/24");
    assertThat(status.getSourceCidr()).isEqualTo("10.0.0.0/8");
    assertThat(status.getResourceType()).isEqualTo("Custom");
    assertThat(status.getObservedGeneration()).isEqualTo(ready.getMetadata().getGeneration());
    assertThat(ready.getMetadata().getFinalizers()).contains(IpamPoolAllocation.FINALIZER);
    SimAllocation cloud = inCloud(status.getAllocationId());
    assertThat(cloud.cidr()).isEqualTo(status.getCidr());
    assertThat(cloud.name()).isEqualTo("default-by-mask");
    assertThat(OwnershipTag.parse(cloud.description())).hasValueSatisfying(tag -> {
      assertThat(tag.uid()).isEqualTo(ready.getMetadata().getUid());
      assertThat(tag.clusterId()).isEqualTo(Fixtures.CLUSTER_ID);
    });
    assertThat(harness.condition("by-mask", "Reconciling")).hasValueSatisfying(c ->
        assertThat(c.getStatus()).isEqualTo("False"));
    assertThat(harness.condition("by-mask", "Releasable")).hasValueSatisfying(c -> {
      assertThat(c.getStatus()).isEqualTo("True");
      assertThat(c.getReason()).isEqualTo("DryRunOperation");
    });
  }

  @Test
  void createsAnExactCidr() {
    harness.apply(AllocationBuilder.named("by-cidr").cidr("10.42.0.0/16").description("Team A staging").build());

    var ready = harness.awaitCondition("by-cidr", "Ready", "True", "Allocated");

    assertThat(ready.getStatus().getCidr()).isEqualTo("10.42.0.0/16");
    assertThat(inCloud(ready.getStatus().getAllocationId()).description()).startsWith("Team A staging ");
  }

  /** Both ID forms the published pages show: Create, Get, List and Update show the first, Delete the second. */
  @ParameterizedTest
  @ValueSource(strings = {"ipam-pool-alloc-112za33e4adopt", "ipam-alloc-112za33e4adopt"})
  void adoptsAnExistingAllocationTagsItAndReleasesIt(String allocationId) {
    String name = allocationId.startsWith("ipam-pool-alloc-") ? "adopted-pool-form" : "adopted-short-form";
    harness.simulator().state().seedAllocation(Fixtures.POOL, "10.99.0.0/20", "Custom", null, allocationId);
    harness.apply(AllocationBuilder.named(name).adopt(allocationId).build());

    var ready = harness.awaitCondition(name, "Ready", "True", "Adopted");

    assertThat(ready.getStatus().getAllocationId()).isEqualTo(allocationId);
    assertThat(ready.getStatus().getCidr()).isEqualTo("10.99.0.0/20");
    assertThat(OwnershipTag.parse(inCloud(allocationId).description()))
        .hasValueSatisfying(tag -> assertThat(tag.uid()).isEqualTo(ready.getMetadata().getUid()));

    harness.delete(name);
    harness.awaitGone(name);
    assertThat(harness.simulator().state().allocation(allocationId)).as("released through the adopted id").isEmpty();
  }

  @Test
  void anAdoptedVpcBlockShowsWhatHoldsItAndWhoseAccountThatIs() {
    harness.simulator().state().seedAllocation(Fixtures.POOL, "10.98.0.0/20", "VPC", "vpc-bp1adopted0001",
        "ipam-pool-alloc-adoptedvpc01");
    harness.apply(AllocationBuilder.named("adopted-vpc").adopt("ipam-pool-alloc-adoptedvpc01").orphan().build());

    var ready = harness.awaitCondition("adopted-vpc", "Ready", "True", "Adopted");

    String account = Long.toString(harness.simulator().config().accountId());
    assertThat(ready.getStatus().getResourceType()).isEqualTo("VPC");
    assertThat(ready.getStatus().getResourceId()).isEqualTo("vpc-bp1adopted0001");
    assertThat(ready.getStatus().getResourceOwnerId()).isEqualTo(account);
    assertThat(ready.getStatus().getResourceRegionId()).isEqualTo(Fixtures.REGION);
    assertThat(Conditions.find(ready.getStatus().getConditions(), "Ready").orElseThrow().getMessage())
        .contains("(10.98.0.0/20, VPC vpc-bp1adopted0001 of account " + account + ")");
    harness.delete("adopted-vpc");
    harness.awaitGone("adopted-vpc");
  }

  @Test
  void updatesNameAndDescriptionInPlace() {
    harness.apply(AllocationBuilder.named("renamed").cidrMask(26).build());
    String id = harness.awaitReady("renamed").getStatus().getAllocationId();

    harness.edit("renamed", r -> {
      r.getSpec().setAllocationName("payments-prod");
      r.getSpec().setDescription("Payments production");
    });

    await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
      SimAllocation cloud = inCloud(id);
      assertThat(cloud.name()).isEqualTo("payments-prod");
      assertThat(cloud.description()).startsWith("Payments production ");
    });
    var after = harness.awaitResource("renamed", r -> r.getStatus().getObservedGeneration()
        .equals(r.getMetadata().getGeneration()), "observed the new generation");
    assertThat(after.getStatus().getAllocationId()).as("an update never re-creates").isEqualTo(id);
    assertThat(harness.simulator().state().allocations(Fixtures.POOL))
        .filteredOn(a -> a.name().equals("payments-prod")).hasSize(1);
  }

  @Test
  void deleteReleasesBeforeTheResourceDisappears() {
    harness.apply(AllocationBuilder.named("released").cidrMask(25).build());
    String id = harness.awaitReady("released").getStatus().getAllocationId();

    harness.delete("released");

    harness.awaitGone("released");
    assertThat(harness.simulator().state().allocation(id)).as("released in the cloud").isEmpty();
    assertThat(harness.events("released")).extracting(e -> e.getReason()).as("a routine transition, only logged "
        + "unless --routine-events: the lifecycle stays at 4 writes").doesNotContain("Released", "Allocated");
  }
}
