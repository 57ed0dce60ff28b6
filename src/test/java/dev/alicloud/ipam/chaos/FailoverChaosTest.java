package dev.alicloud.ipam.chaos;

import static dev.alicloud.ipam.testing.Fixtures.POOL;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.alicloud.ipam.config.IpamOperator;
import dev.alicloud.ipam.config.OperatorConfig;
import dev.alicloud.ipam.reconciler.Conditions;
import dev.alicloud.ipam.testing.AllocationBuilder;
import dev.alicloud.ipam.testing.Fixtures;
import dev.alicloud.ipam.testing.OperatorHarness;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.javaoperatorsdk.operator.api.config.LeaderElectionConfiguration;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Two operator instances elect a leader through a Lease; the leader is killed mid-run (its connection cut, so it
 * cannot hand the lease over); the standby takes over once the lease expires, and no resource is processed twice.
 */
@Tag("chaos")
class FailoverChaosTest {

  static final String LEASE = "ipam-failover";
  static final int RESOURCES = 30;

  private static IpamOperator instance(OperatorHarness harness, KubernetesClient client, String identity) {
    OperatorConfig config = harness.config()
        .withLeaderElection(new OperatorConfig.LeaderElection(LEASE, Fixtures.NAMESPACE, identity, false));
    return IpamOperator.create(client, config);
  }

  private static String holder(OperatorHarness harness) {
    Lease lease = harness.client().leases().inNamespace(Fixtures.NAMESPACE).withName(LEASE).get();
    return lease == null ? null : lease.getSpec().getHolderIdentity();
  }

  private static long ready(OperatorHarness harness, List<String> names) {
    return names.stream().map(harness::get).filter(r -> r != null && r.getStatus() != null
        && Conditions.find(r.getStatus().getConditions(), "Ready").filter(c -> "True".equals(c.getStatus()))
        .isPresent()).count();
  }

  @Test
  void theStandbyTakesOverWithinTheLeaseDurationAndNothingIsProcessedTwice() throws Exception {
    try (OperatorHarness harness = OperatorHarness.create()) {
      KubernetesClient clientA = new KubernetesClientBuilder().withConfig(harness.client().getConfiguration()).build();
      KubernetesClient clientB = new KubernetesClientBuilder().withConfig(harness.client().getConfiguration()).build();
      IpamOperator a = instance(harness, clientA, "operator-a").start();
      await("operator-a leads").atMost(Duration.ofSeconds(30)).until(() -> "operator-a".equals(holder(harness)));
      IpamOperator b = instance(harness, clientB, "operator-b").start();
      harness.simulator().faults().latency(Duration.ofMillis(30));
      List<String> names = IntStream.range(0, RESOURCES).mapToObj(i -> "fo-" + i).toList();
      names.forEach(n -> harness.apply(AllocationBuilder.named(n).cidrMask(27).build()));
      await("some resources Ready under operator-a").atMost(Duration.ofSeconds(30))
          .until(() -> ready(harness, names) >= 5);

      long killedAt = System.nanoTime();
      clientA.close(); // cut first: the dying leader cannot release or renew the lease
      a.close();
      await("operator-b leads").atMost(LeaderElectionConfiguration.LEASE_DURATION_DEFAULT_VALUE.plusSeconds(15))
          .pollInterval(Duration.ofMillis(100)).until(() -> "operator-b".equals(holder(harness)));
      double takeover = (System.nanoTime() - killedAt) / 1e9;
      await("all Ready under operator-b").atMost(Duration.ofSeconds(60)).until(() -> ready(harness, names) == RESOURCES);

      assertThat(harness.simulator().calls().count("CreateIpamPoolAllocation"))
          .as("one create per resource, none repeated by the new leader").isEqualTo(RESOURCES);
      // the lease expires at most one lease duration after the leader's last renewal; the standby tries every
      // retry period (with fabric8's jitter): both bound the takeover, the rest is slack for a loaded CI machine
      assertThat(takeover).as("takeover within the lease duration plus two retry periods")
          .isLessThanOrEqualTo(LeaderElectionConfiguration.LEASE_DURATION_DEFAULT_VALUE.toSeconds()
              + 2 * LeaderElectionConfiguration.RETRY_PERIOD_DEFAULT_VALUE.toSeconds() + 3.0);
      ChaosAudit audit = new ChaosAudit(harness.client(), harness.simulator(), POOL);
      String summary = audit.assertConsistent(Set.of());

      names.forEach(harness::delete);
      for (String name : names) {
        await(name + " gone").atMost(Duration.ofSeconds(60)).until(() -> harness.get(name) == null);
      }
      audit.assertNothingStuck();
      assertThat(harness.simulator().state().allocations(POOL)).isEmpty();
      b.close();
      clientB.close();
      System.out.printf("chaos: failover: leader killed with %d resources in flight, standby led after %.1f s "
          + "(lease %d s), %d creates for %d resources; %s%n", RESOURCES, takeover,
          LeaderElectionConfiguration.LEASE_DURATION_DEFAULT_VALUE.toSeconds(),
          RESOURCES, RESOURCES, summary);
    }
  }
}
