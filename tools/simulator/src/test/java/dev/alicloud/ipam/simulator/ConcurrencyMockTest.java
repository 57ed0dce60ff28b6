package dev.alicloud.ipam.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("mock")
class ConcurrencyMockTest extends SimulatorFixture {

  @Test
  void concurrentMaskCreatesNeverOverlapAndConcurrentDeletesAllSucceed() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Future<Map<String, Object>>> creates = new ArrayList<>();
      for (int i = 0; i < 40; i++) {
        int mask = 24 + (i % 5);
        creates.add(pool.submit(() -> client.call("CreateIpamPoolAllocation",
            Map.of("RegionId", REGION, "IpamPoolId", POOL, "CidrMask", mask))));
      }
      List<String> ids = new ArrayList<>();
      for (Future<Map<String, Object>> f : creates) {
        ids.add((String) f.get().get("IpamPoolAllocationId"));
      }
      List<SimAllocation> all = sim.state().allocations();
      assertThat(all).hasSize(40);
      for (int i = 0; i < all.size(); i++) {
        Ipv4Cidr a = Ipv4Cidr.parse(all.get(i).cidr());
        for (int j = i + 1; j < all.size(); j++) {
          assertThat(a.overlaps(Ipv4Cidr.parse(all.get(j).cidr()))).isFalse();
        }
      }
      List<Future<Map<String, Object>>> deletes = new ArrayList<>();
      for (String id : ids) {
        deletes.add(pool.submit(() -> client.call("DeleteIpamPoolAllocation",
            Map.of("RegionId", REGION, "IpamPoolAllocationId", id))));
      }
      for (Future<Map<String, Object>> f : deletes) {
        assertThat(f.get()).containsKey("RequestId");
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(sim.state().allocations()).isEmpty();
    assertThat(sim.calls().mutatingCalls()).isEqualTo(80);
  }
}
