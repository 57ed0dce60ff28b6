package dev.alicloud.ipam.cloud;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Keeps the operator's own calls under the cloud's per-API quota instead of provoking {@code Throttling.User}: each
 * (region, action) pair gets evenly spaced slots at the configured rate, shared by every resource and identity, like a
 * token bucket half a second deep: after a pause, half a second's worth of calls go at once (a quota's own bucket
 * holds at least that), then they are paced. A caller reserves its slot and waits for it. Throttling that still
 * happens (other clients of the same account) is handled by the reconciler's backoff as before.
 */
public final class CallRateLimiter {

  /** No limit: every call goes at once. */
  public static final CallRateLimiter NONE = new CallRateLimiter(0);

  private static final long BURST_NANOS = TimeUnit.MILLISECONDS.toNanos(500);

  private final long intervalNanos;
  private final Map<String, Schedule> schedules = new ConcurrentHashMap<>();

  /** @param callsPerSecond per region and action; 0 or less means no limit */
  public CallRateLimiter(double callsPerSecond) {
    this.intervalNanos = callsPerSecond > 0 ? Math.round(TimeUnit.SECONDS.toNanos(1) / callsPerSecond) : 0;
  }

  /** Waits for this call's slot; returns how long it waited, in nanoseconds. */
  public long acquire(String regionId, String action) {
    if (intervalNanos == 0) {
      return 0;
    }
    long wait = reserve(regionId + "/" + action, System.nanoTime());
    long deadline = System.nanoTime() + wait;
    for (long left = wait; left > 0; left = deadline - System.nanoTime()) {
      LockSupport.parkNanos(this, left);
      if (Thread.currentThread().isInterrupted()) {
        break; // stopping: let the call fail fast rather than hold the thread
      }
    }
    return wait;
  }

  /** Reserves the next free slot of {@code key} for a call asking at {@code now}; returns how long to wait. */
  long reserve(String key, long now) {
    return schedules.computeIfAbsent(key, k -> new Schedule()).reserve(now, intervalNanos,
        Math.max(0, BURST_NANOS - intervalNanos));
  }

  /** The next free slot of one (region, action). */
  private static final class Schedule {
    private long nextFree = Long.MIN_VALUE;

    /** {@code burst}: how far behind {@code now} an idle schedule may have saved up slots. */
    synchronized long reserve(long now, long interval, long burst) {
      long slot = nextFree == Long.MIN_VALUE ? now - burst : Math.max(now - burst, nextFree);
      nextFree = slot + interval;
      return Math.max(0, slot - now);
    }
  }
}
