package dev.alicloud.ipam.chaos;

import static dev.alicloud.ipam.testing.Fixtures.POOL;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.alicloud.ipam.api.v1alpha1.IpamPoolAllocation;
import dev.alicloud.ipam.reconciler.Conditions;
import dev.alicloud.ipam.testing.AllocationBuilder;
import dev.alicloud.ipam.testing.Fixtures;
import dev.alicloud.ipam.testing.OperatorHarness;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * A bad day at the cloud API: 30% of calls throttled, 10% failing with 5xx, 5% of connections reset, 5-40 ms of
 * latency on every call. Every resource still converges, the conditions say Throttled or CloudUnavailable while it
 * lasts, and releases under the same faults leave nothing behind.
 */
@Tag("chaos")
class CloudFaultsChaosTest {

  static final int RESOURCES = 60;
  static final Duration CONVERGENCE = Duration.ofSeconds(120);

  @Test
  void everyResourceConvergesThroughThrottlingServerErrorsAndResets() throws Exception {
    try (OperatorHarness harness = OperatorHarness.create()) {
      harness.simulator().faults().throttleRate(0.3).serverErrorRate(0.1).resetRate(0.05)
          .latency(Duration.ofMillis(5), Duration.ofMillis(40));
      harness.startOperator();
      Set<String> reconcilingReasons = ConcurrentHashMap.newKeySet();
      var informer = harness.client().resources(IpamPoolAllocation.class).inNamespace(Fixtures.NAMESPACE)
          .inform(new ResourceEventHandler<>() {
            @Override
            public void onAdd(IpamPoolAllocation r) {
              record(r);
            }

            @Override
            public void onUpdate(IpamPoolAllocation old, IpamPoolAllocation r) {
              record(r);
            }

            @Override
            public void onDelete(IpamPoolAllocation r, boolean unknown) {
            }

            private void record(IpamPoolAllocation r) {
              if (r.getStatus() != null) {
                Conditions.find(r.getStatus().getConditions(), "Reconciling")
                    .filter(c -> "True".equals(c.getStatus())).ifPresent(c -> reconcilingReasons.add(c.getReason()));
              }
            }
          });
      long started = System.nanoTime();
      List<String> names = IntStream.range(0, RESOURCES).mapToObj(i -> "faulty-" + i).toList();
      names.forEach(n -> harness.apply(AllocationBuilder.named(n).cidrMask(26).build()));

      for (String name : names) {
        IpamPoolAllocation ready = await(name + " Ready").atMost(CONVERGENCE).pollInterval(Duration.ofMillis(100))
            .until(() -> harness.get(name), r -> r != null && r.getStatus() != null
                && Conditions.find(r.getStatus().getConditions(), "Ready")
                .filter(c -> "True".equals(c.getStatus())).isPresent());
        assertThat(ready.getStatus().getLastError()).as(name + ": no error left once Ready").isNull();
      }
      double convergedSeconds = (System.nanoTime() - started) / 1e9;
      ChaosAudit audit = new ChaosAudit(harness.client(), harness.simulator(), POOL);
      audit.assertConsistent(Set.of());
      assertThat(reconcilingReasons).as("what users saw while it lasted").contains("Throttled", "CloudUnavailable");

      names.forEach(harness::delete);
      for (String name : names) {
        await(name + " gone").atMost(CONVERGENCE).pollInterval(Duration.ofMillis(100))
            .until(() -> harness.get(name) == null);
      }
      informer.close();
      harness.simulator().faults().clear();
      audit.assertConsistent(Set.of());
      audit.assertNothingStuck();
      assertThat(harness.simulator().state().allocations(POOL)).isEmpty();
      var calls = harness.simulator().calls();
      System.out.printf("chaos: cloud faults: %d resources Ready in %.1f s and released in %.1f s; %d calls "
              + "throttled, %d answered 5xx, %d connections reset; Reconciling reasons seen %s%n", RESOURCES,
          convergedSeconds, (System.nanoTime() - started) / 1e9 - convergedSeconds, throttled(calls),
          calls.snapshot().entrySet().stream().filter(e -> e.getKey().contains("ServiceUnavailable")
              || e.getKey().contains("InternalError")).mapToLong(e -> e.getValue()).sum(),
          calls.snapshot().entrySet().stream().filter(e -> e.getKey().contains("ConnectionReset"))
              .mapToLong(e -> e.getValue()).sum(), reconcilingReasons);
    }
  }

  private static long throttled(dev.alicloud.ipam.simulator.CallLog calls) {
    return calls.snapshot().entrySet().stream().filter(e -> e.getKey().contains("Throttling"))
        .mapToLong(e -> e.getValue()).sum();
  }
}
