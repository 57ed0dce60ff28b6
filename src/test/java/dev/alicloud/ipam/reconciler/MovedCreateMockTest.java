package dev.alicloud.ipam.reconciler;

import static dev.alicloud.ipam.testing.Fixtures.OTHER_REGION;
import static dev.alicloud.ipam.testing.Fixtures.OTHER_REGION_POOL;
import static dev.alicloud.ipam.testing.Fixtures.POOL;
import static dev.alicloud.ipam.testing.Fixtures.REGION;
import static org.assertj.core.api.Assertions.assertThat;

import dev.alicloud.ipam.api.v1alpha1.IpamPoolAllocation;
import dev.alicloud.ipam.api.v1alpha1.IpamPoolAllocationStatus;
import dev.alicloud.ipam.cloud.CreateAllocationRequest;
import dev.alicloud.ipam.testing.AllocationBuilder;
import dev.alicloud.ipam.testing.OperatorHarness;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * A create whose answer was lost, and a spec whose region and pool were then changed past admission: the operator
 * must find the allocation where the create went (the status recorded it), own it, and release it there.
 */
@Tag("mock")
class MovedCreateMockTest {

  @Test
  void aLostCreateIsFoundWhereItWentNotWhereTheSpecNowPoints() {
    try (OperatorHarness harness = OperatorHarness.create()) {
      IpamPoolAllocation resource = harness.apply(AllocationBuilder.named("moved").region(OTHER_REGION)
          .pool(OTHER_REGION_POOL).cidrMask(24).build());
      String tagged = new OwnershipTag(harness.config().clusterId(), resource.getMetadata().getNamespace(),
          resource.getMetadata().getName(), resource.getMetadata().getUid()).appendTo("Managed by vpc-ipam-operator");
      String made = harness.cloudClient().create(new CreateAllocationRequest(REGION, POOL, null, 24, "moved",
          tagged, false, null)).allocationId();
      IpamPoolAllocationStatus lost = new IpamPoolAllocationStatus();
      lost.setCreateAttempted(true);
      lost.setRegionId(REGION);
      lost.setIpamPoolId(POOL);
      resource.setStatus(lost);
      harness.client().resource(resource).updateStatus();

      harness.startOperator();

      var stalled = harness.awaitCondition("moved", "Stalled", "True", "InvalidSpec");
      assertThat(stalled.getStatus().getAllocationId()).as("owned where the create went").isEqualTo(made);
      assertThat(harness.condition("moved", "Stalled").orElseThrow().getMessage())
          .contains("spec.regionId changed from cn-hangzhou to cn-beijing after " + made);
      assertThat(harness.events("moved")).anyMatch(e -> "Recovered".equals(e.getReason()));
      assertThat(harness.simulator().state().allocations()).as("nothing created where the spec now points")
          .noneMatch(a -> OTHER_REGION_POOL.equals(a.poolId()));

      harness.delete("moved");
      harness.awaitGone("moved");
      assertThat(harness.simulator().state().allocations()).as("released in the region it lives in")
          .noneMatch(a -> made.equals(a.allocationId()) && !"Deleted".equals(a.status()));
    }
  }
}
