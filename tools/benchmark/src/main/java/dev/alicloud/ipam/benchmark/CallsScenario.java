package dev.alicloud.ipam.benchmark;

import dev.alicloud.ipam.benchmark.AllocationTracker.Timeline;
import dev.alicloud.ipam.benchmark.ScenarioResult.Op;
import dev.alicloud.ipam.cloud.ApiQuotas;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Counts what one lifecycle (create, Ready, delete, gone) costs: the operator's writes to the Kubernetes API, recorded
 * at the API server (the driver's own requests are excluded by their User-Agent), and its cloud calls, from its tap.
 * K lifecycles run together with the cloud's latency but without quota, so no retry inflates the counts.
 */
final class CallsScenario {

  /** Writes of the custom resource itself (metadata, finalizer) and of its status subresource. */
  static final String CR = "ipampoolallocations";

  private CallsScenario() {
  }

  static void run(BenchmarkSettings s, ScenarioResult r, Consumer<String> log) throws Exception {
    int k = s.callsAllocations();
    try (BenchWorld world = BenchWorld.start()) {
      world.cloudLimits(s.cloudLatency(), ApiQuotas.UNLIMITED);
      world.startOperator(world.config());
      try (AllocationTracker tracker = AllocationTracker.start(world.driver, BenchWorld.NAMESPACE)) {
        List<String> names = BenchWorld.names("calls", k);
        world.api.recordCalls(BenchWorld.DRIVER_AGENT);
        world.tally.reset();
        log.accept(k + " lifecycles without quota");
        BenchWorld.parallel(k, LifecycleScenario.DRIVER_THREADS,
            i -> world.create(BenchWorld.allocation(names.get(i), BenchWorld.POOL, 24)));
        if (!tracker.await(names, Timeline::ready, s.timeout())) {
          r.fail(tracker.count(names, Timeline::ready) + " of " + k + " Ready within " + s.timeout().toSeconds()
              + " s");
          return;
        }
        BenchWorld.parallel(k, LifecycleScenario.DRIVER_THREADS, i -> world.delete(names.get(i)));
        if (!tracker.awaitGone(names, s.timeout())) {
          r.fail(tracker.count(names, Timeline::gone) + " of " + k + " gone within " + s.timeout().toSeconds()
              + " s");
          return;
        }
        Thread.sleep(500); // anything the operator still sends after the last one went

        Map<String, Long> writes = world.operatorWrites();
        long all = sum(writes, null);
        long cr = writes.entrySet().stream().filter(e -> resource(e.getKey()).startsWith(CR))
            .mapToLong(Map.Entry::getValue).sum();
        long status = sum(writes, CR + "/status");
        long events = writes.getOrDefault("create events", 0L);
        r.figure("lifecycles", k);
        r.figure("k8sWritesPerLifecycle", (double) all / k, "writes");
        r.goal("k8sWritesPerLifecycle", Op.AT_MOST, 4);
        r.figure("k8sWritesPerLifecycle.resource", (double) (cr - status) / k, "writes");
        r.figure("k8sWritesPerLifecycle.status", (double) status / k, "writes");
        r.figure("k8sWritesPerLifecycle.events", (double) events / k, "writes");
        r.figure("k8sWritesPerLifecycle.other", (double) (all - cr - events) / k, "writes");
        writes.forEach((key, v) -> r.figure("k8sWritesPerLifecycle." + key, (double) v / k, "writes"));

        Map<String, Long> calls = world.tally.snapshot();
        long poolReads = CallTally.POOL_READS.stream().mapToLong(a -> CallTally.sum(calls, a, null)).sum();
        long cloud = calls.values().stream().mapToLong(Long::longValue).sum() - poolReads;
        r.figure("cloudCallsPerLifecycle", (double) cloud / k, "calls");
        r.goal("cloudCallsPerLifecycle", Op.AT_MOST, 4);
        r.figure("sharedPoolReads", poolReads, "calls");
        r.figure("cloudCallsPerLifecycle.dryRun", (double) CallTally.sum(calls, null, CallTally.DRY_RUN) / k,
            "calls");
        r.figure("cloudCallsPerLifecycle.real", (double) (cloud - CallTally.sum(calls, null, CallTally.DRY_RUN)) / k,
            "calls");
        BenchWorld.callFigures(r, "cloudCallsPerLifecycle", calls, k, "calls");
        r.figure("stalledEver", tracker.count(names, t -> t.stalledEver), "resources");
        r.note("Kubernetes writes are the operator's POST/PUT/PATCH/DELETE as the API server recorded them, by verb and "
            + "resource (ipampoolallocations: metadata and finalizer; /status: the status subresource; events: Event "
            + "creations). Cloud calls are by action/result: DryRunOperation is a dry run that passed (the "
            + "Releasable check); Get/OK is the read before the release that proves the allocation exists and is "
            + "this resource's (its ownership tag). "
            + "cloudCallsPerLifecycle counts each resource's own calls; sharedPoolReads are the pool reads before "
            + "first creates (ListIpamPools), one per pool and identity every ten minutes whatever the number of "
            + "resources, listed apart and not divided among them.");
      }
    }
  }

  private static String resource(String verbAndResource) {
    return verbAndResource.substring(verbAndResource.indexOf(' ') + 1);
  }

  private static long sum(Map<String, Long> writes, String resource) {
    return writes.entrySet().stream().filter(e -> resource == null || resource(e.getKey()).equals(resource))
        .mapToLong(Map.Entry::getValue).sum();
  }
}
