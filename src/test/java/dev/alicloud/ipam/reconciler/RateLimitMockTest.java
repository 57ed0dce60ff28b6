package dev.alicloud.ipam.reconciler;

import static org.assertj.core.api.Assertions.assertThat;

import dev.alicloud.ipam.config.OperatorConfig;
import dev.alicloud.ipam.testing.AllocationBuilder;
import dev.alicloud.ipam.testing.OperatorHarness;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The client-side limiter keeps the operator under the cloud's per-action quota: with the limit a little under the
 * quota (the advice for production too: leave room for jitter and other clients) no call is throttled; without it
 * the same burst provokes Throttling.User, so the first case can fail. Also: one pool read for the whole burst.
 */
@Tag("mock")
class RateLimitMockTest {

  private static final int QUOTA = 4;
  private static final int RESOURCES = 20;

  @ParameterizedTest(name = "client limit {0}/s")
  @CsvSource({"3.5, false", "0, true"})
  void aBurstOfCreatesStaysUnderTheQuotaOnlyWithTheLimiter(double limit, boolean throttlingExpected) {
    try (OperatorHarness harness = OperatorHarness.create()) {
      harness.configure(c -> c.withThroughput(new OperatorConfig.Throughput(50, limit)));
      for (String action : List.of("CreateIpamPoolAllocation", "DeleteIpamPoolAllocation", "GetIpamPoolAllocation",
          "ListIpamPoolAllocations", "ListIpamPools")) {
        harness.simulator().faults().quotaPerSecond(action, QUOTA);
      }
      harness.startOperator();
      IntStream.range(0, RESOURCES).forEach(i -> harness.apply(AllocationBuilder.named("burst-" + i).cidrMask(24)
          .build()));
      IntStream.range(0, RESOURCES).forEach(i -> harness.awaitReady("burst-" + i));

      long throttled = harness.simulator().calls().snapshot().entrySet().stream()
          .filter(e -> e.getKey().endsWith("/Throttling.User")).mapToLong(e -> e.getValue()).sum();
      if (throttlingExpected) {
        assertThat(throttled).as("without the limiter the burst exceeds the quota").isPositive();
      } else {
        assertThat(throttled).as("throttled calls with the limiter at the quota " + harness.simulator().calls().snapshot()).isZero();
      }
      assertThat(harness.simulator().calls().count("CreateIpamPoolAllocation", "OK")).isEqualTo(RESOURCES);
      assertThat(harness.simulator().calls().count("ListIpamPools", "OK")).as("pool reads for one pool " + harness.simulator().calls().snapshot()).isEqualTo(1);
    }
  }
}
