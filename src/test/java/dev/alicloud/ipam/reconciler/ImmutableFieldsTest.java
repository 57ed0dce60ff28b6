package dev.alicloud.ipam.reconciler;

import static org.assertj.core.api.Assertions.assertThat;

import dev.alicloud.ipam.api.v1alpha1.IpamPoolAllocationStatus;
import dev.alicloud.ipam.testing.AllocationBuilder;
import dev.alicloud.ipam.testing.Fixtures;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** A change to a field that cannot change, made past admission, is named with the value to set back. */
@Tag("unit")
class ImmutableFieldsTest {

  private static IpamPoolAllocationStatus held(String acquiredWith) {
    var status = new IpamPoolAllocationStatus();
    status.setAllocationId("ipam-pool-alloc-held0001");
    status.setRegionId(Fixtures.REGION);
    status.setIpamPoolId(Fixtures.POOL);
    status.setCidr("10.0.4.0/24");
    status.setAcquiredWith(acquiredWith);
    return status;
  }

  @Test
  void aMaskSwappedForAnAllocationIdAsksForTheMaskBackNotForAnIdItNeverHad() {
    var spec = AllocationBuilder.named("a").adopt("ipam-pool-alloc-other0001").build().getSpec();

    assertThat(ImmutableFields.problems(spec, held("cidrMask"))).containsExactly("spec.allocationId replaced "
        + "spec.cidrMask after ipam-pool-alloc-held0001 was made; that choice cannot change: remove "
        + "spec.allocationId and set spec.cidrMask back to 24, or create a new resource for the new "
        + "spec.allocationId");
  }

  @Test
  void anAdoptionSwappedForACidrAsksForTheAllocationIdBack() {
    var spec = AllocationBuilder.named("a").cidr("10.0.4.0/24").build().getSpec();

    assertThat(ImmutableFields.problems(spec, held("allocationId"))).singleElement().asString()
        .contains("spec.cidr replaced spec.allocationId after ipam-pool-alloc-held0001 was adopted")
        .contains("set spec.allocationId back to ipam-pool-alloc-held0001");
  }

  @Test
  void aCidrSwappedForAMaskAsksForTheCidrBack() {
    var spec = AllocationBuilder.named("a").cidrMask(24).build().getSpec();

    assertThat(ImmutableFields.problems(spec, held("cidr"))).singleElement().asString()
        .contains("set spec.cidr back to 10.0.4.0/24");
  }

  @Test
  void theSameFieldChangedStillNamesItsHeldValue() {
    var spec = AllocationBuilder.named("a").cidrMask(25).build().getSpec();

    assertThat(ImmutableFields.problems(spec, held("cidrMask"))).singleElement().asString()
        .contains("spec.cidrMask is 25").contains("set it back to 24");
  }
}
