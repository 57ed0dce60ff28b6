package dev.alicloud.ipam.benchmark;

import static dev.alicloud.ipam.benchmark.BenchWorld.seconds;

import dev.alicloud.ipam.benchmark.ScenarioResult.Op;
import dev.alicloud.ipam.cloud.ApiQuotas;
import dev.alicloud.ipam.config.OperatorConfig.DriftReads;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.IntStream;

/**
 * The cloud calls of a drift check of N Ready allocations spread over P pools. The operator checks an allocation in
 * {@code DriftCheck} against a per-pool List snapshot ({@code AllocationInventory}, pages of 100, reread when older than
 * the drift interval). Two rounds are measured: a fresh operator's first pass over every resource (a restart), and
 * the periodic round one drift interval later. The same two rounds then run with {@code --drift-check get}, one
 * GetIpamPoolAllocation per resource, the way other controllers check: the comparison the issue asks for, measured on
 * the operator itself.
 */
final class DriftScenario {

  private DriftScenario() {
  }

  static void run(BenchmarkSettings s, ScenarioResult r, Consumer<String> log) throws Exception {
    int n = s.driftAllocations();
    List<String> pools = IntStream.range(0, s.driftPools()).mapToObj(i -> String.format("ipam-pool-bench%02d", i))
        .toList();
    try (BenchWorld world = BenchWorld.start()) {
      long seeding = System.nanoTime();
      ReadyPopulation.build(world, "drift", n, pools, s.timeout(), log);
      r.figure("seedSeconds", seconds(seeding, System.nanoTime()), "s");

      world.cloudLimits(s.cloudLatency(), ApiQuotas.UNLIMITED);
      if (!rounds(world, s, r, "", DriftReads.LIST, log)) {
        return;
      }
      r.goal("periodic.cloudCalls", Op.AT_MOST, 110);
      if (!rounds(world, s, r, "getMode.", DriftReads.GET, log)) {
        return;
      }
      r.figure("callsSavedRatio",
          value(r, "getMode.periodic.cloudCalls") / Math.max(1, value(r, "periodic.cloudCalls")));
      r.note("restart = a fresh operator's first pass over every resource; periodic = the next pass, one drift interval "
          + "later (the goal, <= 110 calls for 10,000 allocations in 10 pools, applies to it). getMode.* = the same two "
          + "rounds by a fresh operator with --drift-check get (one GetIpamPoolAllocation per resource, the way other "
          + "controllers check). Both run with the cloud latency and no quota; quotaSeconds = the time the quotas "
          + "would need for them (the slowest action's calls / its rate). k8sWrites should be 0: a check that finds "
          + "nothing changed writes nothing.");
    }
  }

  /**
   * A fresh operator reading the cloud in {@code mode}: its first pass over every resource (a restart), then its
   * periodic round one drift interval later. False when a round did not complete (the scenario has failed).
   */
  private static boolean rounds(BenchWorld world, BenchmarkSettings s, ScenarioResult r, String prefix,
      DriftReads mode, Consumer<String> log) throws Exception {
    int n = s.driftAllocations();
    Duration interval = s.effectiveDriftInterval();
    world.tally.reset();
    world.api.recordCalls(BenchWorld.DRIVER_AGENT); // counting the operator's writes from zero
    log.accept(prefix + "restart: a fresh operator (--drift-check " + mode.name().toLowerCase(java.util.Locale.ROOT)
        + ") checks " + n + " resources (drift interval " + interval.toSeconds() + " s)");
    long started = System.nanoTime();
    world.startOperator(world.config().withDriftInterval(interval).withDriftReads(mode));
    r.figure(prefix + "restart.informerSyncSeconds", seconds(started, System.nanoTime()), "s");
    if (!awaitReconciled(world, n, s.timeout())) {
      r.fail(prefix + "restart: " + world.readyInOperator() + " of " + n + " checked within "
          + s.timeout().toSeconds() + " s");
      return false;
    }
    long restartDone = System.nanoTime();
    Map<String, Long> restartCalls = world.tally.snapshot();
    r.figure(prefix + "restart.seconds", seconds(started, restartDone), "s");
    roundFigures(r, prefix + "restart", restartCalls, s);
    r.figure(prefix + "restart.k8sWrites", totalWrites(world), "writes");

    log.accept(prefix + "periodic round: waiting one drift interval");
    world.tally.reset();
    // the periodic round is each resource's second pass since the operator started
    long deadline = started + interval.toNanos() * 2 + s.timeout().toNanos();
    while (world.reconcilesStarted() < 2L * n && System.nanoTime() < deadline) {
      Thread.sleep(50);
    }
    long periodic = world.reconcilesStarted() - n;
    Thread.sleep(500);
    Map<String, Long> periodicCalls = world.tally.snapshot();
    if (seconds(started, restartDone) > 0.8 * interval.toMillis() / 1000.0) {
      r.note(prefix + "restart took more than 80% of the drift interval: the periodic round may have begun before "
          + "it ended; use a longer --drift-interval");
    }
    r.figure(prefix + "periodic.checks", periodic, "resources");
    r.figure(prefix + "periodic.seconds", seconds(restartDone, System.nanoTime()), "s");
    roundFigures(r, prefix + "periodic", periodicCalls, s);
    r.figure(prefix + "k8sWrites", totalWrites(world), "writes");
    world.stopOperator();
    if (periodic < n) {
      r.fail(prefix + "periodic: only " + periodic + " of " + n + " resources checked");
      return false;
    }
    return true;
  }

  private static double value(ScenarioResult r, String figure) {
    return ((Number) r.figure(figure).orElseThrow().value()).doubleValue();
  }

  private static long totalWrites(BenchWorld world) {
    return world.operatorWrites().values().stream().mapToLong(Long::longValue).sum();
  }

  private static void roundFigures(ScenarioResult r, String round, Map<String, Long> calls, BenchmarkSettings s) {
    long total = total(calls);
    r.figure(round + ".cloudCalls", total, "calls");
    BenchWorld.callFigures(r, round + ".cloudCalls", calls, 1, "calls");
    r.figure(round + ".quotaSeconds", s.boundSeconds(calls), "s");
  }

  private static long total(Map<String, Long> calls) {
    return calls.values().stream().mapToLong(Long::longValue).sum();
  }

  /** Until every resource's last pass left it Ready (the operator's own gauge). */
  static boolean awaitReconciled(BenchWorld world, int n, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      if (world.readyInOperator() >= n) {
        return true;
      }
      Thread.sleep(20);
    }
    return world.readyInOperator() >= n;
  }
}
