package dev.alicloud.ipam.simulator;

import java.util.function.LongSupplier;

/**
 * One API rate limit as the cloud publishes it ("300/60(s)"), read strictly: at most {@code calls} accepted calls in
 * any window of {@code periodNanos}, sliding. One instance counts one (access key, region, action); refused calls do
 * not count.
 */
final class RateWindow {

  private final long periodNanos;
  private final LongSupplier nanoTime;
  private final long[] accepted;
  private int oldest;
  private int used;

  RateWindow(int calls, long periodNanos, LongSupplier nanoTime) {
    if (calls < 1 || periodNanos < 1) {
      throw new IllegalArgumentException("a quota needs at least one call per positive period");
    }
    this.periodNanos = periodNanos;
    this.nanoTime = nanoTime;
    this.accepted = new long[calls];
  }

  synchronized boolean tryAcquire() {
    long now = nanoTime.getAsLong();
    if (used == accepted.length) {
      if (now - accepted[oldest] < periodNanos) {
        return false;
      }
      accepted[oldest] = now;
      oldest = (oldest + 1) % accepted.length;
      return true;
    }
    accepted[(oldest + used++) % accepted.length] = now;
    return true;
  }
}
