package dev.alicloud.ipam.simulator;

import java.util.function.LongSupplier;

/**
 * A per-action call quota: {@code ratePerSecond} tokens refill continuously, the bucket holds at most
 * {@code max(1, ratePerSecond)} of them and starts full. A call without a token is over quota.
 */
final class TokenBucket {

  private final double ratePerSecond;
  private final double capacity;
  private final LongSupplier nanoTime;
  private double tokens;
  private long lastRefill;

  TokenBucket(double ratePerSecond, LongSupplier nanoTime) {
    if (!(ratePerSecond > 0)) {
      throw new IllegalArgumentException("rate must be > 0");
    }
    this.ratePerSecond = ratePerSecond;
    this.capacity = Math.max(1.0, ratePerSecond);
    this.nanoTime = nanoTime;
    this.tokens = capacity;
    this.lastRefill = nanoTime.getAsLong();
  }

  synchronized boolean tryAcquire() {
    long now = nanoTime.getAsLong();
    tokens = Math.min(capacity, tokens + (now - lastRefill) / 1e9 * ratePerSecond);
    lastRefill = now;
    if (tokens >= 1.0) {
      tokens -= 1.0;
      return true;
    }
    return false;
  }

  double ratePerSecond() {
    return ratePerSecond;
  }
}
