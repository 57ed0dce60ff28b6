package dev.alicloud.ipam.reconciler;

import dev.alicloud.ipam.api.v1alpha1.DeletionPolicy;
import dev.alicloud.ipam.cloud.Allocation;
import dev.alicloud.ipam.cloud.CloudException;
import dev.alicloud.ipam.cloud.ErrorKind;
import dev.alicloud.ipam.cloud.VpcIpamClient;
import dev.alicloud.ipam.cloud.VpcIpamClientFactory;
import dev.alicloud.ipam.reconciler.CredentialsResolver.CredentialsProblem;
import java.time.Duration;
import java.util.Optional;

/** The finalizer's work: release (and confirm), orphan, or dry-run the release and keep the finalizer. */
final class AllocationReleaser extends Step {

  private static final Duration RELEASE_CONFIRM_DELAY = Duration.ofSeconds(2);

  private final VpcIpamClientFactory clients;
  private final CredentialsResolver credentials;

  AllocationReleaser(Step.Collaborators c, VpcIpamClientFactory clients, CredentialsResolver credentials) {
    super(c);
    this.clients = clients;
    this.credentials = credentials;
  }

  /** Releases the allocation; null means done (the finalizer may go), otherwise the outcome to report. */
  Outcome release(ReconcilePass pass) throws CredentialsProblem {
    var spec = pass.spec();
    String described = pass.status.getAllocationId() == null ? "" : " " + pass.status.getAllocationId();
    if (spec != null && spec.effectiveDeletionPolicy() == DeletionPolicy.Orphan) {
      events.normal(pass.resource, Reasons.ORPHANED, "deletionPolicy is Orphan: allocation" + described
          + " stays in the cloud");
      return null;
    }
    if (pass.status.getAllocationId() == null && (!pass.mayHaveCreated() || spec == null)) {
      return null;
    }
    // Where the allocation lives (or a create went), as recorded; the spec only for statuses of older versions.
    boolean located = pass.status.getRegionId() != null && pass.status.getIpamPoolId() != null;
    String region = located ? pass.status.getRegionId() : spec.getRegionId();
    String pool = located ? pass.status.getIpamPoolId() : spec.getIpamPoolId();
    var problems = SpecValidator.releaseProblems(spec, located);
    if (!problems.isEmpty()) {
      if (pass.status.getAllocationId() == null && !located) {
        return null; // no create can have succeeded in a region or pool that is not even well-formed
      }
      return Outcome.stalled(Reasons.INVALID_SPEC, "Cannot release while the spec is invalid (" + String.join("; ",
          problems) + "): fix it, or set spec.deletionPolicy: Orphan", null, null);
    }
    VpcIpamClient client = clients.forRegion(region, credentials.resolve(pass.resource));
    String id = pass.status.getAllocationId() != null ? pass.status.getAllocationId()
        : findUnrecorded(pass, client, pool);
    if (id == null) {
      return null;
    }
    if (spec.isDryRunRequested()) {
      return dryRunRelease(pass, client, id);
    }
    try {
      pass.status.setLastRequestId(client.delete(id, false, ClientTokens.release(id)));
    } catch (CloudException e) {
      if (e.kind() != ErrorKind.ALLOCATION_GONE && e.kind() != ErrorKind.POOL_GONE) {
        throw e;
      }
    }
    if (confirmExists(client, id).isPresent()) {
      return Outcome.progressing(Reasons.RELEASING, "Release of " + id + " was accepted; waiting for the cloud to "
          + "confirm it is gone", null, RELEASE_CONFIRM_DELAY);
    }
    inventory.forget(client, pool, id);
    events.routine(pass.resource, Reasons.RELEASED, "Released allocation " + id
        + (pass.status.getCidr() == null ? "" : " (" + pass.status.getCidr() + ")"));
    return null;
  }

  /** An allocation this resource owns in the cloud but never recorded (an answer lost, or a crash). */
  private String findUnrecorded(ReconcilePass pass, VpcIpamClient client, String pool) {
    var spec = pass.spec();
    if (spec.isAdoption()) {
      Optional<Allocation> adopted = confirmExists(client, spec.getAllocationId());
      return adopted.filter(a -> OwnershipTag.parse(a.description()).map(pass.tag()::sameOwner).orElse(false))
          .map(Allocation::allocationId).orElse(null);
    }
    return inventory.findOwnedBy(client, pool, pass.tag()).map(Allocation::allocationId)
        .orElse(null);
  }

  private Outcome dryRunRelease(ReconcilePass pass, VpcIpamClient client, String id) {
    try {
      dryRun(pass, () -> client.delete(id, true, null));
    } catch (CloudException e) {
      if ((e.kind() == ErrorKind.ALLOCATION_GONE || e.kind() == ErrorKind.POOL_GONE)
          && confirmExists(client, id).isEmpty()) {
        events.normal(pass.resource, Reasons.RELEASED, "Allocation " + id + " is already gone from the cloud; "
            + "nothing is left to release");
        return null;
      }
      throw e;
    }
    String message = "Dry-run release of " + id + " passed (DryRunOperation); the allocation still exists, so the "
        + "finalizer is kept. Set spec.dryRun: false to release it, or spec.deletionPolicy: Orphan to keep it";
    markDryRun(pass, true, Reasons.DRY_RUN_OPERATION, message);
    return Outcome.ready(Reasons.DRY_RUN_OPERATION, message, null);
  }
}
