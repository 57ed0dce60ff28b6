package dev.alicloud.ipam.reconciler;

import dev.alicloud.ipam.api.v1alpha1.IpamPoolAllocationStatus;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/**
 * IPAM reads are eventually consistent: for a moment after a create, Get and List may not show the new allocation.
 * Within the grace after the operator last sent a create, a read that misses it proves neither that the allocation
 * was lost (no second one is made) nor that it was released (the finalizer stays).
 */
final class ConsistencyGrace {

  /** How far ahead of this clock another replica's clock may have written the time of a create. */
  static final Duration CLOCK_SKEW = Duration.ofMinutes(1);

  private final Duration grace;
  private final Clock clock;

  ConsistencyGrace(Duration grace, Clock clock) {
    this.grace = grace;
    this.clock = clock;
  }

  /** What is left of the grace after the status's last create; empty when nothing is (or no create was sent). */
  Optional<Duration> remaining(IpamPoolAllocationStatus status) {
    if (grace.isZero() || status.getCreateSentAt() == null) {
      return Optional.empty();
    }
    Instant sent;
    try {
      sent = Instant.parse(status.getCreateSentAt());
    } catch (DateTimeParseException e) {
      return Optional.empty(); // unreadable: trust the read, as without a grace
    }
    Instant now = clock.instant();
    if (sent.isAfter(now.plus(CLOCK_SKEW))) {
      return Optional.empty(); // not written by an operator's clock: trust the read rather than wait for ever
    }
    Duration left = Duration.between(now, sent.plus(grace));
    if (left.isNegative() || left.isZero()) {
      return Optional.empty();
    }
    return Optional.of(left.compareTo(grace) > 0 ? grace : left);
  }

  /** The message part that says why a miss is not trusted yet. */
  static String explain(Duration left) {
    return "IPAM reads are eventually consistent and the create was sent less than the consistency grace ago: "
        + "looking again in " + Math.max(1, (left.toMillis() + 999) / 1000) + " s";
  }
}
