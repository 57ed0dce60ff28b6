package dev.alicloud.ipam.reconciler;

import dev.alicloud.ipam.cloud.Allocation;
import dev.alicloud.ipam.cloud.VpcIpamClient;
import java.util.Optional;

/** Compares an existing allocation with the cloud (through the shared per-pool List snapshot) and repairs drift. */
final class DriftCheck extends Step {

  private final AllocationAcquirer acquirer;
  private final NameSync nameSync;
  private final ReleasableCheck releasable;

  DriftCheck(Step.Collaborators c, AllocationAcquirer acquirer, NameSync nameSync, ReleasableCheck releasable) {
    super(c);
    this.acquirer = acquirer;
    this.nameSync = nameSync;
    this.releasable = releasable;
  }

  /** The periodic drift check and spec changes of an existing allocation. */
  Outcome observe(ReconcilePass pass, VpcIpamClient client) {
    var spec = pass.spec();
    String id = pass.status.getAllocationId();
    Optional<Allocation> seen = inventory.lookup(client, spec.getIpamPoolId(), id, config.driftInterval());
    if (seen.isEmpty() || seen.get().isDeleted()) {
      seen = confirmExists(client, id);
      seen.ifPresent(a -> inventory.remember(client, a));
    }
    if (seen.isEmpty()) {
      return lost(pass, client, id);
    }
    Allocation current = seen.get();
    StatusBuilder.recordAllocation(pass.status, current, client.regionId());
    if (spec.isDryRunRequested()) {
      return nameSync.dryRun(pass, client, current);
    }
    Allocation synced = nameSync.apply(pass, client, current);
    inventory.remember(client, synced);
    releasable.check(pass, client);
    delays.succeeded(pass.uid());
    String reason = spec.isAdoption() ? Reasons.ADOPTED : Reasons.ALLOCATED;
    return Outcome.ready(reason, "Allocation " + id + " holds " + current.cidr() + " from pool "
        + spec.getIpamPoolId(), delays.driftCheck());
  }

  /** The allocation vanished from the cloud behind the operator's back. */
  private Outcome lost(ReconcilePass pass, VpcIpamClient client, String lostId) {
    if (pass.spec().isAdoption()) {
      return Outcome.stalled(Reasons.ALLOCATION_NOT_FOUND, "The adopted allocation " + lostId + " no longer exists "
          + "in the cloud: delete this resource (nothing is left to release) or point a new resource at another "
          + "allocation", null, delays.stalled(false));
    }
    events.warning(pass.resource, Reasons.ALLOCATION_LOST, "Allocation " + lostId + " (" + pass.status.getCidr()
        + ") was released outside this operator; allocating again");
    StatusBuilder.clearAllocation(pass.status);
    return acquirer.create(pass, client, ClientTokens.recreate(pass.uid(), lostId));
  }
}
