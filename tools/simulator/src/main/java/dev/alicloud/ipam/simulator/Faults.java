package dev.alicloud.ipam.simulator;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Fault injection, so the operator's retry, backoff and lost-response handling can be tested against a server that
 * misbehaves like a real one. Each signed API call (admin calls never) rolls seeded dice, in this order: latency
 * (fixed or uniform in [min,max]); connection reset (the exchange is closed without an answer, nothing is done);
 * throttling (400 {@code Throttling.User}); server error (503 {@code ServiceUnavailable} or 500
 * {@code InternalError}, half each); then the per-action rate limit (at most N
 * calls in any sliding window, per access key and region, 400 {@code Throttling.User}); and,
 * for a mutating call that succeeded, a lost response (the change is committed, then the connection is dropped).
 * Rates are probabilities in [0,1]; {@link #onlyActions} scopes every fault but the quotas. Thread-safe.
 */
public final class Faults {

  /** The dice results for one call. {@code serverErrorStatus} is 0 (none), 500 or 503. */
  record Plan(long latencyMs, boolean reset, boolean throttle, int serverErrorStatus, boolean loseResponse) {
    static final Plan NONE = new Plan(0, false, false, 0, false);
  }

  private final Object diceLock = new Object();
  private Random random;
  private volatile double throttleRate;
  private volatile double serverErrorRate;
  private volatile double resetRate;
  private volatile double lostResponseRate;
  private volatile long latencyMinMs;
  private volatile long latencyMaxMs;
  private volatile Set<String> onlyActions = Set.of();
  private volatile long readLagMs;
  private final Map<String, ApiRateLimit> quotas = new ConcurrentHashMap<>();

  Faults(long seed) {
    this.random = new Random(seed);
  }

  /** Probability of answering 400 {@code Throttling.User}. */
  public Faults throttleRate(double rate) {
    this.throttleRate = checkRate(rate);
    return this;
  }

  /** Probability of answering 503 {@code ServiceUnavailable} / 500 {@code InternalError}. */
  public Faults serverErrorRate(double rate) {
    this.serverErrorRate = checkRate(rate);
    return this;
  }

  /** Probability of closing the connection without any answer (and without doing anything). */
  public Faults resetRate(double rate) {
    this.resetRate = checkRate(rate);
    return this;
  }

  /** Probability, for a successful mutating call, of committing it and then dropping the connection unanswered. */
  public Faults lostResponseRate(double rate) {
    this.lostResponseRate = checkRate(rate);
    return this;
  }

  /** Fixed delay before every call is handled. */
  public Faults latency(Duration fixed) {
    return latency(fixed, fixed);
  }

  /** Delay uniformly drawn from [min, max] before every call is handled. */
  public Faults latency(Duration min, Duration max) {
    if (min.isNegative() || max.compareTo(min) < 0) {
      throw new IllegalArgumentException("need 0 <= min <= max");
    }
    this.latencyMinMs = min.toMillis();
    this.latencyMaxMs = max.toMillis();
    return this;
  }

  /**
   * Eventual consistency, as shared-pool IPAM APIs show it: for this long after its create, an allocation is missing
   * from Get (ResourceNotFound.IpamPoolAllocation) and List. Writes see it at once. Zero: reads are consistent.
   */
  public Faults readLag(Duration lag) {
    if (lag.isNegative()) {
      throw new IllegalArgumentException("read lag must not be negative");
    }
    this.readLagMs = lag.toMillis();
    return this;
  }

  public long readLagMs() {
    return readLagMs;
  }

  /** Restricts every fault except quotas to these actions; empty or null means all actions. */
  public Faults onlyActions(Set<String> actions) {
    this.onlyActions = actions == null ? Set.of() : Set.copyOf(actions);
    return this;
  }

  /**
   * At most {@code calls} calls of one action in any {@code period} per access key and region, as the published
   * limits read ("300/60(s)"); {@code calls <= 0} removes the limit.
   */
  public Faults quota(String action, int calls, Duration period) {
    if (calls <= 0) {
      quotas.remove(action);
    } else {
      quotas.put(action, new ApiRateLimit(calls, period));
    }
    return this;
  }

  /** Restarts the dice from a seed (reproducible fault sequences). */
  public Faults reseed(long seed) {
    synchronized (diceLock) {
      random = new Random(seed);
    }
    return this;
  }

  /** Removes every fault and quota. */
  public Faults clear() {
    throttleRate = 0;
    serverErrorRate = 0;
    resetRate = 0;
    lostResponseRate = 0;
    latencyMinMs = 0;
    latencyMaxMs = 0;
    onlyActions = Set.of();
    readLagMs = 0;
    quotas.clear();
    return this;
  }

  public double throttleRate() {
    return throttleRate;
  }

  public double serverErrorRate() {
    return serverErrorRate;
  }

  public double resetRate() {
    return resetRate;
  }

  public double lostResponseRate() {
    return lostResponseRate;
  }

  public Set<String> onlyActions() {
    return onlyActions;
  }

  /** The current settings as a JSON-friendly map (used by the admin API). */
  public Map<String, Object> describe() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("throttleRate", throttleRate);
    m.put("serverErrorRate", serverErrorRate);
    m.put("resetRate", resetRate);
    m.put("lostResponseRate", lostResponseRate);
    m.put("latencyMinMs", latencyMinMs);
    m.put("latencyMaxMs", latencyMaxMs);
    m.put("onlyActions", new TreeSet<>(onlyActions));
    m.put("readLagMs", readLagMs);
    Map<String, Object> q = new TreeMap<>();
    quotas.forEach((action, limit) -> q.put(action, limit.describe()));
    m.put("quotas", q);
    return m;
  }

  /** Rolls the dice for one call. */
  Plan plan(String action, boolean mutating) {
    Set<String> scope = onlyActions;
    if (!scope.isEmpty() && !scope.contains(action)) {
      return Plan.NONE;
    }
    synchronized (diceLock) {
      long latency = latencyMinMs;
      if (latencyMaxMs > latencyMinMs) {
        latency += (long) (random.nextDouble() * (latencyMaxMs - latencyMinMs + 1));
      }
      boolean reset = roll(resetRate);
      boolean throttle = roll(throttleRate);
      int serverError = roll(serverErrorRate) ? (random.nextBoolean() ? 503 : 500) : 0;
      boolean lose = mutating && roll(lostResponseRate);
      return new Plan(latency, reset, throttle, serverError, lose);
    }
  }

  /** False when the action's quota for this key and region is used up for now. */
  boolean withinQuota(String action, String accessKeyId, String regionId) {
    ApiRateLimit limit = quotas.get(action);
    return limit == null || limit.tryAcquire(accessKeyId, regionId);
  }

  private boolean roll(double rate) {
    return rate > 0 && (rate >= 1.0 || random.nextDouble() < rate);
  }

  private static double checkRate(double rate) {
    if (!(rate >= 0 && rate <= 1)) {
      throw new IllegalArgumentException("rate must be within [0,1]: " + rate);
    }
    return rate;
  }
}
