package dev.alicloud.ipam.benchmark;

import static dev.alicloud.ipam.benchmark.BenchWorld.seconds;

import dev.alicloud.ipam.benchmark.AllocationTracker.Timeline;
import dev.alicloud.ipam.benchmark.ScenarioResult.Op;
import dev.alicloud.ipam.cloud.ApiQuotas;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Creates N {@code cidrMask: 24} resources at once and waits until all are Ready, then deletes them all and waits
 * until all are gone, with the cloud's latency and its per-action quotas. Each phase is compared with the bound its
 * action's quota sets (N Creates, then N Deletes, at that action's rate: N / rate seconds). The {@code Releasable} dry
 * runs spend Delete quota too; they take only spare slots, and the Delete slots each lifecycle used are reported.
 * Then, unless switched off, the same
 * lifecycle runs again in a fresh world without quota or latency: that floor is what this machine and harness allow
 * at all, so a ratio below the goal can be told apart from a harness too slow to reach it.
 */
final class LifecycleScenario {

  static final int DRIVER_THREADS = 8;
  /** Each phase within 5% of what its action's quota allows. */
  static final double BOUND_RATIO_GOAL = 0.95;

  private LifecycleScenario() {
  }

  static void run(BenchmarkSettings s, ScenarioResult r, Consumer<String> log) throws Exception {
    int n = s.allocations();
    log.accept(n + " resources, quotas " + s.quotas() + ", latency " + s.cloudLatency().toMillis() + " ms");
    boolean complete = once(s, r, "", s.cloudLatency(), s.quotas(), log);
    r.note("bound = N / rate of the phase's action (Create, then Delete); boundRatio = bound / measured (goal >= "
        + BOUND_RATIO_GOAL + " at N=1000). Calls are the operator's, by action/result (DryRunOperation: a dry run that "
        + "passed; Throttling.User: refused by the quota, goal 0). deleteSlotsPerLifecycle = Delete calls of both "
        + "phases (real and dry-run) / N: the Releasable dry run takes only slots real Deletes leave unused. Times "
        + "run from the first create (delete) request to the last resource Ready (gone) as the driver's informer saw "
        + "it. Events are pruned by the driver every second (the CRUD mock scans every stored object per request; "
        + "their creations are still counted).");
    if (complete && s.floor()) {
      log.accept("floor: the same lifecycle without quota or latency");
      ScenarioResult floor = new ScenarioResult("floor");
      once(s, floor, "", Duration.ZERO, ApiQuotas.UNLIMITED, log);
      for (String phase : List.of("create", "release")) {
        double bound = s.boundSeconds(phase.equals("create") ? BenchmarkSettings.CREATE : BenchmarkSettings.DELETE, n);
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
    once(s, new ScenarioResult("warmup"), "", Duration.ZERO, ApiQuotas.UNLIMITED, n, log);
  }

  /** One create-all, delete-all round in a fresh world; false when it did not complete. */
  private static boolean once(BenchmarkSettings s, ScenarioResult r, String prefix, Duration latency,
      ApiQuotas quotas, Consumer<String> log) throws Exception {
    return once(s, r, prefix, latency, quotas, s.allocations(), log);
  }

  private static boolean once(BenchmarkSettings s, ScenarioResult r, String prefix, Duration latency,
      ApiQuotas quotas, int n, Consumer<String> log) throws Exception {
    double createBound = s.boundSeconds(BenchmarkSettings.CREATE, n);
    double releaseBound = s.boundSeconds(BenchmarkSettings.DELETE, n);
    try (BenchWorld world = BenchWorld.start()) {
      world.cloudLimits(latency, quotas);
      world.operatorQuotas(quotas);
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
        phaseFigures(r, prefix + "create", allReady, seconds(created, lastReady), createBound, createCalls);
        if (allReady) {
          windowFigures(r, prefix + "create", created, creates, lastReady, createBound);
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
        boolean allGone = tracker.awaitGone(names, s.timeout());
        Map<String, Long> releaseCalls = world.tally.snapshot();
        CallTally.Window deletes = world.tally.window("Delete");
        if (!allGone) {
          r.fail(tracker.count(names, Timeline::gone) + " of " + n + " gone within " + s.timeout().toSeconds()
              + " s (" + tracker.count(names, t -> t.stalledNow && !t.gone()) + " Stalled)");
        }
        long lastGone = tracker.latest(names, t -> t.goneAt);
        phaseFigures(r, prefix + "release", allGone, seconds(deleted, lastGone), releaseBound, releaseCalls);
        if (allGone) {
          windowFigures(r, prefix + "release", deleted, deletes, lastGone, releaseBound);
        }
        long deleteSlots = CallTally.sum(createCalls, "Delete", null) + CallTally.sum(releaseCalls, "Delete", null);
        r.figure(prefix + "deleteSlotsPerLifecycle", (double) deleteSlots / n, "calls");
        r.figure(prefix + "releasableDryRunsPerLifecycle", (double) (CallTally.sum(createCalls, "Delete",
            CallTally.DRY_RUN) + CallTally.sum(releaseCalls, "Delete", CallTally.DRY_RUN)) / n, "calls");
        r.figure(prefix + "stalledEver", tracker.count(names, t -> t.stalledEver), "resources");
        r.figure(prefix + "throttledEver", tracker.count(names, t -> t.throttledEver), "resources");
        r.figure(prefix + "release.deletionsSeenByListOnly", tracker.deletionsSeenByListOnly(), "resources");

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
    r.goal(phase + ".boundRatio", Op.AT_LEAST, BOUND_RATIO_GOAL);
    r.figure(phase + ".cloudCalls", calls.values().stream().mapToLong(Long::longValue).sum(), "calls");
    r.figure(phase + ".throttledCalls", CallTally.sum(calls, null, CallTally.THROTTLED), "calls");
    r.goal(phase + ".throttledCalls", Op.AT_MOST, 0);
    BenchWorld.callFigures(r, phase + ".cloudCalls", calls, 1, "calls");
  }
}
