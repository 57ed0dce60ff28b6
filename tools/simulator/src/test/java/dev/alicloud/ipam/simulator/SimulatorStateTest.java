package dev.alicloud.ipam.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("unit")
class SimulatorStateTest {

  private final SimulatorState state = new SimulatorState(SimulatorConfig.defaults(), new IdGenerator(1));

  @Test
  void poolsValidateTheirInput() {
    state.addPool("p1", "cn-hangzhou", List.of("10.0.0.0/16", "10.1.0.0/16"), 16, 28);
    assertThatThrownBy(() -> state.addPool("p1", "cn-hangzhou", List.of(), 16, 28))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> state.addPool("p2", "cn-hangzhou", List.of("10.0.0.0/8", "10.1.0.0/16"), 8, 28))
        .hasMessageContaining("overlap");
    assertThatThrownBy(() -> state.addPool("p3", "cn-hangzhou", List.of("10.0.0.1/16"), 16, 28))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> state.addPool("p4", "cn-hangzhou", List.of(), 28, 16))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(state.addPoolCidr("p1", "10.2.0.0/16").provisionedCidrs())
        .containsExactly("10.0.0.0/16", "10.1.0.0/16", "10.2.0.0/16");
    assertThat(state.pools()).extracting(IpamPool::poolId).containsExactly("p1");
  }

  @Test
  void seedsAreCheckedAgainstThePool() {
    state.addPool("p1", "cn-hangzhou", List.of("10.0.0.0/16"), 16, 28);
    SimAllocation vpc = state.seedAllocation("p1", "10.0.0.0/24", "VPC", "vpc-1");
    assertThat(vpc.sourceCidr()).isEqualTo("10.0.0.0/16");
    assertThat(vpc.allocationId()).matches("ipam-pool-alloc-[a-z0-9]{22}");
    assertThatThrownBy(() -> state.seedAllocation("p1", "10.0.0.128/25", "VPC", "vpc-2"))
        .hasMessageContaining("overlaps");
    assertThatThrownBy(() -> state.seedAllocation("p1", "192.168.0.0/24", "VPC", "vpc-3"))
        .hasMessageContaining("not inside");
    assertThatThrownBy(() -> state.seedAllocation("nope", "10.0.1.0/24", "VPC", "vpc-4"))
        .isInstanceOf(IllegalArgumentException.class);
    SimAllocation v6 = state.seedIpv6VpcAllocation("p1", "2408:4005:3ab::/56", "vpc-6");
    assertThat(v6.resourceType()).isEqualTo("VPC");
    assertThat(state.allocations()).hasSize(2);
  }

  @Test
  void removedPoolOrphansItsAllocationsAndReAddingClearsThem() {
    state.addPool("p1", "cn-hangzhou", List.of("10.0.0.0/16"), 16, 28);
    SimAllocation a = state.seedAllocation("p1", "10.0.0.0/24", "Custom", "");
    state.removePool("p1");
    assertThat(state.allocations()).isEmpty();
    assertThat(state.allocation(a.allocationId())).isPresent(); // orphan, for inspection
    state.addPool("p1", "cn-hangzhou", List.of("10.0.0.0/16"), 16, 28);
    assertThat(state.allocation(a.allocationId())).isEmpty();
  }

  @Test
  void accessKeysAndRestrictions() {
    state.addAccessKey("ak", "sk");
    assertThat(state.key("ak").allows("DeleteIpamPoolAllocation")).isTrue();
    state.restrictAccessKey("ak", Set.of("vpc:GetIpamPoolAllocation"));
    assertThat(state.key("ak").allows("GetIpamPoolAllocation")).isTrue();
    assertThat(state.key("ak").allows("DeleteIpamPoolAllocation")).isFalse();
    state.denyPool("ak", "p9");
    assertThat(state.key("ak").deniedOn("p9")).isTrue();
    assertThat(state.key("ak").allows("GetIpamPoolAllocation")).isTrue();
    assertThatThrownBy(() -> state.restrictAccessKey("missing", Set.of())).isInstanceOf(IllegalArgumentException.class);
    assertThat(state.accessKeyIds()).containsExactly("ak");
  }
}
