package dev.alicloud.ipam.chaos;

import dev.alicloud.ipam.cloud.CloudCallListener;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Crashes the operator right after a cloud call succeeded, before anything else of the pass happens (the status
 * write, the finalizer removal): the pass dies with {@link SimulatedCrash}, and the restarter replaces the operator
 * with a fresh instance that knows only what was persisted.
 */
final class CrashTap implements CloudCallListener {

  /** What a crash looks like to the reconciler: an error it did not expect, mid-pass. */
  static final class SimulatedCrash extends RuntimeException {
    SimulatedCrash(String action) {
      super("simulated crash right after " + action);
    }
  }

  static final Set<String> MUTATING = Set.of("CreateIpamPoolAllocation", "UpdateIpamPoolAllocation",
      "DeleteIpamPoolAllocation");

  private final Random random;
  private final double rate;
  private final Semaphore restartRequests = new Semaphore(0);
  private final Map<String, AtomicLong> crashes = new ConcurrentHashMap<>();
  private volatile boolean armed = true;

  CrashTap(long seed, double rate) {
    this.random = new Random(seed);
    this.rate = rate;
  }

  @Override
  public void onCall(String action, String regionId, String result, long nanos) {
    if (!armed || !OK.equals(result) || !MUTATING.contains(action)) {
      return;
    }
    boolean crash;
    synchronized (random) {
      crash = random.nextDouble() < rate;
    }
    if (crash) {
      crashes.computeIfAbsent(action, a -> new AtomicLong()).incrementAndGet();
      restartRequests.release();
      throw new SimulatedCrash(action);
    }
  }

  /** Waits up to {@code millis} for a crash to ask for a restart. */
  boolean awaitRestartRequest(long millis) throws InterruptedException {
    boolean requested = restartRequests.tryAcquire(millis, java.util.concurrent.TimeUnit.MILLISECONDS);
    restartRequests.drainPermits();
    return requested;
  }

  void disarm() {
    armed = false;
  }

  Map<String, Long> crashes() {
    Map<String, Long> copy = new java.util.TreeMap<>();
    crashes.forEach((k, v) -> copy.put(k, v.get()));
    return copy;
  }
}
