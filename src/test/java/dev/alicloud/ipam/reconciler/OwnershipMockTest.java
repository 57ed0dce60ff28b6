package dev.alicloud.ipam.reconciler;

import static dev.alicloud.ipam.testing.Fixtures.NAMESPACE;
import static dev.alicloud.ipam.testing.Fixtures.POOL;
import static org.assertj.core.api.Assertions.assertThat;

import dev.alicloud.ipam.api.v1alpha1.DeletionPolicy;
import dev.alicloud.ipam.api.v1alpha1.IpamPoolAllocation;
import dev.alicloud.ipam.cloud.UpdateAllocationRequest;
import dev.alicloud.ipam.simulator.Release;
import dev.alicloud.ipam.simulator.SimAllocation;
import dev.alicloud.ipam.testing.AdoptionRace;
import dev.alicloud.ipam.testing.AllocationBuilder;
import dev.alicloud.ipam.testing.OperatorHarness;
import io.fabric8.kubernetes.api.model.Event;
import java.time.Duration;
import java.util.List;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Ownership is proven by the cloud's tag at the moment of acting. Each test is a way a tenant with rights on its own
 * resources (status included) could make the operator release, rewrite or take another team's block; each must end
 * with the victim's block untouched and the hostile resource told why.
 */
@Tag("mock")
class OwnershipMockTest {

  static final String OTHER_NAMESPACE = "team-b";
  static final Duration DRIFT = Duration.ofSeconds(1);
  static final String UPDATE = "UpdateIpamPoolAllocation";

  static OperatorHarness harness;

  @BeforeAll
  static void start() {
    harness = OperatorHarness.create().configure(c -> c.withDriftInterval(DRIFT)).startOperator();
  }

  @AfterAll
  static void stop() {
    harness.close();
  }

  /** Every test lets its resources go with Orphan, so that no retry of one test calls the cloud during the next. */
  @AfterEach
  void leaveNoResourceBehind() {
    for (IpamPoolAllocation r : harness.client().resources(IpamPoolAllocation.class).inAnyNamespace().list()
        .getItems()) {
      var one = harness.client().resources(IpamPoolAllocation.class).inNamespace(r.getMetadata().getNamespace())
          .withName(r.getMetadata().getName());
      one.edit(x -> {
        x.getSpec().setDeletionPolicy(DeletionPolicy.Orphan);
        return x;
      });
      one.delete();
      Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> one.get() == null);
    }
  }

  /** A resource with a /24 of its own, Ready; returns its allocation id. */
  private static String readyBlock(String name) {
    harness.apply(AllocationBuilder.named(name).cidrMask(24).build());
    return harness.awaitReady(name).getStatus().getAllocationId();
  }

  private static SimAllocation cloud(String id) {
    return harness.simulator().state().allocation(id).orElseThrow();
  }

  private static boolean released(String id) {
    return harness.simulator().state().releases().stream().map(Release::allocationId).anyMatch(id::equals);
  }

  private static List<Event> events(String namespace, String name) {
    return harness.client().v1().events().inNamespace(namespace).list().getItems().stream()
        .filter(e -> name.equals(e.getInvolvedObject().getName())).toList();
  }

  @Test
  void deletingAResourceWhoseStatusWasForgedReleasesItsOwnBlockNotTheOneItsStatusNames() {
    String victimId = readyBlock("victim");
    String victimTag = cloud(victimId).description();
    String ownId = readyBlock("forger");

    harness.editStatus("forger", s -> {
      s.setAllocationId(victimId);
      s.setCidr(cloud(victimId).cidr());
    });
    harness.delete("forger");
    harness.awaitGone("forger");

    assertThat(released(victimId)).as("the victim's block was not released").isFalse();
    assertThat(cloud(victimId).status()).isEqualTo("Created");
    assertThat(cloud(victimId).description()).as("nor rewritten").isEqualTo(victimTag);
    assertThat(released(ownId)).as("the forger's own block, found by its tag, was").isTrue();
    assertThat(events(NAMESPACE, "forger")).anyMatch(e -> "StatusCorrected".equals(e.getReason()));
    harness.awaitCondition("victim", "Ready", "True", "Allocated");
  }

  @Test
  void aForgedStatusOnALiveResourceIsRebuiltFromTheCloudAtTheNextDriftCheck() {
    String victimId = readyBlock("victim");
    String victimTag = cloud(victimId).description();
    String ownId = readyBlock("forger");
    long updates = harness.simulator().calls().count(UPDATE);

    harness.editStatus("forger", s -> s.setAllocationId(victimId));

    harness.awaitResource("forger", r -> ownId.equals(r.getStatus().getAllocationId())
        && events(NAMESPACE, "forger").stream().anyMatch(e -> "StatusCorrected".equals(e.getReason())),
        "status rebuilt from the cloud");
    assertThat(cloud(victimId).description()).isEqualTo(victimTag);
    assertThat(harness.simulator().calls().count(UPDATE)).as("nothing written to either block").isEqualTo(updates);
  }

  @Test
  void aStatusNamingAnAllocationThatDoesNotExistIsRebuiltNotAllocatedAgain() {
    String ownId = readyBlock("misled");
    long creates = harness.simulator().calls().count("CreateIpamPoolAllocation");

    harness.editStatus("misled", s -> s.setAllocationId("ipam-alloc-doesnotexist0001"));

    harness.awaitResource("misled", r -> ownId.equals(r.getStatus().getAllocationId())
        && events(NAMESPACE, "misled").stream().anyMatch(e -> "StatusCorrected".equals(e.getReason())),
        "status rebuilt from the cloud");
    assertThat(harness.simulator().calls().count("CreateIpamPoolAllocation")).as("no second allocation")
        .isEqualTo(creates);
  }

  @Test
  void aForgedStatusWithNoOwnBlockLeftStallsTheDeletionAndReleasesNothing() {
    String victimId = readyBlock("victim");
    // a dry-run resource holds no block of its own
    harness.apply(AllocationBuilder.named("forger").cidrMask(24).dryRun().build());
    harness.awaitCondition("forger", "Ready", "True", "DryRunOperation");
    harness.editStatus("forger", s -> s.setAllocationId(victimId));

    harness.delete("forger");

    var stalled = harness.awaitCondition("forger", "Stalled", "True", "OwnedByAnother");
    assertThat(stalled.getMetadata().getFinalizers()).as("finalizer kept").contains(IpamPoolAllocation.FINALIZER);
    assertThat(harness.condition("forger", "Stalled").orElseThrow().getMessage())
        .contains(victimId).contains("default/victim").contains("--subresource=status").contains("Orphan");
    assertThat(harness.condition("forger", "Releasable").orElseThrow().getStatus()).isEqualTo("False");
    assertThat(released(victimId)).isFalse();

    harness.edit("forger", r -> r.getSpec().setDeletionPolicy(DeletionPolicy.Orphan));
    harness.awaitGone("forger");
    assertThat(released(victimId)).isFalse();
    harness.awaitCondition("victim", "Ready", "True", "Allocated");
  }

  @Test
  void takeOwnershipTrueCannotTakeABlockFromALiveOwnerInAnotherNamespace() {
    String victimId = readyBlock("victim");
    String victimTag = cloud(victimId).description();

    harness.apply(AllocationBuilder.named("taker").inNamespace(OTHER_NAMESPACE).adopt(victimId)
        .annotate(OwnershipGuard.TAKE_OWNERSHIP_ANNOTATION, "true").build());

    harness.awaitCondition(OTHER_NAMESPACE, "taker", "Stalled", "True", "OwnedByAnother");
    String owner = OwnershipTag.parse(victimTag).orElseThrow().owner();
    assertThat(Conditions.find(harness.get(OTHER_NAMESPACE, "taker").getStatus().getConditions(), "Stalled")
        .orElseThrow().getMessage()).contains("does not name the current owner")
        .contains(OwnershipGuard.TAKE_OWNERSHIP_ANNOTATION + "=" + owner);
    assertThat(cloud(victimId).description()).isEqualTo(victimTag);

    harness.client().resources(IpamPoolAllocation.class).inNamespace(OTHER_NAMESPACE).withName("taker").delete();
    Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> harness.get(OTHER_NAMESPACE, "taker") == null);
    assertThat(released(victimId)).as("deleting the refused taker released nothing").isFalse();
    harness.awaitCondition("victim", "Ready", "True", "Allocated");
  }

  @Test
  void aDeliberateTakeOverNamesTheOwnerAndEndsWithoutATagWar() throws Exception {
    String id = readyBlock("old-owner");
    String owner = OwnershipTag.parse(cloud(id).description()).orElseThrow().owner();

    harness.apply(AllocationBuilder.named("taker").inNamespace(OTHER_NAMESPACE).adopt(id)
        .annotate(OwnershipGuard.TAKE_OWNERSHIP_ANNOTATION, owner).build());
    var taker = harness.awaitCondition(OTHER_NAMESPACE, "taker", "Ready", "True", "Adopted");
    long afterClaim = harness.simulator().calls().count(UPDATE);

    harness.awaitCondition("old-owner", "Stalled", "True", "OwnedByAnother");
    assertThat(harness.events("old-owner")).anyMatch(e -> "Warning".equals(e.getType())
        && "OwnedByAnother".equals(e.getReason()));
    Thread.sleep(DRIFT.multipliedBy(10).toMillis());

    assertThat(harness.simulator().calls().count(UPDATE) - afterClaim)
        .as("tag writes in 10 drift intervals after the take-over").isLessThanOrEqualTo(1);
    assertThat(OwnershipTag.parse(cloud(id).description()).orElseThrow().uid())
        .isEqualTo(taker.getMetadata().getUid());
    assertThat(harness.condition("old-owner", "Stalled").orElseThrow().getStatus()).isEqualTo("True");
    assertThat(events(OTHER_NAMESPACE, "taker")).anyMatch(e -> "TakingOwnership".equals(e.getReason()));
  }

  @Test
  void theDriftCheckReportsAnotherOwnersTagInsteadOfRewritingIt() throws Exception {
    String id = readyBlock("owner");
    String foreign = "Team C ipam.alicloud.dev/owner=other-cluster:team-c/their-block:"
        + "11111111-2222-3333-4444-555555555555";
    harness.cloudClient().update(new UpdateAllocationRequest(null, id, null, foreign, false, null));
    long updates = harness.simulator().calls().count(UPDATE);

    harness.awaitCondition("owner", "Stalled", "True", "OwnedByAnother");
    Thread.sleep(DRIFT.multipliedBy(3).toMillis());

    assertThat(cloud(id).description()).isEqualTo(foreign);
    assertThat(harness.simulator().calls().count(UPDATE)).as("no write to a block tagged for another").isEqualTo(updates);
    assertThat(harness.condition("owner", "Stalled").orElseThrow().getMessage()).contains("team-c/their-block");
  }

  @Test
  void concurrentAdoptersSettleOnExactlyOneOwner() throws Exception {
    try (AdoptionRace race = new AdoptionRace(harness)) {
      for (int round = 0; round < 10; round++) {
        race.run(round, 2 + round % 4);
      }
    }
  }

  @Test
  void adoptionKeepsTheCloudNamingAndOrphanPutsItBack() {
    SimAllocation seeded = harness.simulator().state().seedAllocation(POOL, "10.210.0.0/24", "Custom", null, null,
        "network-team-block", "Reserved by the network team for the data centre link");
    String id = seeded.allocationId();

    harness.apply(AllocationBuilder.named("adopter").adopt(id).allocationName("renamed-by-spec").build());
    var adopted = harness.awaitCondition("adopter", "Ready", "True", "Adopted");

    assertThat(cloud(id).name()).isEqualTo("renamed-by-spec");
    assertThat(OwnershipTag.stripFrom(cloud(id).description()))
        .isEqualTo("Reserved by the network team for the data centre link");
    assertThat(adopted.getStatus().getAdoptedFrom().getName()).isEqualTo("network-team-block");
    assertThat(adopted.getStatus().getAcquiredWith()).isEqualTo("allocationId");

    harness.edit("adopter", r -> r.getSpec().setDeletionPolicy(DeletionPolicy.Orphan));
    harness.delete("adopter");
    harness.awaitGone("adopter");

    assertThat(cloud(id).name()).isEqualTo("network-team-block");
    assertThat(cloud(id).description()).isEqualTo("Reserved by the network team for the data centre link");
    assertThat(released(id)).isFalse();
  }

  @Test
  void anAdoptedAllocationThatVanishedNoLongerShowsAsHeldOrReleasable() {
    SimAllocation seeded = harness.simulator().state().seedAllocation(POOL, "10.211.0.0/24", "Custom", null);
    harness.apply(AllocationBuilder.named("adopter").adopt(seeded.allocationId()).build());
    harness.awaitCondition("adopter", "Releasable", "True", "DryRunOperation");

    harness.cloudClient().delete(seeded.allocationId(), false, null);

    var stalled = harness.awaitCondition("adopter", "Stalled", "True", "AllocationNotFound");
    assertThat(stalled.getStatus().getAllocationId()).isNull();
    assertThat(stalled.getStatus().getCidr()).isNull();
    assertThat(Conditions.find(stalled.getStatus().getConditions(), "Releasable")
        .filter(c -> "True".equals(c.getStatus()))).as("Releasable is no longer True").isEmpty();
  }
}
