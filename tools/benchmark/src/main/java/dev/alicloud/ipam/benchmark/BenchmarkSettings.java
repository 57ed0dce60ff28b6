package dev.alicloud.ipam.benchmark;

import dev.alicloud.ipam.cloud.ApiQuotas;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What the command line chose.
 *
 * @param allocations resources created and deleted by the lifecycle scenario
 * @param floor whether lifecycle and delete-latency also run without quota or latency (the harness's floor)
 * @param cloudLatency delay the simulator adds before answering each call
 * @param quotas the API rate limit of each action, kept by the simulator (per access key, region and action, over a
 *     sliding window) and by the operator's limiter alike; the published limits by default
 * @param concurrentDeletes resources deleted at once by the delete-latency scenario
 * @param driftAllocations Ready resources checked by one drift round
 * @param driftPools pools they are spread over
 * @param driftInterval the operator's drift interval in the drift scenario (the periodic round is waited for); null
 *     for {@link #AUTO_DRIFT_INTERVAL_PER_ALLOCATION} per drift allocation, at least {@link #MIN_AUTO_DRIFT_INTERVAL}
 * @param memoryAllocations Ready resources in the operator's informer cache for the memory scenario
 * @param callsAllocations lifecycles run (without quota) to count calls per lifecycle
 * @param warmup lifecycles run (without quota, not measured) before the first timed scenario after startup; 0: none
 * @param timeout how long each wait (all Ready, all gone, ...) may take before the scenario fails; null: automatic,
 *     {@link #MIN_TIMEOUT} or twice the time the quota needs for the lifecycle's creates, whichever is longer
 * @param scenarios which scenarios run, in run order
 */
public record BenchmarkSettings(int allocations, boolean floor, Duration cloudLatency, ApiQuotas quotas,
    int concurrentDeletes, int driftAllocations, int driftPools, Duration driftInterval, int memoryAllocations,
    int callsAllocations, int warmup, Duration timeout, List<Scenario> scenarios) {

  /** Per allocation, more than a fresh operator needs to check it (about 1.6 ms on 2 cores). */
  public static final Duration AUTO_DRIFT_INTERVAL_PER_ALLOCATION = Duration.ofMillis(3);
  public static final Duration MIN_AUTO_DRIFT_INTERVAL = Duration.ofSeconds(10);
  public static final Duration MIN_TIMEOUT = Duration.ofSeconds(180);
  static final String CREATE = "CreateIpamPoolAllocation";
  static final String DELETE = "DeleteIpamPoolAllocation";

  public BenchmarkSettings {
    positive("allocations", allocations);
    positive("concurrent deletes", concurrentDeletes);
    positive("drift allocations", driftAllocations);
    positive("drift pools", driftPools);
    positive("memory allocations", memoryAllocations);
    positive("calls allocations", callsAllocations);
    if (warmup < 0) {
      throw new IllegalArgumentException("warm-up must not be negative: " + warmup);
    }
    if (driftInterval != null && (driftInterval.isNegative() || driftInterval.isZero())) {
      throw new IllegalArgumentException("drift interval must be longer than zero");
    }
    if (cloudLatency.isNegative()) {
      throw new IllegalArgumentException("cloud latency must not be negative");
    }
    Objects.requireNonNull(quotas, "quotas");
    for (String action : List.of(CREATE, DELETE)) {
      if (quotas.forAction(action).isUnlimited()) {
        throw new IllegalArgumentException("the quota of " + action + " must be a limit: the scenarios compare "
            + "their times with it");
      }
    }
    if (driftPools > driftAllocations) {
      throw new IllegalArgumentException("drift pools (" + driftPools + ") must not outnumber drift allocations ("
          + driftAllocations + ")");
    }
    scenarios = List.copyOf(scenarios);
  }

  /** Calls per second the quota allows one action. */
  public double rate(String action) {
    return quotas.forAction(action).perSecond();
  }

  /** The time the quota needs for {@code n} calls of one action: n / rate. */
  public double boundSeconds(String action, long n) {
    return n / rate(action);
  }

  /**
   * The time the quota needs for a mix of calls ({@code "Action/Result" -> n}, short action names as counted by the
   * tally): the slowest action's, since each action has its own quota.
   */
  public double boundSeconds(Map<String, Long> calls) {
    Map<String, Long> byAction = new LinkedHashMap<>();
    calls.forEach((key, n) -> byAction.merge(CallTally.fullAction(key.substring(0, key.indexOf('/'))), n, Long::sum));
    return byAction.entrySet().stream().mapToDouble(e -> boundSeconds(e.getKey(), e.getValue())).max().orElse(0);
  }

  /** The timeout given, or the automatic one. */
  @Override
  public Duration timeout() {
    if (timeout != null) {
      return timeout;
    }
    Duration twiceTheQuota = Duration.ofMillis((long) (2000 * boundSeconds(CREATE, allocations)));
    return twiceTheQuota.compareTo(MIN_TIMEOUT) > 0 ? twiceTheQuota : MIN_TIMEOUT;
  }

  /** The drift interval given, or the automatic one. */
  public Duration effectiveDriftInterval() {
    if (warmup < 0) {
      throw new IllegalArgumentException("warm-up must not be negative: " + warmup);
    }
    if (driftInterval != null) {
      return driftInterval;
    }
    Duration auto = AUTO_DRIFT_INTERVAL_PER_ALLOCATION.multipliedBy(driftAllocations);
    return auto.compareTo(MIN_AUTO_DRIFT_INTERVAL) < 0 ? MIN_AUTO_DRIFT_INTERVAL : auto;
  }

  private static void positive(String what, int value) {
    if (value < 1) {
      throw new IllegalArgumentException(what + " must be at least 1: " + value);
    }
  }

  /** The settings as they appear in the JSON report. */
  public Map<String, Object> describe() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("allocations", allocations);
    m.put("floor", floor);
    m.put("cloudLatencyMs", cloudLatency.toMillis());
    m.put("quotas", quotas.toString());
    m.put("concurrentDeletes", concurrentDeletes);
    m.put("driftAllocations", driftAllocations);
    m.put("driftPools", driftPools);
    m.put("driftIntervalSeconds", effectiveDriftInterval().toMillis() / 1000.0);
    m.put("memoryAllocations", memoryAllocations);
    m.put("callsAllocations", callsAllocations);
    m.put("warmup", warmup);
    m.put("timeoutSeconds", timeout().toSeconds());
    m.put("scenarios", scenarios.stream().map(Scenario::id).toList());
    return m;
  }
}
