package dev.alicloud.ipam.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** With a retention configured, a released allocation reads as Status=Deleted for a while. */
@Tag("mock")
class DeletedRetentionMockTest extends SimulatorFixture {

  @Override
  SimulatorConfig config() {
    return SimulatorConfig.defaults().withDeletedRetention(Duration.ofSeconds(3));
  }

  @Test
  void releasedAllocationIsVisibleAsDeletedThenForgotten() throws Exception {
    String id = (String) client.call("CreateIpamPoolAllocation",
        Map.of("RegionId", REGION, "IpamPoolId", POOL, "CidrMask", 24)).get("IpamPoolAllocationId");
    client.call("DeleteIpamPoolAllocation", Map.of("RegionId", REGION, "IpamPoolAllocationId", id));
    Map<String, Object> read = client.call("GetIpamPoolAllocation",
        Map.of("RegionId", REGION, "IpamPoolAllocationId", id));
    assertThat(read.get("Status")).isEqualTo("Deleted");
    assertThat(sim.state().allocations()).isEmpty();
    assertThat(client.error("DeleteIpamPoolAllocation", Map.of("RegionId", REGION, "IpamPoolAllocationId", id))
        .getCode()).isEqualTo("ResourceNotFound.IpamPoolAllocation");
    // the block is free again even while the record is retained
    assertThat(client.call("CreateIpamPoolAllocation", Map.of("RegionId", REGION, "IpamPoolId", POOL,
        "Cidr", "10.0.0.0/24")).get("Cidr")).isEqualTo("10.0.0.0/24");
    org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10))
        .until(() -> sim.state().allocation(id).isEmpty());
    assertThat(client.error("GetIpamPoolAllocation", Map.of("RegionId", REGION, "IpamPoolAllocationId", id))
        .getCode()).isEqualTo("ResourceNotFound.IpamPoolAllocation");
  }
}
