package dev.alicloud.ipam.benchmark;

import dev.alicloud.ipam.cloud.CloudCallListener;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counts the operator's cloud calls by action and result, as its VpcIpam client reports them (the operator's tap):
 * {@code OK}, the error code ({@code Throttling.User}, ...) or {@code DryRunOperation} for a dry run that passed.
 */
final class CallTally implements CloudCallListener {

  /** The answer to a dry run that passed: how dry runs are told apart from real calls. */
  static final String DRY_RUN = "DryRunOperation";
  static final String THROTTLED = "Throttling.User";

  private final Map<String, LongAdder> counts = new ConcurrentHashMap<>();
  private final AtomicLong firstCallNanos = new AtomicLong();
  private final Map<String, Window> windows = new ConcurrentHashMap<>();

  /**
   * When the first call of an action was sent and the last one answered ({@link System#nanoTime()}): where a phase's
   * time went, between the start, the paced calls and the tail after the last answer.
   */
  record Window(long firstSentNanos, long lastAnsweredNanos) {
    Window widen(long sent, long answered) {
      return new Window(Math.min(firstSentNanos, sent), Math.max(lastAnsweredNanos, answered));
    }
  }

  @Override
  public void onCall(String action, String regionId, String result, long nanos) {
    long now = System.nanoTime();
    firstCallNanos.compareAndSet(0, now - nanos);
    String shortAction = shortAction(action);
    counts.computeIfAbsent(shortAction + "/" + result, k -> new LongAdder()).increment();
    windows.merge(shortAction, new Window(now - nanos, now), (a, b) -> a.widen(b.firstSentNanos, b.lastAnsweredNanos));
  }

  /** Starts counting again from zero. */
  void reset() {
    counts.clear();
    windows.clear();
    firstCallNanos.set(0);
  }

  /** The calls of one action ({@code Create}, {@code Delete}, ...) since the last reset; null when none was made. */
  Window window(String shortAction) {
    return windows.get(shortAction);
  }

  /** When the first call since the last reset was sent ({@link System#nanoTime()}), 0 when none was. */
  long firstCallNanos() {
    return firstCallNanos.get();
  }

  /** Every counter as {@code "Action/Result" -> n}, sorted, with actions shortened ({@code Create}, {@code List}). */
  Map<String, Long> snapshot() {
    Map<String, Long> m = new TreeMap<>();
    counts.forEach((k, v) -> m.put(k, v.sum()));
    return m;
  }

  long total() {
    return counts.values().stream().mapToLong(LongAdder::sum).sum();
  }

  static long sum(Map<String, Long> snapshot, String action, String result) {
    return snapshot.entrySet().stream()
        .filter(e -> action == null || e.getKey().startsWith(action + "/"))
        .filter(e -> result == null || e.getKey().endsWith("/" + result))
        .mapToLong(Map.Entry::getValue).sum();
  }

  /**
   * {@code CreateIpamPoolAllocation} becomes {@code Create}, {@code ListIpamPoolAllocations} {@code List}; the pool
   * reads keep their names ({@code ListIpamPools}, {@code ListIpamPoolCidrs}).
   */
  static String shortAction(String action) {
    if (action == null) {
      return "Unknown";
    }
    return action.endsWith("IpamPoolAllocation") || action.endsWith("IpamPoolAllocations")
        ? action.substring(0, action.indexOf("IpamPool")) : action;
  }

  /** The inverse of {@link #shortAction}: {@code Create} becomes {@code CreateIpamPoolAllocation}. */
  static String fullAction(String shortAction) {
    if (POOL_READS.contains(shortAction) || shortAction.contains("IpamPool")) {
      return shortAction;
    }
    return shortAction + ("List".equals(shortAction) ? "IpamPoolAllocations" : "IpamPoolAllocation");
  }

  /** The pool reads before first creates: one per pool and identity every ten minutes, shared by its resources. */
  static final java.util.Set<String> POOL_READS = java.util.Set.of("ListIpamPools", "ListIpamPoolCidrs");
}
