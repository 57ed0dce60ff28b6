package dev.alicloud.ipam.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.aliyun.tea.TeaException;
import com.aliyun.tea.TeaUnretryableException;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("mock")
class FaultInjectionMockTest extends SimulatorFixture {

  private static final Map<String, Object> CREATE = Map.of("RegionId", REGION, "IpamPoolId", POOL, "CidrMask", 24);
  private static final Map<String, Object> LIST = Map.of("RegionId", REGION, "IpamPoolId", POOL);

  @Test
  void throttleRateOneAnswersThrottlingUser() {
    sim.faults().throttleRate(1.0);
    TeaException e = client.error("CreateIpamPoolAllocation", CREATE);
    assertThat(e.getCode()).isEqualTo("Throttling.User");
    assertThat(e.getStatusCode()).isEqualTo(400);
    assertThat(e.getData().get("Message")).isEqualTo("Request was denied due to user flow control.");
    assertThat(sim.state().allocations()).isEmpty();
    assertThat(sim.calls().count("CreateIpamPoolAllocation", "Throttling.User")).isEqualTo(1);
  }

  @Test
  void serverErrorsAre5xx() {
    sim.faults().serverErrorRate(1.0);
    for (int i = 0; i < 6; i++) {
      TeaException e = client.error("ListIpamPoolAllocations", LIST);
      assertThat(e.getStatusCode()).isIn(500, 503);
      assertThat(e.getCode()).isEqualTo(e.getStatusCode() == 503 ? "ServiceUnavailable" : "InternalError");
    }
  }

  @Test
  void resetIsATransportFailureAndChangesNothing() {
    sim.faults().resetRate(1.0);
    assertThatThrownBy(() -> client.call("CreateIpamPoolAllocation", CREATE))
        .isInstanceOf(TeaUnretryableException.class);
    assertThat(sim.state().allocations()).isEmpty();
    assertThat(sim.calls().count("CreateIpamPoolAllocation", CallLog.CONNECTION_RESET)).isEqualTo(1);
  }

  @Test
  void lostResponseCommitsButTheClientSeesATransportFailure() throws Exception {
    sim.faults().lostResponseRate(1.0);
    assertThatThrownBy(() -> client.call("CreateIpamPoolAllocation", CREATE))
        .isInstanceOf(TeaUnretryableException.class);
    assertThat(sim.state().allocations()).singleElement()
        .satisfies(a -> assertThat(a.cidr()).isEqualTo("10.0.0.0/24"));
    assertThat(sim.calls().count("CreateIpamPoolAllocation", CallLog.LOST_RESPONSE)).isEqualTo(1);
    // reads are never "lost"
    assertThat(client.call("ListIpamPoolAllocations", LIST).get("TotalCount")).isEqualTo(1L);
  }

  @Test
  void retryAfterLostResponseWithSameClientTokenFindsTheCommittedAllocation() throws Exception {
    Map<String, Object> create = Map.of("RegionId", REGION, "IpamPoolId", POOL, "CidrMask", 24,
        "ClientToken", "lost-1");
    sim.faults().lostResponseRate(1.0);
    assertThatThrownBy(() -> client.call("CreateIpamPoolAllocation", create))
        .isInstanceOf(TeaUnretryableException.class);
    sim.faults().clear();
    Map<String, Object> retry = client.call("CreateIpamPoolAllocation", create);
    assertThat(sim.state().allocations()).singleElement()
        .satisfies(a -> assertThat(a.allocationId()).isEqualTo(retry.get("IpamPoolAllocationId")));
    assertThat(sim.calls().count("CreateIpamPoolAllocation", "OK")).isEqualTo(2);
  }

  @Test
  void faultsCanBeScopedToActions() throws Exception {
    sim.faults().throttleRate(1.0).onlyActions(Set.of("DeleteIpamPoolAllocation"));
    String id = (String) client.call("CreateIpamPoolAllocation", CREATE).get("IpamPoolAllocationId");
    assertThat(client.error("DeleteIpamPoolAllocation", Map.of("RegionId", REGION, "IpamPoolAllocationId", id))
        .getCode()).isEqualTo("Throttling.User");
    sim.faults().clear();
    client.call("DeleteIpamPoolAllocation", Map.of("RegionId", REGION, "IpamPoolAllocationId", id));
    assertThat(sim.state().allocations()).isEmpty();
  }

  @Test
  void latencyDelaysEveryCall() throws Exception {
    client.call("ListIpamPoolAllocations", LIST); // warm the connection
    sim.faults().latency(Duration.ofMillis(300));
    long start = System.nanoTime();
    client.call("ListIpamPoolAllocations", LIST);
    assertThat((System.nanoTime() - start) / 1_000_000).isGreaterThanOrEqualTo(290);
  }

  @Test
  void partialRatesAreReproducibleWithASeed() {
    sim.faults().throttleRate(0.5).reseed(99);
    StringBuilder first = new StringBuilder();
    for (int i = 0; i < 20; i++) {
      first.append(outcome());
    }
    sim.faults().reseed(99);
    StringBuilder second = new StringBuilder();
    for (int i = 0; i < 20; i++) {
      second.append(outcome());
    }
    assertThat(second.toString()).isEqualTo(first.toString()).contains("T").contains("o");
  }

  private String outcome() {
    try {
      client.call("ListIpamPoolAllocations", LIST);
      return "o";
    } catch (TeaException e) {
      return "T";
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  @Test
  void perActionQuotaThrottlesBursts() throws Exception {
    sim.faults().quota("ListIpamPoolAllocations", 2, Duration.ofSeconds(60));
    int ok = 0;
    int throttled = 0;
    for (int i = 0; i < 6; i++) {
      try {
        client.call("ListIpamPoolAllocations", LIST);
        ok++;
      } catch (TeaException e) {
        assertThat(e.getCode()).isEqualTo("Throttling.User");
        throttled++;
      }
    }
    assertThat(ok).as("2 per 60 s, counted strictly").isEqualTo(2);
    assertThat(throttled).isEqualTo(4);
    // other actions are not limited
    for (int i = 0; i < 5; i++) {
      client.call("ListIpamPools", Map.of("RegionId", REGION));
    }
    sim.faults().quota("ListIpamPoolAllocations", 0, Duration.ofSeconds(60));
    for (int i = 0; i < 5; i++) {
      client.call("ListIpamPoolAllocations", LIST);
    }
  }
}
