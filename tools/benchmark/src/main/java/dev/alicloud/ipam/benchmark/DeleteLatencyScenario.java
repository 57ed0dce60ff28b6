package dev.alicloud.ipam.benchmark;

import static dev.alicloud.ipam.benchmark.BenchWorld.seconds;

import dev.alicloud.ipam.benchmark.AllocationTracker.Timeline;
import dev.alicloud.ipam.cloud.ApiQuotas;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Deletes M Ready resources at the same moment (one driver thread each, released together) under the quota and
 * reports, per resource, the time from its delete request to the API server forgetting it (the driver's informer
 * seeing the deletion): p50, p90, p99 and max. The resources are made without quota; the quota (buckets full) starts
 * with the deletes. Unless switched off, the same runs again without quota or latency: the floor of this harness.
 */
final class DeleteLatencyScenario {

  private DeleteLatencyScenario() {
  }

  static void run(BenchmarkSettings s, ScenarioResult r, Consumer<String> log) throws Exception {
    log.accept(s.concurrentDeletes() + " deletes at once, quotas " + s.quotas() + ", latency "
        + s.cloudLatency().toMillis() + " ms");
    boolean complete = once(s, r, "", s.cloudLatency(), s.quotas(), log);
    r.figure("boundSeconds", s.boundSeconds(BenchmarkSettings.DELETE, s.concurrentDeletes()), "s");
    r.note("latency = from the resource's delete request to the driver's informer seeing it deleted (the finalizer "
        + "removed after the release). boundSeconds = M / Delete rate (M Deletes, and M Gets, each at its quota); "
        + "the quota windows start empty with the deletes.");
    if (complete && s.floor()) {
      log.accept("floor: the same without quota or latency");
      once(s, r, "floor.", Duration.ZERO, ApiQuotas.UNLIMITED, log);
      r.note("floor.* = the same deletes in a fresh world with neither quota nor latency: what the embedded API "
          + "server and this machine take for them.");
    }
  }

  private static boolean once(BenchmarkSettings s, ScenarioResult r, String prefix, Duration latency,
      ApiQuotas quotas, Consumer<String> log) throws Exception {
    int m = s.concurrentDeletes();
    try (BenchWorld world = BenchWorld.start()) {
      world.cloudLimits(latency, ApiQuotas.UNLIMITED); // the quota applies to the deletes only
      world.operatorQuotas(quotas);
      world.startOperator(world.config());
      world.pruneEvents();
      try (AllocationTracker tracker = AllocationTracker.start(world.driver, BenchWorld.NAMESPACE)) {
        List<String> names = BenchWorld.names("delete", m);
        log.accept("creating " + m + " resources and waiting until they are Ready");
        BenchWorld.parallel(m, LifecycleScenario.DRIVER_THREADS,
            i -> world.create(BenchWorld.allocation(names.get(i), BenchWorld.POOL, 24)));
        if (!tracker.await(names, Timeline::ready, s.timeout())) {
          r.fail(tracker.count(names, Timeline::ready) + " of " + m + " Ready within " + s.timeout().toSeconds()
              + " s");
          return false;
        }
        world.cloudLimits(latency, quotas);
        world.tally.reset();

        log.accept("deleting " + m + " resources at once");
        long[] sent = new long[m];
        CountDownLatch ready = new CountDownLatch(m);
        CountDownLatch go = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(m);
        try {
          List<Future<?>> futures = new ArrayList<>();
          for (int i = 0; i < m; i++) {
            int k = i;
            futures.add(pool.submit(() -> {
              ready.countDown();
              go.await();
              sent[k] = System.nanoTime();
              world.delete(names.get(k));
              return null;
            }));
          }
          ready.await(30, TimeUnit.SECONDS);
          long start = System.nanoTime();
          go.countDown();
          for (Future<?> f : futures) {
            f.get(s.timeout().toSeconds(), TimeUnit.SECONDS);
          }
          r.figure(prefix + "submitSeconds", seconds(start, System.nanoTime()), "s");
          boolean allGone = tracker.awaitGone(names, s.timeout());
          if (!allGone) {
            r.fail(tracker.count(names, Timeline::gone) + " of " + m + " gone within " + s.timeout().toSeconds()
                + " s (" + tracker.count(names, t -> t.stalledNow && !t.gone()) + " Stalled)");
          }
          List<Double> latencies = new ArrayList<>();
          for (int i = 0; i < m; i++) {
            Timeline t = tracker.timeline(names.get(i));
            if (t.gone()) {
              latencies.add(seconds(sent[i], t.goneAt));
            }
          }
          r.figure(prefix + "gone", latencies.size(), "resources");
          if (!latencies.isEmpty()) {
            var summary = Percentiles.summarize(latencies);
            r.figure(prefix + "p50Seconds", summary.p50(), "s");
            r.figure(prefix + "p90Seconds", summary.p90(), "s");
            r.figure(prefix + "p99Seconds", summary.p99(), "s");
            r.figure(prefix + "maxSeconds", summary.max(), "s");
            r.figure(prefix + "minSeconds", summary.min(), "s");
            r.figure(prefix + "meanSeconds", summary.mean(), "s");
          }
          r.figure(prefix + "allGoneSeconds", seconds(start, tracker.latest(names, t -> t.goneAt)), "s");
          if (prefix.isEmpty()) {
            var calls = world.tally.snapshot();
            r.figure("throttledCalls", CallTally.sum(calls, null, CallTally.THROTTLED), "calls");
            BenchWorld.callFigures(r, "cloudCalls", calls, 1, "calls");
            r.figure("stalledEver", tracker.count(names, t -> t.stalledEver), "resources");
          }
          return allGone;
        } finally {
          pool.shutdownNow();
        }
      }
    }
  }
}
