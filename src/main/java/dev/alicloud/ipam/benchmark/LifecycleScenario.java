package dev.alicloud.ipam.benchmark;

import static dev.alicloud.ipam.benchmark.BenchWorld.seconds;

import dev.alicloud.ipam.benchmark.AllocationTracker.Timeline;
import dev.alicloud.ipam.benchmark.ScenarioResult.Op;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Creates N {@code cidrMask: 24} resources at once and waits until all are Ready, then deletes them all and waits
 * until all are gone, with the cloud's latency and a per-action quota. Each phase is compared with the bound the quota
 * sets (N calls of one action at {@code quota} per second: N / quota seconds).
 */
final class LifecycleScenario {

  static final int DRIVER_THREADS = 8;

  private LifecycleScenario() {
  }

  static void run(BenchmarkSettings s, ScenarioResult r, Consumer<String> log) throws Exception {
    int n = s.allocations();
    double bound = n / s.quotaPerSecond();
    try (BenchWorld world = BenchWorld.start()) {
      world.cloudLimits(s.cloudLatency(), s.quotaPerSecond());
      world.startOperator(world.config());
      world.pruneEvents();
      try (AllocationTracker tracker = AllocationTracker.start(world.driver, BenchWorld.NAMESPACE)) {
        world.api.recordCalls(BenchWorld.DRIVER_AGENT);
        List<String> names = BenchWorld.names("lifecycle", n);

        log.accept("creating " + n + " resources (quota " + Report.number(s.quotaPerSecond()) + "/s per action, "
            + "latency " + s.cloudLatency().toMillis() + " ms)");
        long created = System.nanoTime();
        BenchWorld.parallel(n, DRIVER_THREADS,
            i -> world.create(BenchWorld.allocation(names.get(i), BenchWorld.POOL, 24)));
        r.figure("create.submitSeconds", seconds(created, System.nanoTime()), "s");
        boolean allReady = tracker.await(names, Timeline::ready, s.timeout());
        Map<String, Long> createCalls = world.tally.snapshot();
        world.tally.reset();
        if (!allReady) {
          r.fail(tracker.count(names, Timeline::ready) + " of " + n + " Ready after " + s.timeout().toSeconds()
              + " s (" + tracker.count(names, t -> t.stalledNow) + " Stalled)");
        }
        double createSeconds = seconds(created, tracker.latest(names, t -> t.readyAt));
        phaseFigures(r, "create", allReady, createSeconds, bound, createCalls);

        long stalled = tracker.count(names, t -> t.stalledEver);
        r.figure("stalledEver", stalled, "resources");
        r.goal("stalledEver", Op.AT_MOST, 0);
        r.figure("throttledEver", tracker.count(names, t -> t.throttledEver), "resources");
        if (!allReady) {
          return;
        }

        log.accept("deleting " + n + " resources");
        long deleted = System.nanoTime();
        BenchWorld.parallel(n, DRIVER_THREADS, i -> world.delete(names.get(i)));
        r.figure("release.submitSeconds", seconds(deleted, System.nanoTime()), "s");
        boolean allGone = tracker.await(names, Timeline::gone, s.timeout());
        Map<String, Long> releaseCalls = world.tally.snapshot();
        if (!allGone) {
          r.fail(tracker.count(names, Timeline::gone) + " of " + n + " gone after " + s.timeout().toSeconds()
              + " s (" + tracker.count(names, t -> t.stalledNow && !t.gone()) + " Stalled)");
        }
        phaseFigures(r, "release", allGone, seconds(deleted, tracker.latest(names, t -> t.goneAt)), bound,
            releaseCalls);
        r.figure("stalledEver", tracker.count(names, t -> t.stalledEver), "resources");
        r.figure("throttledEver", tracker.count(names, t -> t.throttledEver), "resources");

        Map<String, Long> writes = world.operatorWrites();
        long total = writes.values().stream().mapToLong(Long::longValue).sum();
        r.figure("k8sWritesPerAllocation", (double) total / n, "writes");
        writes.forEach((k, v) -> r.figure("k8sWritesPerAllocation." + k, (double) v / n, "writes"));
        r.note("bound = N / quota: N calls of one action at the quota; boundRatio = bound / measured (goal >= 0.9 at "
            + "N=1000, 20 ms, 50/s). Calls are the operator's, by action/result (DryRunOperation: a dry run that "
            + "passed; Throttling.User: refused by the quota). Times run from the first create (delete) request to "
            + "the last resource Ready (gone) as the driver's informer saw it.");
      }
    }
  }

  private static void phaseFigures(ScenarioResult r, String phase, boolean complete, double seconds, double bound,
      Map<String, Long> calls) {
    r.figure(phase + ".boundSeconds", bound, "s");
    if (complete) {
      r.figure(phase + ".seconds", seconds, "s");
      r.figure(phase + ".boundRatio", bound / seconds);
    }
    r.goal(phase + ".boundRatio", Op.AT_LEAST, 0.9);
    r.figure(phase + ".cloudCalls", calls.values().stream().mapToLong(Long::longValue).sum(), "calls");
    r.figure(phase + ".throttledCalls", CallTally.sum(calls, null, CallTally.THROTTLED), "calls");
    BenchWorld.callFigures(r, phase + ".cloudCalls", calls, 1, "calls");
  }
}
