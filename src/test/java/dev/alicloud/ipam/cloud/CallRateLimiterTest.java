package dev.alicloud.ipam.cloud;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The slot arithmetic of the client-side limiter (no clocks, no sleeping). */
@Tag("unit")
class CallRateLimiterTest {

  private static final long MS = TimeUnit.MILLISECONDS.toNanos(1);

  @Test
  void letsHalfASecondOfCallsGoAtOnceThenSpacesThemEvenly() {
    CallRateLimiter limiter = new CallRateLimiter(50);
    for (int i = 0; i < 25; i++) {
      assertThat(limiter.reserve("cn-hangzhou/Create", 0)).as("call %d of the burst", i).isZero();
    }
    assertThat(limiter.reserve("cn-hangzhou/Create", 0)).isEqualTo(20 * MS);
    assertThat(limiter.reserve("cn-hangzhou/Create", 0)).isEqualTo(40 * MS);
    assertThat(limiter.reserve("cn-hangzhou/Delete", 0)).as("another action").isZero();
    assertThat(limiter.reserve("cn-beijing/Create", 0)).as("another region").isZero();
    assertThat(limiter.reserve("cn-hangzhou/Create", 10_000 * MS)).as("after a pause: a burst again").isZero();
  }

  @Test
  void aThousandCallsTakeTheQuotaBoundLessTheBurst() {
    CallRateLimiter limiter = new CallRateLimiter(50);
    long last = 0;
    for (int i = 0; i < 1000; i++) {
      last = limiter.reserve("r/a", 0);
    }
    assertThat(last).as("999 slots of 20 ms after the first, which lies 480 ms back").isEqualTo(19_500 * MS);
  }

  @Test
  void noLimitNeverWaits() {
    assertThat(CallRateLimiter.NONE.acquire("r", "a")).isZero();
    assertThat(new CallRateLimiter(0).acquire("r", "a")).isZero();
  }
}
