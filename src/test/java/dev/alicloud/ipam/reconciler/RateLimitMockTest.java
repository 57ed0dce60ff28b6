package dev.alicloud.ipam.reconciler;

import static org.assertj.core.api.Assertions.assertThat;

import dev.alicloud.ipam.cloud.ApiQuota;
import dev.alicloud.ipam.cloud.ApiQuotas;
import dev.alicloud.ipam.config.OperatorConfig;
import dev.alicloud.ipam.testing.AllocationBuilder;
import dev.alicloud.ipam.testing.OperatorHarness;
import java.time.Duration;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The client-side limiter keeps the operator under the cloud's per-action quota, counted the strict way the simulator
 * counts it (at most N calls in any sliding window): with the limiter set to the quota itself no call is throttled;
 * without it the same burst provokes Throttling.User, so the first case can fail. Also: one pool read for the burst.
 */
@Tag("mock")
class RateLimitMockTest {

  /** The published 300/60 s pace (one call per 200 ms) in a window short enough for a test. */
  private static final ApiQuota QUOTA = new ApiQuota(10, Duration.ofSeconds(2));
  private static final int RESOURCES = 20;

  @ParameterizedTest(name = "limiter on: {0}")
  @ValueSource(booleans = {true, false})
  void aBurstOfCreatesStaysUnderTheQuotaOnlyWithTheLimiter(boolean limiter) {
    try (OperatorHarness harness = OperatorHarness.create()) {
      harness.configure(c -> c.withThroughput(new OperatorConfig.Throughput(50,
          limiter ? ApiQuotas.uniform(QUOTA) : ApiQuotas.UNLIMITED)));
      for (String action : List.of("CreateIpamPoolAllocation", "DeleteIpamPoolAllocation", "GetIpamPoolAllocation",
          "ListIpamPoolAllocations", "ListIpamPools")) {
        harness.simulator().faults().quota(action, QUOTA.calls(), QUOTA.period());
      }
      harness.startOperator();
      IntStream.range(0, RESOURCES).forEach(i -> harness.apply(AllocationBuilder.named("burst-" + i).cidrMask(24)
          .build()));
      IntStream.range(0, RESOURCES).forEach(i -> harness.awaitReady("burst-" + i));

      long throttled = harness.simulator().calls().snapshot().entrySet().stream()
          .filter(e -> e.getKey().endsWith("/Throttling.User")).mapToLong(e -> e.getValue()).sum();
      if (limiter) {
        assertThat(throttled).as("throttled calls with the limiter at the quota " + harness.simulator().calls()
            .snapshot()).isZero();
      } else {
        assertThat(throttled).as("without the limiter the burst exceeds the quota").isPositive();
      }
      assertThat(harness.simulator().calls().count("CreateIpamPoolAllocation", "OK")).isEqualTo(RESOURCES);
      assertThat(harness.simulator().calls().count("ListIpamPools", "OK")).as("pool reads for one pool "
          + harness.simulator().calls().snapshot()).isEqualTo(1);
    }
  }
}
