package dev.alicloud.ipam.cloud;

import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.LockSupport;

/**
 * Keeps the operator's own calls under the cloud's published per-API quota instead of provoking {@code Throttling}.
 * Quotas are counted per account, region and API, so each (identity, region, action) has its own schedule: calls are
 * spaced evenly at the quota's rate (300/60 s: one every 200 ms; after a pause, half a second's worth at once) and
 * never more than the quota's calls fall in any of its windows, whatever the timing of the callers. The window is kept a little longer than the quota's (1%, at least
 * 50 ms): calls that leave exactly at the edge can reach the cloud's counter closer together than they left. A
 * caller reserves its slot and waits for it.
 *
 * <p>Calls that can wait for spare capacity (the {@code Releasable} dry run, which spends Delete quota) do not queue:
 * {@link #tryAcquireSpare} takes a slot only when real calls have left the schedule idle for a whole interval, and
 * never pushes a real call's slot back. Throttling that still happens (other clients of the same account) is handled
 * by the reconciler's backoff.
 */
public final class CallRateLimiter {

  /**
   * How far an idle schedule saves up slots: after a pause, about half a second's worth of calls go at once (at least
   * one), then they are spaced again. The window still bounds them.
   */
  static final long BURST_NANOS = 500_000_000L;
  /** How much longer than the quota's period the schedule's window is, as a fraction, and at least. */
  static final double MARGIN = 0.01;
  static final long MIN_MARGIN_NANOS = 50_000_000L;

  /** No limit: every call goes at once. */
  public static final CallRateLimiter NONE = new CallRateLimiter(ApiQuotas.UNLIMITED);

  private final ApiQuotas quotas;
  private final Map<Key, Schedule> schedules = new ConcurrentHashMap<>();

  public CallRateLimiter(ApiQuotas quotas) {
    this.quotas = Objects.requireNonNull(quotas, "quotas");
  }

  /** Waits for this call's slot; returns how long it waited, in nanoseconds. */
  public long acquire(String identity, String regionId, String action) {
    long wait = reserve(identity, regionId, action, System.nanoTime());
    long deadline = System.nanoTime() + wait;
    for (long left = wait; left > 0; left = deadline - System.nanoTime()) {
      LockSupport.parkNanos(this, left);
      if (Thread.currentThread().isInterrupted()) {
        break; // stopping: let the call fail fast rather than hold the thread
      }
    }
    return wait;
  }

  /**
   * Takes a slot now if one is spare: no real call holds or has just used the schedule. Never waits and never delays
   * a call made through {@link #acquire}.
   *
   * @return false when the call should be made later
   */
  public boolean tryAcquireSpare(String identity, String regionId, String action) {
    return takeSpare(identity, regionId, action, System.nanoTime());
  }

  private Schedule schedule(String identity, String regionId, String action) {
    ApiQuota quota = quotas.forAction(action);
    if (quota.isUnlimited()) {
      return null;
    }
    return schedules.computeIfAbsent(new Key(identity, regionId, action), k -> new Schedule(quota));
  }

  /** The wait for the next slot of a call asking at {@code now} (0 without a limit); reserves it. */
  long reserve(String identity, String regionId, String action, long now) {
    Schedule schedule = schedule(identity, regionId, action);
    return schedule == null ? 0 : schedule.reserve(now);
  }

  /** {@link #tryAcquireSpare} at {@code now}. */
  boolean takeSpare(String identity, String regionId, String action, long now) {
    Schedule schedule = schedule(identity, regionId, action);
    return schedule == null || schedule.takeSpare(now);
  }

  private record Key(String identity, String regionId, String action) {
  }

  /**
   * The slots of one (identity, region, action): the next free slot of the even spacing, and the times of the last
   * {@code calls} slots handed out, so that no window of the quota's period ever holds more.
   */
  private static final class Schedule {
    private final long interval;
    private final long period;
    private final long[] recent;
    private int oldest;
    private int used;
    private long nextFree = Long.MIN_VALUE;

    Schedule(ApiQuota quota) {
      long published = quota.period().toNanos();
      this.period = published + Math.max(MIN_MARGIN_NANOS, (long) (published * MARGIN));
      this.interval = period / quota.calls();
      this.recent = new long[quota.calls()];
    }

    /**
     * The next slot of the even spacing, which may lie up to {@link #BURST_NANOS} in the past when the schedule was
     * idle (a call then goes at once), and never before the window allows. The window counts when calls really go.
     */
    synchronized long reserve(long now) {
      long burst = Math.max(0, BURST_NANOS - interval);
      long slot = nextFree == Long.MIN_VALUE ? now - burst : Math.max(now - burst, nextFree);
      slot = Math.max(slot, windowOpensAt());
      long goes = Math.max(slot, now);
      if (used > 0) {
        goes = Math.max(goes, latest()); // in order, after a call recorded by a caller that took the lock first
      }
      record(goes);
      nextFree = slot + interval;
      return goes - now;
    }

    /** A slot real calls left unused: the schedule idle for a whole interval and the window not full. */
    synchronized boolean takeSpare(long now) {
      boolean idle = nextFree == Long.MIN_VALUE || nextFree <= now - interval;
      if (!idle || windowOpensAt() > now || (used > 0 && latest() > now)) {
        return false;
      }
      record(now); // the spacing stays where real calls left it: a real call right after is not pushed back
      return true;
    }

    /** The earliest time a new slot keeps the window under the quota: the oldest kept slot plus one period. */
    private long windowOpensAt() {
      return used < recent.length ? Long.MIN_VALUE : recent[oldest] + period;
    }

    private long latest() {
      return recent[(oldest + used - 1) % recent.length];
    }

    private void record(long slot) {
      if (used < recent.length) {
        recent[(oldest + used++) % recent.length] = slot;
      } else {
        recent[oldest] = slot;
        oldest = (oldest + 1) % recent.length;
      }
    }
  }
}
