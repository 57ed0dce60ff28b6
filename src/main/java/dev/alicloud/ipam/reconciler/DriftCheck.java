package dev.alicloud.ipam.reconciler;

import dev.alicloud.ipam.cloud.Allocation;
import dev.alicloud.ipam.cloud.VpcIpamClient;
import dev.alicloud.ipam.config.OperatorConfig;
import java.time.Duration;
import java.util.Optional;

/**
 * Compares an existing allocation with the cloud (through the shared per-pool List snapshot, or one Get each, as
 * configured) and repairs drift, but only on an allocation whose tag names this resource: one that carries another
 * owner's tag is reported, never written to.
 */
final class DriftCheck extends Step {

  private final AllocationAcquirer acquirer;
  private final OwnershipGuard guard;
  private final NameSync nameSync;
  private final ReleasableCheck releasable;

  DriftCheck(Step.Collaborators c, AllocationAcquirer acquirer, OwnershipGuard guard, NameSync nameSync,
      ReleasableCheck releasable) {
    super(c);
    this.acquirer = acquirer;
    this.guard = guard;
    this.nameSync = nameSync;
    this.releasable = releasable;
  }

  /** The periodic drift check and spec changes of an existing allocation. */
  Outcome observe(ReconcilePass pass, VpcIpamClient client) {
    var spec = pass.spec();
    String id = pass.status.getAllocationId();
    Optional<Allocation> seen = read(client, spec.getIpamPoolId(), id);
    if (seen.isEmpty()) {
      return lost(pass, client, id);
    }
    return compare(pass, client, seen.get());
  }

  /** Acts on the allocation the cloud holds under the status's id: only once its tag proves it this resource's. */
  private Outcome compare(ReconcilePass pass, VpcIpamClient client, Allocation found) {
    var spec = pass.spec();
    Allocation current = found;
    String id = current.allocationId();
    OwnershipGuard.Verdict verdict = guard.judge(pass, current);
    if (!verdict.proven()) {
      // the status is a cache: the allocation of this resource is the one its tag is on, wherever the status points
      Optional<Allocation> own = inventory.findOwnedBy(client, spec.getIpamPoolId(), pass.tag());
      if (own.isEmpty()) {
        return guard.notOwned(pass, current, verdict, false);
      }
      guard.statusCorrected(pass, id, own.get().allocationId(), "nothing was written to " + id);
      current = own.get();
      id = current.allocationId();
    }
    StatusBuilder.recordAllocation(pass.status, current, client.regionId());
    if (spec.isDryRunRequested()) {
      return nameSync.dryRun(pass, client, current);
    }
    Allocation synced = nameSync.apply(pass, client, current);
    inventory.remember(client, synced);
    Duration nextLook = releasable.check(pass, client);
    delays.succeeded(pass.uid());
    String reason = spec.isAdoption() ? Reasons.ADOPTED : Reasons.ALLOCATED;
    return Outcome.ready(reason, "Allocation " + id + " holds " + current.cidr() + " from pool "
        + spec.getIpamPoolId(), nextLook);
  }

  /**
   * The allocation as the cloud holds it, empty when it is gone. With {@code LIST}, from the pool's shared snapshot,
   * confirmed by one Get before it is declared gone (it may be newer than the snapshot); with {@code GET}, one Get.
   */
  private Optional<Allocation> read(VpcIpamClient client, String poolId, String id) {
    if (config.driftReads() == OperatorConfig.DriftReads.GET) {
      return confirmExists(client, id);
    }
    Optional<Allocation> seen = inventory.lookup(client, poolId, id, config.driftInterval());
    if (seen.isPresent() && !seen.get().isDeleted()) {
      return seen;
    }
    seen = confirmExists(client, id);
    seen.ifPresent(a -> inventory.remember(client, a));
    return seen;
  }

  /** The allocation vanished from the cloud behind the operator's back. */
  private Outcome lost(ReconcilePass pass, VpcIpamClient client, String lostId) {
    if (pass.spec().isAdoption()) {
      StatusBuilder.clearAllocation(pass.status);
      return Outcome.stalled(Reasons.ALLOCATION_NOT_FOUND, "The adopted allocation " + lostId + " no longer exists "
          + "in the cloud: delete this resource (nothing is left to release) or point a new resource at another "
          + "allocation", null, delays.stalled(false));
    }
    Optional<Duration> young = grace.remaining(pass.status);
    if (young.isPresent()) {
      // just created: the cloud's reads may not show it yet; neither lost nor allocated again
      return Outcome.ready(Reasons.ALLOCATED, "Allocation " + lostId + " holds " + pass.status.getCidr()
          + " from pool " + pass.spec().getIpamPoolId() + "; the cloud does not list it yet. "
          + ConsistencyGrace.explain(young.get()), young.get());
    }
    Optional<Allocation> own = inventory.findOwnedBy(client, pass.spec().getIpamPoolId(), pass.tag());
    if (own.isPresent()) {
      // the status named an allocation that is not there, but this resource's own is: the status was wrong
      guard.statusCorrected(pass, lostId, own.get().allocationId(), "nothing is allocated again");
      return compare(pass, client, own.get());
    }
    events.warning(pass.resource, Reasons.ALLOCATION_LOST, "Allocation " + lostId + " (" + pass.status.getCidr()
        + ") was released outside this operator; allocating again");
    StatusBuilder.clearAllocation(pass.status);
    return acquirer.create(pass, client, ClientTokens.recreate(pass.uid(), lostId));
  }
}
