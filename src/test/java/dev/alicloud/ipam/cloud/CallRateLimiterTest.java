package dev.alicloud.ipam.cloud;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The slot arithmetic of the client-side limiter (no clocks, no sleeping). */
@Tag("unit")
class CallRateLimiterTest {

  private static final long MS = TimeUnit.MILLISECONDS.toNanos(1);
  private static final long S = TimeUnit.SECONDS.toNanos(1);
  private static final String CREATE = "CreateIpamPoolAllocation";
  private static final String DELETE = "DeleteIpamPoolAllocation";
  private static final String LIST = "ListIpamPoolAllocations";

  /** 60 s and the 1% margin, over 300 calls. */
  private static final long CREATE_INTERVAL = 202 * MS;

  private final CallRateLimiter published = new CallRateLimiter(ApiQuotas.PUBLISHED);

  @Test
  void letsHalfASecondOfCallsGoAtOnceThenSpacesThemAtThePublishedRateOfEachAction() {
    long createBurst = 500 * MS - CREATE_INTERVAL;
    for (int k = 0; k < 5; k++) {
      assertThat(published.reserve("ak", "cn-hangzhou", CREATE, 0)).as("Create %d: 300/60s, every 202 ms", k)
          .isEqualTo(Math.max(0, k * CREATE_INTERVAL - createBurst));
    }
    long listInterval = 60_600 * MS / 800;
    for (int k = 0; k < 10; k++) {
      assertThat(published.reserve("ak", "cn-hangzhou", LIST, 0)).as("List %d: 800/60s, every 75.75 ms", k)
          .isEqualTo(Math.max(0, k * listInterval - (500 * MS - listInterval)));
    }
  }

  @Test
  void eachIdentityRegionAndActionHasItsOwnQuota() {
    published.reserve("ak", "cn-hangzhou", CREATE, 0);
    published.reserve("ak", "cn-hangzhou", CREATE, 0);
    assertThat(published.reserve("ak", "cn-hangzhou", DELETE, 0)).as("another action").isZero();
    assertThat(published.reserve("ak", "cn-beijing", CREATE, 0)).as("another region").isZero();
    assertThat(published.reserve("other-account-key", "cn-hangzhou", CREATE, 0)).as("another identity").isZero();
    assertThat(published.reserve("ak", "cn-hangzhou", CREATE, 0)).as("the third Create of the same key")
        .isEqualTo(2 * CREATE_INTERVAL - (500 * MS - CREATE_INTERVAL));
  }

  @Test
  void noWindowOfTheQuotaEverHoldsMoreThanItsCalls() {
    CallRateLimiter limiter = new CallRateLimiter(ApiQuotas.PUBLISHED);
    List<Long> slots = new ArrayList<>();
    long now = 0;
    for (int i = 0; i < 1000; i++) {
      now += (i % 7 == 0) ? 3 * S : 0; // bursts after pauses, which a saved-up burst would exploit
      slots.add(now + limiter.reserve("ak", "r", CREATE, now));
    }
    for (int i = 300; i < slots.size(); i++) {
      assertThat(slots.get(i) - slots.get(i - 300)).as("call %d and the one 300 before it", i)
          .isGreaterThanOrEqualTo(60_600 * MS);
    }
  }

  @Test
  void aThousandCreatesTakeTheQuotaBound() {
    long last = 0;
    for (int i = 0; i < 1000; i++) {
      last = published.reserve("ak", "r", CREATE, 0);
    }
    assertThat(last).as("999 intervals of 202 ms (the quota bound, and 1%): the window takes the early burst back")
        .isEqualTo(999 * CREATE_INTERVAL);
  }

  @Test
  void aSpareCallTakesOnlyASlotRealCallsLeftUnused() {
    assertThat(published.takeSpare("ak", "r", DELETE, 0)).as("an idle schedule").isTrue();
    assertThat(published.reserve("ak", "r", DELETE, 0)).as("a real Delete right after is not pushed back").isZero();
    assertThat(published.takeSpare("ak", "r", DELETE, 100 * MS)).as("a real call used the last interval").isFalse();
    assertThat(published.reserve("ak", "r", DELETE, 100 * MS)).as("the saved-up burst, untouched by the spare call")
        .isZero();
    assertThat(published.takeSpare("ak", "r", DELETE, 300 * MS)).as("real calls used the last interval")
        .isFalse();
    assertThat(published.takeSpare("ak", "r", DELETE, 3 * CREATE_INTERVAL)).as("idle for a whole interval again")
        .isTrue();
  }

  @Test
  void realCallsAtFullRateLeaveNothingSpare() {
    int spare = 0;
    for (long t = 0; t < 10 * S; t += CREATE_INTERVAL) {
      published.reserve("ak", "r", DELETE, t);
      if (published.takeSpare("ak", "r", DELETE, t + 100 * MS)) {
        spare++;
      }
    }
    assertThat(spare).isZero();
  }

  @Test
  void spareCallsCountInTheWindowToo() {
    CallRateLimiter small = new CallRateLimiter(ApiQuotas.uniform(new ApiQuota(2, java.time.Duration.ofSeconds(10))));
    assertThat(small.takeSpare("ak", "r", DELETE, 0)).isTrue();
    assertThat(small.takeSpare("ak", "r", DELETE, 6 * S)).isTrue();
    assertThat(small.takeSpare("ak", "r", DELETE, 10_050 * MS)).as("the call at 0 s is still in the (10.1 s) window")
        .isFalse();
    assertThat(small.takeSpare("ak", "r", DELETE, 12 * S)).isTrue();
    assertThat(small.reserve("ak", "r", DELETE, 13 * S)).as("the window holds 6 s and 12 s until 16.1 s")
        .isEqualTo(3_100 * MS);
  }

  @Test
  void noLimitNeverWaits() {
    assertThat(CallRateLimiter.NONE.acquire("ak", "r", CREATE)).isZero();
    assertThat(CallRateLimiter.NONE.tryAcquireSpare("ak", "r", CREATE)).isTrue();
    assertThat(new CallRateLimiter(ApiQuotas.PUBLISHED.with("0")).acquire("ak", "r", CREATE)).isZero();
  }
}
