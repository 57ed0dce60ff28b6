package dev.alicloud.ipam.reconciler;

import static org.assertj.core.api.Assertions.assertThat;

import dev.alicloud.ipam.api.v1alpha1.IpamPoolAllocationStatus;
import dev.alicloud.ipam.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** When a read that misses an allocation is not trusted yet, and when it is. */
@Tag("unit")
class ConsistencyGraceTest {

  private static final Instant T0 = Instant.parse("2026-12-06T04:00:00Z");
  private final MutableClock clock = new MutableClock(T0);
  private final ConsistencyGrace grace = new ConsistencyGrace(Duration.ofSeconds(30), clock);

  private static IpamPoolAllocationStatus sentAt(String when) {
    IpamPoolAllocationStatus status = new IpamPoolAllocationStatus();
    status.setCreateSentAt(when);
    return status;
  }

  @Test
  void aMissWithinTheGraceAfterTheCreateIsNotTrustedUntilItEnds() {
    IpamPoolAllocationStatus status = sentAt(T0.toString());
    assertThat(grace.remaining(status)).contains(Duration.ofSeconds(30));
    clock.advance(Duration.ofSeconds(25));
    assertThat(grace.remaining(status)).contains(Duration.ofSeconds(5));
    clock.advance(Duration.ofSeconds(5));
    assertThat(grace.remaining(status)).as("the grace is over: the read is trusted").isEmpty();
  }

  @Test
  void noCreateNoGraceOrUnreadableTimesTrustTheRead() {
    assertThat(grace.remaining(new IpamPoolAllocationStatus())).as("adopted or older status").isEmpty();
    assertThat(grace.remaining(sentAt("yesterday"))).isEmpty();
    assertThat(new ConsistencyGrace(Duration.ZERO, clock).remaining(sentAt(T0.toString()))).isEmpty();
  }

  @Test
  void aTimeFromTheFutureNeverHoldsTheResourceForLong() {
    assertThat(grace.remaining(sentAt(T0.plusSeconds(20).toString()))).as("another replica's clock, a little ahead")
        .contains(Duration.ofSeconds(30));
    assertThat(grace.remaining(sentAt("3000-01-01T00:00:00Z"))).as("written by hand: ignored").isEmpty();
  }
}
