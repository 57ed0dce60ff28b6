package dev.alicloud.ipam.reconciler;

import dev.alicloud.ipam.cloud.Allocation;
import dev.alicloud.ipam.cloud.UpdateAllocationRequest;
import dev.alicloud.ipam.cloud.VpcIpamClient;
import java.util.Optional;

/** Keeps the cloud name and description (with the ownership tag) equal to what the spec asks for. */
final class NameSync extends Step {

  NameSync(Step.Collaborators c) {
    super(c);
  }

  /** Makes name and description (with the ownership tag) match the spec; returns the allocation as it now is. */
  Allocation apply(ReconcilePass pass, VpcIpamClient client, Allocation current) {
    Optional<UpdateAllocationRequest> update = updateNeeded(pass, current);
    if (update.isEmpty()) {
      return current;
    }
    UpdateAllocationRequest u = update.get();
    pass.status.setLastRequestId(client.update(u));
    events.normal(pass.resource, Reasons.UPDATING, "Set name and description of " + current.allocationId());
    return new Allocation(current.allocationId(), current.ipamPoolId(), current.regionId(), current.cidr(),
        current.sourceCidr(), u.name(), u.description(), current.resourceType(), current.resourceId(),
        current.status(), current.creationTime(), current.resourceOwnerId(), current.resourceRegionId());
  }

  /** Dry-runs the update {@link #apply} would make, if any; changes nothing. */
  Outcome dryRun(ReconcilePass pass, VpcIpamClient client, Allocation current) {
    Optional<UpdateAllocationRequest> update = updateNeeded(pass, current);
    String message = "Dry run: allocation " + current.allocationId() + " matches the spec; nothing was changed";
    if (update.isPresent()) {
      dryRun(pass, () -> client.update(update.get().asDryRun()));
      message = "Dry run: the cloud accepted updating the name/description of " + current.allocationId()
          + "; nothing was changed. Set spec.dryRun: false to apply";
    }
    markDryRun(pass, true, Reasons.DRY_RUN_OPERATION, message);
    return Outcome.ready(pass.spec().isAdoption() ? Reasons.ADOPTED : Reasons.ALLOCATED, message,
        delays.driftCheck());
  }

  /** The update that would make the cloud match the spec; empty when it already does. */
  private static Optional<UpdateAllocationRequest> updateNeeded(ReconcilePass pass, Allocation current) {
    String name = DesiredAllocation.name(pass, current.name());
    String description = DesiredAllocation.description(pass, current.description());
    if (name.equals(current.name()) && description.equals(current.description())) {
      return Optional.empty();
    }
    return Optional.of(new UpdateAllocationRequest(pass.spec().getRegionId(), current.allocationId(), name,
        description, false, null));
  }
}
