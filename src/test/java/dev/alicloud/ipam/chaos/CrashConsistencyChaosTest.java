package dev.alicloud.ipam.chaos;

import static dev.alicloud.ipam.testing.Fixtures.POOL;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.alicloud.ipam.api.v1alpha1.IpamPoolAllocation;
import dev.alicloud.ipam.reconciler.Conditions;
import dev.alicloud.ipam.testing.AllocationBuilder;
import dev.alicloud.ipam.testing.Fixtures;
import dev.alicloud.ipam.testing.OperatorHarness;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Hundreds of create, rename and release lifecycles while the operator is stopped abruptly right after cloud calls
 * succeed (before it could record them), replaced by fresh instances, and the cloud loses some answers: at the end
 * nothing is leaked, nothing duplicated, nothing stuck.
 */
@Tag("chaos")
class CrashConsistencyChaosTest {

  static final int LIFECYCLES = Integer.getInteger("chaos.lifecycles", 200);
  static final int CONCURRENCY = 8;
  static final double CRASH_RATE = 0.1;
  static final double LOST_RESPONSE_RATE = 0.05;
  static final Duration STEP_TIMEOUT = Duration.ofSeconds(90);

  @Test
  void crashesAfterCloudCallsLeakNothingDuplicateNothingAndStrandNothing() throws Exception {
    CrashTap crashes = new CrashTap(7, CRASH_RATE);
    try (OperatorHarness harness = OperatorHarness.create()) {
      harness.tap(crashes).startOperator();
      harness.simulator().faults().lostResponseRate(LOST_RESPONSE_RATE).onlyActions(CrashTap.MUTATING);
      ChaosAudit audit = new ChaosAudit(harness.client(), harness.simulator(), POOL);
      AtomicBoolean running = new AtomicBoolean(true);
      AtomicInteger restarts = new AtomicInteger();
      Thread restarter = new Thread(() -> {
        try {
          while (running.get()) {
            if (crashes.awaitRestartRequest(200) && running.get()) {
              harness.restartOperator();
              restarts.incrementAndGet();
            }
          }
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }, "restarter");
      restarter.start();
      long started = System.nanoTime();
      AtomicInteger done = new AtomicInteger();
      ExecutorService workers = Executors.newFixedThreadPool(CONCURRENCY);
      List<Future<?>> futures = new ArrayList<>();
      for (int w = 0; w < CONCURRENCY; w++) {
        int worker = w;
        futures.add(workers.submit(() -> {
          for (int i = worker; i < LIFECYCLES; i += CONCURRENCY) {
            lifecycle(harness, audit, i);
            done.incrementAndGet();
          }
          return null;
        }));
      }
      for (Future<?> f : futures) {
        f.get();
      }
      workers.shutdown();
      running.set(false);
      restarter.join();
      crashes.disarm();
      harness.simulator().faults().clear();

      String summary = audit.assertConsistent(Set.of());
      audit.assertNothingStuck();
      assertThat(harness.simulator().state().allocations(POOL)).as("every lifecycle released its block").isEmpty();
      assertThat(done.get()).isEqualTo(LIFECYCLES);
      assertThat(crashes.crashes().values().stream().mapToLong(Long::longValue).sum())
          .as("the scenario did crash the operator").isPositive();
      System.out.printf("chaos: crash consistency: %d lifecycles in %.1f s, crashes after %s, %d restarts, "
              + "%d lost answers; %s%n", LIFECYCLES, (System.nanoTime() - started) / 1e9, crashes.crashes(),
          restarts.get(), harness.simulator().calls().count("CreateIpamPoolAllocation", "LostResponse")
              + harness.simulator().calls().count("DeleteIpamPoolAllocation", "LostResponse")
              + harness.simulator().calls().count("UpdateIpamPoolAllocation", "LostResponse"), summary);
    }
  }

  /** Create, wait Ready (exactly one allocation in the cloud), every third one renamed, delete, wait gone. */
  private static void lifecycle(OperatorHarness harness, ChaosAudit audit, int i) {
    String name = "lc-" + i;
    Resource<IpamPoolAllocation> resource = harness.client().resources(IpamPoolAllocation.class)
        .inNamespace(Fixtures.NAMESPACE).withName(name);
    try {
      harness.apply(AllocationBuilder.named(name).cidrMask(24).build());
    } catch (KubernetesClientException e) {
      // the API server got the create but the answer was lost to the client, which retried: already there is fine
      assertThat(e.getCode()).as(name + " create").isEqualTo(409);
    }
    IpamPoolAllocation ready = awaitReadyAtCurrentGeneration(resource, name);
    assertThat(audit.ownedByUid().get(ready.getMetadata().getUid())).as(name + " owns exactly one allocation")
        .hasSize(1);
    if (i % 3 == 0) {
      // like kubectl patch: no resourceVersion, so it never conflicts with the operator's own writes
      resource.patch(PatchContext.of(PatchType.JSON_MERGE), "{\"spec\":{\"allocationName\":\"renamed-" + i + "\"}}");
      IpamPoolAllocation renamed = awaitReadyAtCurrentGeneration(resource, name);
      await(name + " renamed in the cloud").atMost(STEP_TIMEOUT).until(() -> harness.simulator().state()
          .allocation(renamed.getStatus().getAllocationId()).map(a -> a.name().equals("renamed-" + i)).orElse(false));
    }
    resource.delete();
    await(name + " gone").atMost(STEP_TIMEOUT).pollInterval(Duration.ofMillis(50)).until(() -> resource.get() == null);
  }

  private static IpamPoolAllocation awaitReadyAtCurrentGeneration(Resource<IpamPoolAllocation> resource, String name) {
    return await(name + " Ready").atMost(STEP_TIMEOUT).pollInterval(Duration.ofMillis(50)).until(resource::get,
        r -> r != null && r.getStatus() != null && Conditions.find(r.getStatus().getConditions(), "Ready")
            .filter(c -> "True".equals(c.getStatus())
                && r.getMetadata().getGeneration().equals(c.getObservedGeneration()))
            .isPresent());
  }
}
