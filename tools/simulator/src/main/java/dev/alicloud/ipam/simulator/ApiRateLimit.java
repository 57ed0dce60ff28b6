package dev.alicloud.ipam.simulator;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * The rate limit of one action, counted like the cloud counts it: per account (here, per access key), region and
 * API, each in its own {@link RateWindow}.
 *
 * @param calls accepted calls per period
 * @param period the sliding window
 */
record ApiRateLimit(int calls, Duration period, LongSupplier nanoTime, Map<String, RateWindow> windows) {

  ApiRateLimit(int calls, Duration period) {
    this(calls, period, System::nanoTime, new ConcurrentHashMap<>());
  }

  boolean tryAcquire(String accessKeyId, String regionId) {
    return windows.computeIfAbsent(accessKeyId + "/" + regionId,
        k -> new RateWindow(calls, period.toNanos(), nanoTime)).tryAcquire();
  }

  /** As published: {@code 300/60s}. */
  String describe() {
    return calls + "/" + period.toSeconds() + "s";
  }
}
