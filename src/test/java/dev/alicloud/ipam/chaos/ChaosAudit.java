package dev.alicloud.ipam.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import dev.alicloud.ipam.api.v1alpha1.IpamPoolAllocation;
import dev.alicloud.ipam.reconciler.OwnershipTag;
import dev.alicloud.ipam.simulator.Release;
import dev.alicloud.ipam.simulator.SimAllocation;
import dev.alicloud.ipam.simulator.VpcIpamSimulator;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The end of every chaos scenario: the cloud compared with the cluster. Every live resource that holds an allocation
 * owns exactly one in the cloud, and that one is its {@code status.allocationId}; no allocation carries the tag of a
 * resource that is gone (unless orphaned on purpose); no Delete ever released an allocation whose ownership tag named
 * another resource than the one that sent it; no resource is stuck.
 */
public final class ChaosAudit {

  private final KubernetesClient client;
  private final VpcIpamSimulator simulator;
  private final String pool;

  public ChaosAudit(KubernetesClient client, VpcIpamSimulator simulator, String pool) {
    this.client = client;
    this.simulator = simulator;
    this.pool = pool;
  }

  /** Allocations of the pool tagged by this operator, by the owning resource's UID. */
  public Map<String, List<SimAllocation>> ownedByUid() {
    Map<String, List<SimAllocation>> owned = new HashMap<>();
    for (SimAllocation a : simulator.state().allocations(pool)) {
      OwnershipTag.parse(a.description()).ifPresent(tag ->
          owned.computeIfAbsent(tag.uid(), k -> new java.util.ArrayList<>()).add(a));
    }
    return owned;
  }

  /** The resources as the API server has them. */
  public List<IpamPoolAllocation> resources() {
    return client.resources(IpamPoolAllocation.class).inAnyNamespace().list().getItems();
  }

  /**
   * Asserts the promises: one allocation per resource that holds one, none for resources that are gone (except
   * {@code orphanedOnPurpose}, by allocation id), and returns a one-line summary.
   */
  public String assertConsistent(Set<String> orphanedOnPurpose) {
    Map<String, List<SimAllocation>> owned = ownedByUid();
    List<IpamPoolAllocation> live = resources();
    Set<String> liveUids = live.stream().map(r -> r.getMetadata().getUid()).collect(Collectors.toSet());
    int holding = 0;
    for (IpamPoolAllocation r : live) {
      List<SimAllocation> mine = owned.getOrDefault(r.getMetadata().getUid(), List.of());
      assertThat(mine).as("%s owns at most one allocation: %s", r.getMetadata().getName(), mine).hasSizeLessThan(2);
      String held = r.getStatus() == null ? null : r.getStatus().getAllocationId();
      if (held != null) {
        assertThat(simulator.state().allocation(held)).as("%s's allocation exists", r.getMetadata().getName())
            .isPresent();
      }
      if (held != null && r.getSpec().getAllocationId() == null) {
        holding++;
        assertThat(mine).as("%s holds %s, which exists and is tagged as its own", r.getMetadata().getName(), held)
            .extracting(SimAllocation::allocationId).containsExactly(held);
      }
    }
    List<SimAllocation> leaked = owned.entrySet().stream()
        .filter(e -> !liveUids.contains(e.getKey()))
        .flatMap(e -> e.getValue().stream())
        .filter(a -> !orphanedOnPurpose.contains(a.allocationId()))
        .toList();
    List<SimAllocation> untagged = simulator.state().allocations(pool).stream()
        .filter(a -> OwnershipTag.parse(a.description()).isEmpty())
        .filter(a -> !orphanedOnPurpose.contains(a.allocationId()))
        .toList();
    assertThat(leaked).as("allocations whose resource is gone").isEmpty();
    int releases = assertNoForeignRelease();
    assertThat(untagged).as("allocations nobody owns that were not orphaned on purpose").isEmpty();
    return live.size() + " resources, " + holding + " holding an allocation, " + owned.size()
        + " tagged allocations, 0 leaked, 0 duplicated, " + releases + " releases all by the tagged owner";
  }

  /**
   * Asserts that every release the operator sent (its ClientToken names the sending resource's UID) went to an
   * allocation whose tag named that same resource, or no resource at all; returns how many releases were checked.
   */
  public int assertNoForeignRelease() {
    int checked = 0;
    for (Release r : simulator.state().releases()) {
      String sender = senderUid(r.clientToken());
      if (sender == null) {
        continue; // not sent by the operator (a test's own client)
      }
      checked++;
      OwnershipTag.parse(r.description()).ifPresent(tag -> assertThat(tag.uid())
          .as("release of %s sent by %s, tagged for %s", r.allocationId(), sender, tag.owner())
          .isEqualToIgnoringCase(sender));
    }
    return checked;
  }

  /** The UID in an operator release token ({@code ipa-d-<uid>-<hash>}), or null. */
  static String senderUid(String clientToken) {
    if (clientToken == null || !clientToken.startsWith("ipa-d-") || clientToken.length() < 6 + 36) {
      return null;
    }
    return clientToken.substring(6, 6 + 36);
  }

  /** Asserts that no resource is waiting in Terminating. */
  public void assertNoneTerminating() {
    assertThat(resources()).as("resources stuck in Terminating")
        .noneMatch(io.fabric8.kubernetes.api.model.HasMetadata::isMarkedForDeletion);
  }

  /** Asserts that no resource is left at all (after a scenario deleted everything). */
  public void assertNothingStuck() {
    assertThat(resources()).as("resources left (stuck in Terminating?)")
        .extracting(r -> r.getMetadata().getNamespace() + "/" + r.getMetadata().getName()).isEmpty();
  }
}
