package dev.alicloud.ipam.benchmark;

import static dev.alicloud.ipam.benchmark.BenchWorld.seconds;

import dev.alicloud.ipam.benchmark.ScenarioResult.Op;
import dev.alicloud.ipam.cloud.CloudException;
import dev.alicloud.ipam.cloud.VpcIpamClient;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;
import java.util.stream.IntStream;

/**
 * The cloud calls of a drift check of N Ready allocations spread over P pools. The operator checks an allocation in
 * {@code DriftCheck} against a per-pool List snapshot ({@code AllocationInventory}, pages of 100, reread when older than
 * the drift interval). Two rounds are measured: a fresh operator's first pass over every resource (a restart), and
 * the periodic round one drift interval later. The comparison baseline, one GetIpamPoolAllocation per resource, is not
 * a mode of the operator: the driver issues those Gets itself with the operator's client code and times them.
 */
final class DriftScenario {

  static final int BASELINE_THREADS = 16;

  private DriftScenario() {
  }

  static void run(BenchmarkSettings s, ScenarioResult r, Consumer<String> log) throws Exception {
    int n = s.driftAllocations();
    List<String> pools = IntStream.range(0, s.driftPools()).mapToObj(i -> String.format("ipam-pool-bench%02d", i))
        .toList();
    Duration interval = s.effectiveDriftInterval();
    try (BenchWorld world = BenchWorld.start()) {
      long seeding = System.nanoTime();
      List<ReadyPopulation.Member> members = ReadyPopulation.build(world, "drift", n, pools, s.timeout(), log);
      r.figure("seedSeconds", seconds(seeding, System.nanoTime()), "s");

      world.cloudLimits(s.cloudLatency(), 0);
      world.tally.reset();
      world.api.recordCalls(BenchWorld.DRIVER_AGENT);
      log.accept("restart: a fresh operator checks " + n + " resources (drift interval " + interval.toSeconds()
          + " s)");
      long started = System.nanoTime();
      world.startOperator(world.config().withDriftInterval(interval));
      r.figure("restart.informerSyncSeconds", seconds(started, System.nanoTime()), "s");
      if (!awaitReconciled(world, n, s.timeout())) {
        r.fail(world.readyInOperator() + " of " + n + " checked within " + s.timeout().toSeconds() + " s");
        return;
      }
      long restartDone = System.nanoTime();
      Map<String, Long> restartCalls = world.tally.snapshot();
      r.figure("restart.seconds", seconds(started, restartDone), "s");
      roundFigures(r, "restart", restartCalls, s.quotaPerSecond());
      long writes = world.operatorWrites().values().stream().mapToLong(Long::longValue).sum();
      r.figure("restart.k8sWrites", writes, "writes");

      log.accept("periodic round: waiting one drift interval");
      world.tally.reset();
      // the periodic round is each resource's second pass since the operator started
      long deadline = started + interval.toNanos() * 2 + s.timeout().toNanos();
      while (world.reconcilesStarted() < 2L * n && System.nanoTime() < deadline) {
        Thread.sleep(50);
      }
      long periodic = world.reconcilesStarted() - n;
      Thread.sleep(500);
      Map<String, Long> periodicCalls = world.tally.snapshot();
      if (periodic < n) {
        r.fail("only " + periodic + " of " + n + " resources checked in the periodic round");
      }
      if (seconds(started, restartDone) > 0.8 * interval.toMillis() / 1000.0) {
        r.note("the restart round took more than 80% of the drift interval: the periodic round may have begun "
            + "before it ended; use a longer --drift-interval");
      }
      r.figure("periodic.checks", periodic, "resources");
      r.figure("periodic.seconds", seconds(restartDone, System.nanoTime()), "s");
      roundFigures(r, "periodic", periodicCalls, s.quotaPerSecond());
      r.goal("periodic.cloudCalls", Op.AT_MOST, 110);
      r.figure("k8sWrites", world.operatorWrites().values().stream().mapToLong(Long::longValue).sum(), "writes");
      world.stopOperator();

      log.accept("baseline: one GetIpamPoolAllocation per resource, " + BASELINE_THREADS + " at a time");
      VpcIpamClient client = world.cloudClient();
      LongAdder failed = new LongAdder();
      long baseline = System.nanoTime();
      BenchWorld.parallel(n, BASELINE_THREADS, i -> {
        try {
          client.get(members.get(i).allocationId());
        } catch (CloudException e) {
          failed.increment();
        }
      });
      double baselineSeconds = seconds(baseline, System.nanoTime());
      r.figure("baselineGets.cloudCalls", n, "calls");
      r.figure("baselineGets.failed", failed.sum(), "calls");
      r.figure("baselineGets.seconds", baselineSeconds, "s");
      r.figure("baselineGets.quotaSeconds", n / s.quotaPerSecond(), "s");
      r.figure("callsSavedRatio", n / Math.max(1.0, total(periodicCalls)));
      r.note("restart = a fresh operator's first pass over every resource; periodic = the next pass, one drift interval "
          + "later (the goal, <= 110 calls for 10,000 allocations in 10 pools, applies to it). Both run with the cloud "
          + "latency and no quota; quotaSeconds = calls / quota, the time the quota would need for them. The baseline "
          + "(one Get per resource) is not an operator mode: the driver issues the Gets with VpcIpamClient, "
          + BASELINE_THREADS + " at a time. k8sWrites should be 0: a check that finds nothing changed writes nothing.");
    }
  }

  private static void roundFigures(ScenarioResult r, String round, Map<String, Long> calls, double quota) {
    long total = total(calls);
    r.figure(round + ".cloudCalls", total, "calls");
    BenchWorld.callFigures(r, round + ".cloudCalls", calls, 1, "calls");
    r.figure(round + ".quotaSeconds", total / quota, "s");
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
