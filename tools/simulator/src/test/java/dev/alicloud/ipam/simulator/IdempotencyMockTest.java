package dev.alicloud.ipam.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import com.aliyun.tea.TeaException;
import dev.alicloud.ipam.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("mock")
class IdempotencyMockTest extends SimulatorFixture {

  private final MutableClock clock = new MutableClock(Instant.parse("2024-10-15T02:24:19Z"));

  @Override
  SimulatorConfig config() {
    // the movable clock starts at "now" so the client's x-acs-date is within the skew window
    clock.advance(Duration.between(clock.instant(), Instant.now()));
    return SimulatorConfig.defaults().withClock(clock).withClientTokenTtl(Duration.ofMinutes(1));
  }

  private static Map<String, Object> create(String token, int mask) {
    return Map.of("RegionId", REGION, "IpamPoolId", POOL, "CidrMask", mask, "ClientToken", token);
  }

  @Test
  void sameTokenReturnsTheSameAllocation() throws Exception {
    Map<String, Object> first = client.call("CreateIpamPoolAllocation", create("token-1", 24));
    Map<String, Object> again = client.call("CreateIpamPoolAllocation", create("token-1", 24));
    assertThat(again.get("IpamPoolAllocationId")).isEqualTo(first.get("IpamPoolAllocationId"));
    assertThat(again.get("Cidr")).isEqualTo(first.get("Cidr"));
    assertThat(again.get("SourceCidr")).isEqualTo(first.get("SourceCidr"));
    assertThat(again.get("RequestId")).isNotEqualTo(first.get("RequestId"));
    assertThat(sim.state().allocations()).hasSize(1);
    assertThat(sim.calls().count("CreateIpamPoolAllocation", "OK")).isEqualTo(2);
  }

  @Test
  void concurrentRetriesWithOneTokenMakeOneAllocation() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Future<Object>> futures = new ArrayList<>();
      for (int i = 0; i < 16; i++) {
        futures.add(pool.submit(() -> client.call("CreateIpamPoolAllocation", create("shared", 26))
            .get("IpamPoolAllocationId")));
      }
      Set<Object> ids = new HashSet<>();
      for (Future<Object> f : futures) {
        ids.add(f.get());
      }
      assertThat(ids).hasSize(1);
    } finally {
      pool.shutdownNow();
    }
    assertThat(sim.state().allocations()).hasSize(1);
  }

  @Test
  void sameTokenWithOtherParametersIsAMismatch() throws Exception {
    client.call("CreateIpamPoolAllocation", create("token-2", 24));
    TeaException e = client.error("CreateIpamPoolAllocation", create("token-2", 25));
    assertThat(e.getCode()).isEqualTo("IdempotentParameterMismatch");
    assertThat(e.getStatusCode()).isEqualTo(400);
    assertThat(sim.state().allocations()).hasSize(1);
  }

  @Test
  void tokenIsForgottenAfterItsTtl() throws Exception {
    Map<String, Object> first = client.call("CreateIpamPoolAllocation", create("token-3", 24));
    clock.advance(Duration.ofSeconds(61));
    Map<String, Object> later = client.call("CreateIpamPoolAllocation", create("token-3", 24));
    assertThat(later.get("IpamPoolAllocationId")).isNotEqualTo(first.get("IpamPoolAllocationId"));
    assertThat(later.get("Cidr")).isEqualTo("10.0.1.0/24");
    assertThat(sim.state().allocations()).hasSize(2);
  }

  @Test
  void forgettingOrZeroTtlMeansNoProtection() throws Exception {
    client.call("CreateIpamPoolAllocation", create("token-4", 24));
    sim.state().forgetClientTokens();
    client.call("CreateIpamPoolAllocation", create("token-4", 24));
    sim.state().clientTokenTtl(Duration.ZERO);
    client.call("CreateIpamPoolAllocation", create("token-5", 24));
    client.call("CreateIpamPoolAllocation", create("token-5", 24));
    assertThat(sim.state().allocations()).hasSize(4);
  }

  @Test
  void dryRunDoesNotConsumeTheToken() throws Exception {
    Map<String, Object> dry = Map.of("RegionId", REGION, "IpamPoolId", POOL, "CidrMask", 24, "ClientToken", "t6",
        "DryRun", true);
    assertThat(client.error("CreateIpamPoolAllocation", dry).getCode()).isEqualTo("DryRunOperation");
    Map<String, Object> real = client.call("CreateIpamPoolAllocation", create("t6", 24));
    assertThat(sim.state().allocations()).extracting(SimAllocation::allocationId)
        .containsExactly((String) real.get("IpamPoolAllocationId"));
  }

  @Test
  void repeatedDeleteWithSameTokenSucceedsAgain() throws Exception {
    String id = (String) client.call("CreateIpamPoolAllocation", create("t7", 24)).get("IpamPoolAllocationId");
    Map<String, Object> delete = Map.of("RegionId", REGION, "IpamPoolAllocationId", id, "ClientToken", "del-1");
    client.call("DeleteIpamPoolAllocation", delete);
    assertThat(client.call("DeleteIpamPoolAllocation", delete)).containsKey("RequestId");
    TeaException withoutToken = client.error("DeleteIpamPoolAllocation",
        Map.of("RegionId", REGION, "IpamPoolAllocationId", id));
    assertThat(withoutToken.getCode()).isEqualTo("ResourceNotFound.IpamPoolAllocation");
  }
}
