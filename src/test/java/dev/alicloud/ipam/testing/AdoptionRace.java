package dev.alicloud.ipam.testing;

import static dev.alicloud.ipam.testing.Fixtures.POOL;
import static org.assertj.core.api.Assertions.assertThat;

import dev.alicloud.ipam.api.v1alpha1.DeletionPolicy;
import dev.alicloud.ipam.api.v1alpha1.IpamPoolAllocation;
import dev.alicloud.ipam.reconciler.Conditions;
import dev.alicloud.ipam.reconciler.OwnershipTag;
import dev.alicloud.ipam.simulator.SimAllocation;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.awaitility.Awaitility;

/**
 * One round of concurrent adoption: an untagged allocation is seeded, 2 to 5 resources that adopt it are created at
 * the same moment, and the round checks that they settled on exactly one owner: one {@code Adopted}, the others
 * {@code Stalled} with {@code OwnedByAnother}, the cloud's tag naming the one that is Adopted, and no release sent.
 * The adopters are then let go with {@code Orphan}, which must put the allocation's original naming back.
 */
public final class AdoptionRace implements AutoCloseable {

  private final OperatorHarness harness;
  private final ExecutorService starters = Executors.newFixedThreadPool(5);

  public AdoptionRace(OperatorHarness harness) {
    this.harness = harness;
  }

  /** What one round ended with. */
  public record Round(int adopters, String winner, long tagWrites) {
  }

  /** Runs round {@code index} with {@code adopters} competing resources and checks its promises. */
  public Round run(int index, int adopters) throws Exception {
    String name = "hand-made-" + index;
    String description = "Reserved by the network team for round " + index;
    SimAllocation seeded = harness.simulator().state().seedAllocation(POOL,
        "10.200." + (index % 250) + ".0/24", "Custom", null, null, name, description);
    String id = seeded.allocationId();
    long updatesBefore = harness.simulator().calls().count("UpdateIpamPoolAllocation");
    long releasesBefore = harness.simulator().state().releases().size();
    List<String> names = new ArrayList<>();
    for (int i = 0; i < adopters; i++) {
      names.add("race-" + index + "-" + i);
    }
    CountDownLatch go = new CountDownLatch(1);
    List<Future<IpamPoolAllocation>> created = new ArrayList<>();
    for (String n : names) {
      created.add(starters.submit(() -> {
        go.await();
        return harness.apply(AllocationBuilder.named(n).adopt(id).build());
      }));
    }
    go.countDown();
    for (Future<IpamPoolAllocation> f : created) {
      f.get();
    }
    Awaitility.await("round " + index + " settles").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50))
        .until(() -> names.stream().allMatch(n -> settled(harness.get(n))));

    List<IpamPoolAllocation> adopted = names.stream().map(harness::get).filter(r -> headline(r, "Ready")).toList();
    assertThat(adopted).as("round %d: exactly one Adopted of %d", index, adopters).hasSize(1);
    IpamPoolAllocation winner = adopted.get(0);
    for (String n : names) {
      IpamPoolAllocation r = harness.get(n);
      if (r != winner && !r.getMetadata().getName().equals(winner.getMetadata().getName())) {
        assertThat(Conditions.find(r.getStatus().getConditions(), "Stalled").orElseThrow().getReason())
            .as("round %d: %s lost", index, n).isEqualTo("OwnedByAnother");
        assertThat(r.getStatus().getAllocationId()).as("a loser holds nothing").isNull();
      }
    }
    SimAllocation cloud = harness.simulator().state().allocation(id).orElseThrow();
    OwnershipTag tag = OwnershipTag.parse(cloud.description()).orElseThrow();
    assertThat(tag.uid()).as("round %d: the one tag names the winner", index)
        .isEqualTo(winner.getMetadata().getUid());
    assertThat(cloud.name()).as("the cloud name is kept").isEqualTo(name);
    assertThat(OwnershipTag.stripFrom(cloud.description())).as("the description is kept").isEqualTo(description);
    assertThat(harness.simulator().state().releases()).as("round %d: no release", index).hasSize((int) releasesBefore);
    long tagWrites = harness.simulator().calls().count("UpdateIpamPoolAllocation") - updatesBefore;

    for (String n : names) {
      harness.edit(n, r -> r.getSpec().setDeletionPolicy(DeletionPolicy.Orphan));
      harness.delete(n);
    }
    for (String n : names) {
      harness.awaitGone(n);
    }
    SimAllocation after = harness.simulator().state().allocation(id).orElseThrow();
    assertThat(after.description()).as("orphaning puts the description back").isEqualTo(description);
    assertThat(after.name()).isEqualTo(name);
    return new Round(adopters, winner.getMetadata().getName(), tagWrites);
  }

  private static boolean settled(IpamPoolAllocation r) {
    return r != null && r.getStatus() != null && (headline(r, "Ready") || headline(r, "Stalled"));
  }

  private static boolean headline(IpamPoolAllocation r, String type) {
    return r.getStatus() != null && Conditions.find(r.getStatus().getConditions(), type)
        .filter(c -> "True".equals(c.getStatus())).isPresent();
  }

  @Override
  public void close() {
    starters.shutdownNow();
  }
}
