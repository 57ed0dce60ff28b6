package dev.alicloud.ipam.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.alicloud.ipam.testing.MutableClock;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("unit")
class SmallPartsUnitTest {

  @Test
  void rateWindowAcceptsAtMostItsCallsInAnySlidingPeriod() {
    AtomicLong now = new AtomicLong();
    RateWindow window = new RateWindow(3, 60_000_000_000L, now::get);
    assertThat(window.tryAcquire()).isTrue();
    now.set(10_000_000_000L);
    assertThat(window.tryAcquire()).isTrue();
    assertThat(window.tryAcquire()).isTrue();
    assertThat(window.tryAcquire()).as("a fourth call within 60 s").isFalse();
    now.set(59_999_999_999L);
    assertThat(window.tryAcquire()).as("the first call is still in the window").isFalse();
    now.set(60_000_000_000L);
    assertThat(window.tryAcquire()).as("the first call left the window").isTrue();
    assertThat(window.tryAcquire()).as("the other two are 50 s old").isFalse();
    now.set(70_000_000_000L);
    assertThat(window.tryAcquire()).isTrue();
    assertThat(window.tryAcquire()).isTrue();
    assertThat(window.tryAcquire()).isFalse();
  }

  @Test
  void callLogCountsPerActionAndCode() {
    CallLog log = new CallLog();
    log.record("CreateIpamPoolAllocation", "OK", false);
    log.record("CreateIpamPoolAllocation", "Throttling.User", true);
    log.record("GetIpamPoolAllocation", "OK", false);
    log.recordExtra("CreateIpamPoolAllocation", CallLog.LOST_RESPONSE);
    assertThat(log.count("CreateIpamPoolAllocation")).isEqualTo(2);
    assertThat(log.count("CreateIpamPoolAllocation", "OK")).isEqualTo(1);
    assertThat(log.count("CreateIpamPoolAllocation", "LostResponse")).isEqualTo(1);
    assertThat(log.mutatingCalls()).isEqualTo(2);
    assertThat(log.realCalls("CreateIpamPoolAllocation")).isEqualTo(1);
    assertThat(log.dryRunCalls("CreateIpamPoolAllocation")).isEqualTo(1);
    assertThat(log.snapshot()).containsEntry("GetIpamPoolAllocation/OK", 1L);
    log.reset();
    assertThat(log.snapshot()).isEmpty();
    assertThat(log.mutatingCalls()).isZero();
  }

  @Test
  void clientTokensExpireAndDetectMismatches() {
    MutableClock clock = new MutableClock(Instant.parse("2024-10-15T02:24:19Z"));
    ClientTokenStore store = new ClientTokenStore(clock, Duration.ofSeconds(10));
    store.remember("ak", "Create", "t1", "fp", Map.of("IpamPoolAllocationId", "x"));
    assertThat(store.replay("ak", "Create", "t1", "fp")).contains(Map.of("IpamPoolAllocationId", "x"));
    assertThat(store.replay("other-ak", "Create", "t1", "fp")).isEmpty();
    assertThatThrownBy(() -> store.replay("ak", "Create", "t1", "other"))
        .isInstanceOfSatisfying(ApiException.class,
            e -> assertThat(e.code()).isEqualTo("IdempotentParameterMismatch"));
    clock.advance(Duration.ofSeconds(11));
    assertThat(store.replay("ak", "Create", "t1", "fp")).isEmpty();
  }

  @Test
  void nonceIsSingleUsePerKey() {
    NonceCache cache = new NonceCache(Clock.systemUTC(), Duration.ofMinutes(15));
    assertThat(cache.firstUse("ak", "n1")).isTrue();
    assertThat(cache.firstUse("ak", "n1")).isFalse();
    assertThat(cache.firstUse("ak2", "n1")).isTrue();
  }

  @Test
  void faultDiceAreReproducibleForASeed() {
    Faults a = new Faults(7).throttleRate(0.5).serverErrorRate(0.3);
    Faults b = new Faults(7).throttleRate(0.5).serverErrorRate(0.3);
    for (int i = 0; i < 50; i++) {
      assertThat(a.plan("X", false)).isEqualTo(b.plan("X", false));
    }
    assertThat(new Faults(1).onlyActions(java.util.Set.of("Y")).throttleRate(1).plan("X", false))
        .isEqualTo(Faults.Plan.NONE);
    assertThatThrownBy(() -> a.throttleRate(1.5)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void fieldRulesFollowTheDocumentation() {
    FieldRules.checkName("a");
    FieldRules.checkName("x".repeat(128));
    FieldRules.checkDescription("中文描述");
    FieldRules.checkDescription("Zone b".repeat(42));
    for (String badName : new String[] {"x".repeat(129), "http://x", "https://x"}) {
      assertThatThrownBy(() -> FieldRules.checkName(badName)).isInstanceOf(ApiException.class);
    }
    for (String badDesc : new String[] {"1abc", " abc", "http://x", "x".repeat(257), "-desc"}) {
      assertThatThrownBy(() -> FieldRules.checkDescription(badDesc)).as(badDesc)
          .isInstanceOfSatisfying(ApiException.class,
              e -> assertThat(e.code()).isEqualTo("IllegalParam.IpamPoolAllocationDescription"));
    }
  }
}
