package dev.alicloud.ipam.benchmark;

import static dev.alicloud.ipam.benchmark.BenchWorld.seconds;

import dev.alicloud.ipam.benchmark.AllocationTracker.Timeline;
import dev.alicloud.ipam.benchmark.ScenarioResult.Op;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Creates N {@code cidrMask: 24} resources at once and waits until all are Ready, then deletes them all and waits
 * until all are gone, with the cloud's latency and a per-action quota. Each phase is compared with the bound the quota
 * sets (N calls of one action at {@code quota} per second: N / quota seconds). Then, unless switched off, the same
 * lifecycle runs again in a fresh world without quota or latency: that floor is what this machine and harness allow
 * at all, so a ratio below the goal can be told apart from a harness too slow to reach it.
 */
final class LifecycleScenario {

  static final int DRIVER_THREADS = 8;

  private LifecycleScenario() {
  }

  static void run(BenchmarkSettings s, ScenarioResult r, Consumer<String> log) throws Exception {
    int n = s.allocations();
    double bound = n / s.quotaPerSecond();
    log.accept(n + " resources, quota " + Report.number(s.quotaPerSecond()) + "/s per action, latency "
        + s.cloudLatency().toMillis() + " ms");
    boolean complete = once(s, r, "", s.cloudLatency(), s.quotaPerSecond(), bound, log);
    r.note("bound = N / quota: N calls of one action at the quota; boundRatio = bound / measured (goal >= 0.9 at "
        + "N=1000, 20 ms, 50/s). Calls are the operator's, by action/result (DryRunOperation: a dry run that passed; "
        + "Throttling.User: refused by the quota). Times run from the first create (delete) request to the last "
        + "resource Ready (gone) as the driver's informer saw it. Events are pruned by the driver every second (the "
        + "CRUD mock scans every stored object per request; their creations are still counted).");
    if (complete && s.floor()) {
      log.accept("floor: the same lifecycle without quota or latency");
      ScenarioResult floor = new ScenarioResult("floor");
      once(s, floor, "", Duration.ZERO, 0, bound, log);
      for (String phase : List.of("create", "release")) {
        floor.figure(phase + ".seconds").ifPresent(f -> {
          r.figure("floor." + phase + ".seconds", f.value(), "s");
          r.figure("floor." + phase + ".boundRatio", bound / ((Number) f.value()).doubleValue());
        });
      }
      if (floor.status() == ScenarioResult.Status.FAILED) {
        r.note("the floor run did not complete: " + floor.failure());
      }
      r.note("floor.* = the same lifecycle in a fresh world with neither quota nor latency: when floor.boundRatio is "
          + "below the goal, this machine and the embedded API server, not the quota, bound the phase.");
    }
  }

  /**
   * Warms the JVM up (JIT compilation takes about a core for the first half minute of a run, which the first timed
   * scenario would otherwise pay): {@code n} lifecycles without quota or latency, their figures thrown away.
   */
  static void warmUp(BenchmarkSettings s, int n, Consumer<String> log) throws Exception {
    log.accept(n + " lifecycles without quota or latency (not measured)");
    once(s, new ScenarioResult("warmup"), "", Duration.ZERO, 0, 1, n, log);
  }

  /** One create-all, delete-all round in a fresh world; false when it did not complete. */
  private static boolean once(BenchmarkSettings s, ScenarioResult r, String prefix, Duration latency, double quota,
      double bound, Consumer<String> log) throws Exception {
    return once(s, r, prefix, latency, quota, bound, s.allocations(), log);
  }

  private static boolean once(BenchmarkSettings s, ScenarioResult r, String prefix, Duration latency, double quota,
      double bound, int n, Consumer<String> log) throws Exception {
    try (BenchWorld world = BenchWorld.start()) {
      world.cloudLimits(latency, quota);
      world.operatorRateLimit(quota);
      world.startOperator(world.config());
      world.pruneEvents();
      try (AllocationTracker tracker = AllocationTracker.start(world.driver, BenchWorld.NAMESPACE)) {
        world.api.recordCalls(BenchWorld.DRIVER_AGENT);
        List<String> names = BenchWorld.names("lifecycle", n);

        log.accept("creating " + n + " resources");
        long created = System.nanoTime();
        BenchWorld.parallel(n, DRIVER_THREADS,
            i -> world.create(BenchWorld.allocation(names.get(i), BenchWorld.POOL, 24)));
        r.figure(prefix + "create.submitSeconds", seconds(created, System.nanoTime()), "s");
        // how far the Creates had got while the driver was still submitting (the API server's busiest time)
        r.figure(prefix + "create.createsWhileSubmitting", CallTally.sum(world.tally.snapshot(), "Create", "OK"),
            "calls");
        boolean allReady = tracker.await(names, Timeline::ready, s.timeout());
        Map<String, Long> createCalls = world.tally.snapshot();
        CallTally.Window creates = world.tally.window("Create");
        world.tally.reset();
        if (!allReady) {
          r.fail(tracker.count(names, Timeline::ready) + " of " + n + " Ready within " + s.timeout().toSeconds()
              + " s (" + tracker.count(names, t -> t.stalledNow) + " Stalled)");
        }
        long lastReady = tracker.latest(names, t -> t.readyAt);
        phaseFigures(r, prefix + "create", allReady, seconds(created, lastReady), bound, createCalls);
        if (allReady) {
          windowFigures(r, prefix + "create", created, creates, lastReady, bound);
        }
        r.figure(prefix + "stalledEver", tracker.count(names, t -> t.stalledEver), "resources");
        r.goal(prefix + "stalledEver", Op.AT_MOST, 0);
        r.figure(prefix + "throttledEver", tracker.count(names, t -> t.throttledEver), "resources");
        if (!allReady) {
          return false;
        }

        log.accept("deleting " + n + " resources");
        long deleted = System.nanoTime();
        BenchWorld.parallel(n, DRIVER_THREADS, i -> world.delete(names.get(i)));
        r.figure(prefix + "release.submitSeconds", seconds(deleted, System.nanoTime()), "s");
        boolean allGone = tracker.await(names, Timeline::gone, s.timeout());
        Map<String, Long> releaseCalls = world.tally.snapshot();
        CallTally.Window deletes = world.tally.window("Delete");
        if (!allGone) {
          r.fail(tracker.count(names, Timeline::gone) + " of " + n + " gone within " + s.timeout().toSeconds()
              + " s (" + tracker.count(names, t -> t.stalledNow && !t.gone()) + " Stalled)");
        }
        long lastGone = tracker.latest(names, t -> t.goneAt);
        phaseFigures(r, prefix + "release", allGone, seconds(deleted, lastGone), bound, releaseCalls);
        if (allGone) {
          windowFigures(r, prefix + "release", deleted, deletes, lastGone, bound);
        }
        r.figure(prefix + "stalledEver", tracker.count(names, t -> t.stalledEver), "resources");
        r.figure(prefix + "throttledEver", tracker.count(names, t -> t.throttledEver), "resources");

        Map<String, Long> writes = world.operatorWrites();
        long total = writes.values().stream().mapToLong(Long::longValue).sum();
        r.figure(prefix + "k8sWritesPerAllocation", (double) total / n, "writes");
        writes.forEach((k, v) -> r.figure(prefix + "k8sWritesPerAllocation." + k, (double) v / n, "writes"));
        return allGone;
      }
    }
  }

  /**
   * Where a phase's time went: {@code startSeconds} from the first request to the first call of the phase's action
   * (the driver's requests, the informer, the finalizer), {@code callSeconds} from that call's start to the last
   * answer (the pacing, {@code callBoundRatio} = bound / callSeconds), {@code tailSeconds} from the last answer to the
   * last resource done (status write, the driver's informer). The create phase times its Creates, the release
   * phase its Deletes.
   */
  private static void windowFigures(ScenarioResult r, String phase, long start, CallTally.Window calls, long end,
      double bound) {
    if (calls == null) {
      return;
    }
    double callSeconds = seconds(calls.firstSentNanos(), calls.lastAnsweredNanos());
    r.figure(phase + ".startSeconds", seconds(start, calls.firstSentNanos()), "s");
    r.figure(phase + ".callSeconds", callSeconds, "s");
    r.figure(phase + ".callBoundRatio", bound / callSeconds);
    r.figure(phase + ".tailSeconds", seconds(calls.lastAnsweredNanos(), end), "s");
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
