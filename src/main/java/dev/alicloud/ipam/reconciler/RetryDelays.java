package dev.alicloud.ipam.reconciler;

import dev.alicloud.ipam.config.OperatorConfig;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Requeue delays: capped exponential backoff with jitter for transient cloud errors (retried without end), slow
 * fixed retries for errors a person must fix, and a jittered drift-check interval. Attempt counts live in memory,
 * per resource UID; a restart starts them over, which only makes the first retry sooner.
 */
public final class RetryDelays {

  private static final Duration SPARE_QUOTA_RETRY = Duration.ofSeconds(15);

  private final OperatorConfig config;
  private final Map<String, Integer> attempts = new ConcurrentHashMap<>();

  public RetryDelays(OperatorConfig config) {
    this.config = config;
  }

  /** Next delay after a transient error: initial x 2^n, capped, with "equal jitter" (half fixed, half random). */
  public Duration transientFailure(String uid) {
    int n = attempts.merge(uid, 1, Integer::sum) - 1;
    long initial = config.transientRetryInitial().toMillis();
    long cap = config.transientRetryMax().toMillis();
    long exp = n >= 30 ? cap : Math.min(cap, initial * (1L << n));
    long half = Math.max(1, exp / 2);
    return Duration.ofMillis(half + ThreadLocalRandom.current().nextLong(half + 1));
  }

  public Duration stalled(boolean unauthorized) {
    return jitter(unauthorized ? config.unauthorizedRetryInterval() : config.stalledRetryInterval(), 0.1);
  }

  /** The periodic drift check, spread by +-10% so resources created together do not check together. */
  public Duration driftCheck() {
    return jitter(config.driftInterval(), 0.1);
  }

  /**
   * When to try again a check that waits for spare quota (the Releasable dry run): soon, spread by +-20% so that a
   * crowd of waiting resources does not come back at once. Trying costs no call when nothing is spare.
   */
  public Duration spareQuotaRetry() {
    return jitter(SPARE_QUOTA_RETRY, 0.2);
  }

  public void succeeded(String uid) {
    attempts.remove(uid);
  }

  public int attempts(String uid) {
    return attempts.getOrDefault(uid, 0);
  }

  static Duration jitter(Duration base, double fraction) {
    long ms = base.toMillis();
    long spread = (long) (ms * fraction);
    return Duration.ofMillis(ms - spread + ThreadLocalRandom.current().nextLong(2 * spread + 1));
  }
}
