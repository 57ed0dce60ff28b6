package dev.alicloud.ipam.simulator;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Thread-safe counters of the calls the simulator received, per action and per (action, outcome code), so tests can
 * assert how the operator talked to the cloud (e.g. "exactly one Create", "no Delete after a 404"). The outcome code
 * is {@code "OK"} for success, the error code otherwise, {@code "ConnectionReset"} for an injected reset; a lost
 * response is counted under its real outcome ({@code "OK"}) and additionally under {@code "LostResponse"}.
 */
public final class CallLog {

  /** Outcome code of a successful call. */
  public static final String OK = "OK";
  /** Pseudo code of a call whose connection was reset by fault injection. */
  public static final String CONNECTION_RESET = "ConnectionReset";
  /** Pseudo code counted (in addition to the real outcome) when a committed call's answer was dropped. */
  public static final String LOST_RESPONSE = "LostResponse";

  private final Map<String, LongAdder> perAction = new ConcurrentHashMap<>();
  private final Map<String, LongAdder> perCode = new ConcurrentHashMap<>();
  private final LongAdder mutating = new LongAdder();
  private final Map<String, LongAdder> dryRuns = new ConcurrentHashMap<>();
  private final Map<String, LongAdder> realCalls = new ConcurrentHashMap<>();

  /** Counts one finished call, and whether it asked for a dry run. */
  void record(String action, String code, boolean dryRun) {
    String a = action == null || action.isBlank() ? "Unknown" : action;
    (dryRun ? dryRuns : realCalls).computeIfAbsent(a, k -> new LongAdder()).increment();
    perAction.computeIfAbsent(a, k -> new LongAdder()).increment();
    perCode.computeIfAbsent(a + "/" + code, k -> new LongAdder()).increment();
    if (VpcIpamAction.isMutating(a)) {
      mutating.increment();
    }
  }

  /** Counts an extra outcome for an already counted call (e.g. {@link #LOST_RESPONSE}). */
  void recordExtra(String action, String code) {
    perCode.computeIfAbsent(action + "/" + code, k -> new LongAdder()).increment();
  }

  /** Calls of an action, whatever their outcome. */
  public long count(String action) {
    LongAdder n = perAction.get(action);
    return n == null ? 0 : n.sum();
  }

  /** Calls of an action with this outcome code ({@code "OK"} for success). */
  public long count(String action, String code) {
    LongAdder n = perCode.get(action + "/" + code);
    return n == null ? 0 : n.sum();
  }

  /** Calls of Create/Update/DeleteIpamPoolAllocation received, whatever their outcome (dry runs included). */
  public long mutatingCalls() {
    return mutating.sum();
  }

  /** Finished calls of an action that did not ask for a dry run, whatever their outcome. */
  public long realCalls(String action) {
    LongAdder n = realCalls.get(action);
    return n == null ? 0 : n.sum();
  }

  /** Finished calls of an action that asked for a dry run, whatever their outcome. */
  public long dryRunCalls(String action) {
    LongAdder n = dryRuns.get(action);
    return n == null ? 0 : n.sum();
  }

  /** Every counter as {@code "Action/Code" -> n}, sorted. */
  public Map<String, Long> snapshot() {
    Map<String, Long> m = new TreeMap<>();
    perCode.forEach((k, v) -> m.put(k, v.sum()));
    return m;
  }

  /** Zeroes every counter. */
  public void reset() {
    perAction.clear();
    perCode.clear();
    mutating.reset();
    dryRuns.clear();
    realCalls.clear();
  }
}
