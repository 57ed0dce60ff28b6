package dev.alicloud.ipam.chaos.security;

import static dev.alicloud.ipam.testing.Fixtures.POOL;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.alicloud.ipam.api.v1alpha1.DeletionPolicy;
import dev.alicloud.ipam.api.v1alpha1.IpamPoolAllocation;
import dev.alicloud.ipam.chaos.ChaosAudit;
import dev.alicloud.ipam.reconciler.Conditions;
import dev.alicloud.ipam.reconciler.OwnershipTag;
import dev.alicloud.ipam.simulator.SimAllocation;
import dev.alicloud.ipam.testing.AdoptionRace;
import dev.alicloud.ipam.testing.AllocationBuilder;
import dev.alicloud.ipam.testing.OperatorHarness;
import io.fabric8.kubernetes.client.dsl.Resource;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Hostile tenants and racing adopters against one pool, audited: no resource releases, rewrites or takes a block that
 * another live resource holds, and concurrent adoptions always settle on exactly one owner.
 */
@Tag("chaos")
class OwnershipChaosTest {

  static final int ROUNDS = Integer.getInteger("chaos.adoptionRounds", 100);
  static final String HOSTILE = "team-b";

  @Test
  void concurrentAdoptersSettleOnExactlyOneOwnerInEveryRound() throws Exception {
    try (OperatorHarness harness = OperatorHarness.create().startOperator();
        AdoptionRace race = new AdoptionRace(harness)) {
      harness.simulator().faults().latency(Duration.ofMillis(2), Duration.ofMillis(20));
      Set<String> seeded = new HashSet<>();
      Map<Integer, Integer> roundsBySize = new HashMap<>();
      long tagWrites = 0;
      long started = System.nanoTime();
      for (int round = 0; round < ROUNDS; round++) {
        AdoptionRace.Round r = race.run(round, 2 + round % 4);
        roundsBySize.merge(r.adopters(), 1, Integer::sum);
        tagWrites += r.tagWrites();
      }
      harness.simulator().state().allocations(POOL).forEach(a -> seeded.add(a.allocationId()));
      String audit = new ChaosAudit(harness.client(), harness.simulator(), POOL).assertConsistent(seeded);
      System.out.printf("adoption race: %d rounds (by adopters: %s) in %.1f s, each exactly one Adopted, %d tag "
          + "writes in all; %s%n", ROUNDS, roundsBySize, (System.nanoTime() - started) / 1e9, tagWrites, audit);
    }
  }

  @Test
  void hostileTenantsNeitherReleaseNorTakeAnotherTeamsBlocks() {
    try (OperatorHarness harness = OperatorHarness.create().startOperator()) {
      harness.simulator().faults().latency(Duration.ofMillis(2), Duration.ofMillis(20));
      List<String> victims = new ArrayList<>();
      for (int i = 0; i < 10; i++) {
        harness.apply(AllocationBuilder.named("victim-" + i).cidrMask(24).build());
        victims.add("victim-" + i);
      }
      Map<String, String> tagBefore = new HashMap<>();
      List<String> victimIds = new ArrayList<>();
      for (String v : victims) {
        String id = harness.awaitReady(v).getStatus().getAllocationId();
        victimIds.add(id);
        tagBefore.put(id, harness.simulator().state().allocation(id).orElseThrow().description());
      }

      // forgers hold a block of their own and point their status at a victim's; dry-run forgers hold none
      for (int i = 0; i < 4; i++) {
        harness.apply(AllocationBuilder.named("forger-" + i).inNamespace(HOSTILE).cidrMask(24).build());
        harness.apply(AllocationBuilder.named("dry-forger-" + i).inNamespace(HOSTILE).cidrMask(24).dryRun().build());
      }
      // takers adopt a victim's block with take-ownership: "true"
      for (int i = 0; i < 3; i++) {
        harness.apply(AllocationBuilder.named("taker-" + i).inNamespace(HOSTILE).adopt(victimIds.get(i))
            .annotate("ipam.alicloud.dev/take-ownership", "true").build());
      }
      for (int i = 0; i < 4; i++) {
        harness.awaitCondition(HOSTILE, "forger-" + i, "Ready", "True", "Allocated");
        harness.awaitCondition(HOSTILE, "dry-forger-" + i, "Ready", "True", "DryRunOperation");
        String target = victimIds.get(3 + i);
        for (String name : List.of("forger-" + i, "dry-forger-" + i)) {
          resource(harness, name).editStatus(r -> {
            r.getStatus().setAllocationId(target);
            return r;
          });
        }
      }
      for (int i = 0; i < 3; i++) {
        harness.awaitCondition(HOSTILE, "taker-" + i, "Stalled", "True", "OwnedByAnother");
      }

      harness.client().resources(IpamPoolAllocation.class).inNamespace(HOSTILE).delete();
      for (int i = 0; i < 4; i++) {
        harness.awaitCondition(HOSTILE, "dry-forger-" + i, "Stalled", "True", "OwnedByAnother");
        resource(harness, "dry-forger-" + i).edit(r -> {
          r.getSpec().setDeletionPolicy(DeletionPolicy.Orphan);
          return r;
        });
      }
      await("the hostile namespace is empty").atMost(Duration.ofSeconds(60)).until(() -> harness.client()
          .resources(IpamPoolAllocation.class).inNamespace(HOSTILE).list().getItems().isEmpty());

      ChaosAudit audit = new ChaosAudit(harness.client(), harness.simulator(), POOL);
      for (int i = 0; i < victims.size(); i++) {
        String id = victimIds.get(i);
        SimAllocation a = harness.simulator().state().allocation(id).orElseThrow();
        assertThat(a.status()).as("%s's block", victims.get(i)).isEqualTo("Created");
        assertThat(a.description()).as("%s's tag", victims.get(i)).isEqualTo(tagBefore.get(id));
        var victim = harness.get(victims.get(i));
        assertThat(Conditions.find(victim.getStatus().getConditions(), "Ready").orElseThrow().getStatus())
            .isEqualTo("True");
        assertThat(OwnershipTag.parse(a.description()).orElseThrow().uid()).isEqualTo(victim.getMetadata().getUid());
      }
      String summary = audit.assertConsistent(Set.of());
      System.out.printf("hostile tenants: 4 forgers, 4 dry-run forgers, 3 takers against 10 victims; victims "
          + "untouched; %s%n", summary);
    }
  }

  private static Resource<IpamPoolAllocation> resource(OperatorHarness harness, String name) {
    return harness.client().resources(IpamPoolAllocation.class).inNamespace(HOSTILE).withName(name);
  }
}
