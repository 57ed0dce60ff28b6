package dev.alicloud.ipam.cloud;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The slot arithmetic of the client-side limiter (no clocks, no sleeping). */
@Tag("unit")
class CallRateLimiterTest {

  private static final long SECOND = TimeUnit.SECONDS.toNanos(1);

  @Test
  void spacesCallsOfOneActionEvenlyAndLeavesOthersAlone() {
    CallRateLimiter limiter = new CallRateLimiter(50);
    long interval = SECOND / 50;
    assertThat(limiter.reserve("cn-hangzhou/Create", 0)).as("an idle action's first call").isZero();
    assertThat(limiter.reserve("cn-hangzhou/Create", 0)).isEqualTo(interval);
    assertThat(limiter.reserve("cn-hangzhou/Create", 0)).isEqualTo(2 * interval);
    assertThat(limiter.reserve("cn-hangzhou/Delete", 0)).as("another action").isZero();
    assertThat(limiter.reserve("cn-beijing/Create", 0)).as("another region").isZero();
    assertThat(limiter.reserve("cn-hangzhou/Create", 10 * SECOND)).as("after a pause: no saved-up burst").isZero();
    assertThat(limiter.reserve("cn-hangzhou/Create", 10 * SECOND)).isEqualTo(interval);
  }

  @Test
  void aThousandCallsTakeTheQuotaBoundAndNoLess() {
    CallRateLimiter limiter = new CallRateLimiter(50);
    long last = 0;
    for (int i = 0; i < 1000; i++) {
      last = limiter.reserve("r/a", 0);
    }
    assertThat(last).isEqualTo(999 * (SECOND / 50));
  }

  @Test
  void noLimitNeverWaits() {
    assertThat(CallRateLimiter.NONE.acquire("r", "a")).isZero();
    assertThat(new CallRateLimiter(0).acquire("r", "a")).isZero();
  }
}
