package dev.alicloud.ipam.reconciler;

import dev.alicloud.ipam.cloud.Allocation;
import dev.alicloud.ipam.cloud.CloudException;
import dev.alicloud.ipam.cloud.CreateAllocationRequest;
import dev.alicloud.ipam.cloud.CreatedAllocation;
import dev.alicloud.ipam.cloud.ErrorHints;
import dev.alicloud.ipam.cloud.ErrorKind;
import dev.alicloud.ipam.cloud.VpcIpamClient;
import java.time.Duration;
import java.util.Optional;

/** Gets the resource a new allocation: creates one (never twice, whatever was lost), or dry-runs the create. */
final class AllocationAcquirer extends Step {

  private final ReleasableCheck releasable;
  private final PoolPreflight preflight;

  AllocationAcquirer(Step.Collaborators c, ReleasableCheck releasable, PoolPreflight preflight) {
    super(c);
    this.preflight = preflight;
    this.releasable = releasable;
  }

  Outcome create(ReconcilePass pass, VpcIpamClient client, String recreateToken) {
    var spec = pass.spec();
    Optional<Allocation> earlier = !pass.mayHaveCreated() ? Optional.empty()
        : inventory.findOwnedBy(client, spec.getIpamPoolId(), pass.tag());
    Allocation allocation;
    if (earlier.isPresent()) {
      allocation = earlier.get();
      events.normal(pass.resource, Reasons.RECOVERED, "Found allocation " + allocation.allocationId()
          + " made by an earlier attempt whose answer was lost; no second allocation was made");
    } else {
      Optional<PoolPreflight.Refusal> refusal = preflight.check(spec, client);
      if (refusal.isPresent()) {
        return Outcome.stalled(refusal.get().reason(), refusal.get().message(), null, delays.stalled(false));
      }
      var request = DesiredAllocation.createRequest(pass);
      if (pass.refusedBefore()) {
        // A retry of a stalled create: ask the cloud with a dry run first, so a refusal costs no real create.
        dryRunCreate(client, request);
      }
      // Recorded before the call: if the answer is lost or the operator stops here, the next pass searches first.
      statusBuilder.apply(pass.status, Outcome.progressing(Reasons.ALLOCATING, "Allocating "
          + DesiredAllocation.describeRequest(spec) + " from pool " + spec.getIpamPoolId(), null, null),
          pass.generation());
      statusBuilder.recordCreateAttempt(pass.status, client.regionId(), spec.getIpamPoolId());
      pass.write();
      String token = recreateToken != null ? recreateToken : ClientTokens.create(pass.uid(), request);
      CreatedAllocation created;
      try {
        created = client.create(request.withClientToken(token));
      } catch (CloudException e) {
        if (e.httpStatus() >= 400 && e.httpStatus() < 500) {
          StatusBuilder.recordCreateRefused(pass.status); // refused with an answer: nothing was created
        }
        if (e.kind() == ErrorKind.TERMINAL) {
          preflight.forget(client, spec.getIpamPoolId()); // what was read of the pool did not foresee it
        }
        throw e;
      }
      pass.status.setLastRequestId(created.requestId());
      allocation = new Allocation(created.allocationId(), spec.getIpamPoolId(), spec.getRegionId(), created.cidr(),
          created.sourceCidr(), request.name(), request.description(), "Custom", null, "Created", null, null, null);
    }
    inventory.remember(client, allocation);
    StatusBuilder.recordAllocation(pass.status, allocation, client.regionId());
    pass.status.setAcquiredWith(spec.acquisitionField());
    pass.status.setCreateAttempted(false);
    Duration nextLook = releasable.check(pass, client);
    delays.succeeded(pass.uid());
    return Outcome.ready(Reasons.ALLOCATED, "Allocation " + allocation.allocationId() + " holds " + allocation.cidr()
        + " from pool " + spec.getIpamPoolId(), nextLook);
  }

  /**
   * A create whose answer was not recorded went to a region or pool the spec no longer names (changed past
   * admission). Look for it there first: found, the resource owns it (and the immutable-field check then asks to set
   * the spec back); not found, nothing was made and the next create goes where the spec says.
   */
  void findMovedCreate(ReconcilePass pass, VpcIpamClient there) {
    Optional<Allocation> earlier = inventory.findOwnedBy(there, pass.status.getIpamPoolId(), pass.tag());
    if (earlier.isEmpty()) {
      StatusBuilder.recordCreateRefused(pass.status);
      return;
    }
    events.normal(pass.resource, Reasons.RECOVERED, "Found allocation " + earlier.get().allocationId() + " made in "
        + there.regionId() + " by an earlier attempt whose answer was lost");
    inventory.remember(there, earlier.get());
    StatusBuilder.recordAllocation(pass.status, earlier.get(), there.regionId());
    pass.status.setAcquiredWith(pass.spec().acquisitionField());
    pass.status.setCreateAttempted(false);
  }

  private static void dryRunCreate(VpcIpamClient client, CreateAllocationRequest request) {
    try {
      client.create(request.asDryRun());
    } catch (CloudException e) {
      if (e.kind() != ErrorKind.DRY_RUN_PASSED) {
        throw e;
      }
    }
  }

  /** Dry-runs the create the next real pass would make. Changes nothing. */
  Outcome dryRun(ReconcilePass pass, VpcIpamClient client) {
    var spec = pass.spec();
    dryRun(pass, () -> client.create(DesiredAllocation.createRequest(pass).asDryRun()));
    String message = "Dry run: the cloud accepted creating " + DesiredAllocation.describeRequest(spec) + " in pool "
        + spec.getIpamPoolId() + "; nothing was allocated. Set spec.dryRun: false to allocate";
    markDryRun(pass, true, Reasons.DRY_RUN_OPERATION, message);
    delays.succeeded(pass.uid());
    return Outcome.ready(Reasons.DRY_RUN_OPERATION, message, null);
  }
}
