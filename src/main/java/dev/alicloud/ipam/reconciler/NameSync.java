package dev.alicloud.ipam.reconciler;

import dev.alicloud.ipam.cloud.Allocation;
import dev.alicloud.ipam.cloud.CloudException;
import dev.alicloud.ipam.cloud.ErrorHints;
import dev.alicloud.ipam.cloud.ErrorKind;
import dev.alicloud.ipam.cloud.UpdateAllocationRequest;
import dev.alicloud.ipam.cloud.VpcIpamClient;

/** Keeps the cloud name and description (with the ownership tag) equal to what the spec asks for. */
final class NameSync extends Step {

  NameSync(Step.Collaborators c) {
    super(c);
  }

  /** Makes name and description (with the ownership tag) match the spec; returns the allocation as it now is. */
  Allocation apply(ReconcilePass pass, VpcIpamClient client, Allocation current) {
    String name = DesiredAllocation.name(pass, current.name());
    String description = DesiredAllocation.description(pass, current.description());
    if (name.equals(current.name()) && description.equals(current.description())) {
      return current;
    }
    String requestId = client.update(new UpdateAllocationRequest(pass.spec().getRegionId(), current.allocationId(),
        name, description, false, null));
    pass.status.setLastRequestId(requestId);
    events.normal(pass.resource, Reasons.UPDATING, "Set name and description of " + current.allocationId());
    return new Allocation(current.allocationId(), current.ipamPoolId(), current.regionId(), current.cidr(),
        current.sourceCidr(), name, description, current.resourceType(), current.resourceId(), current.status(),
        current.creationTime());
  }

  Outcome dryRun(ReconcilePass pass, VpcIpamClient client, Allocation current) {
    String name = DesiredAllocation.name(pass, current.name());
    String description = DesiredAllocation.description(pass, current.description());
    String message = "Dry run: allocation " + current.allocationId() + " matches the spec; nothing was changed";
    if (!name.equals(current.name()) || !description.equals(current.description())) {
      try {
        client.update(new UpdateAllocationRequest(pass.spec().getRegionId(), current.allocationId(), name,
            description, true, null));
      } catch (CloudException e) {
        if (e.kind() != ErrorKind.DRY_RUN_PASSED) {
          markDryRun(pass, false, Reasons.fromCode(e.code()), ErrorHints.hintFor(e.code()));
          throw e;
        }
      }
      message = "Dry run: the cloud accepted updating the name/description of " + current.allocationId()
          + "; nothing was changed. Set spec.dryRun: false to apply";
    }
    markDryRun(pass, true, Reasons.DRY_RUN_OPERATION, message);
    return Outcome.ready(pass.spec().isAdoption() ? Reasons.ADOPTED : Reasons.ALLOCATED, message,
        delays.driftCheck());
  }
}
