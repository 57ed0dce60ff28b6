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

/**
 * The finalizer's work: release, orphan, or dry-run the release and keep the finalizer. Every Delete, real or dry
 * run, follows a read of the allocation in the same pass and goes only to an allocation whose ownership tag names
 * this resource (or, untagged, that status and cloud agree on): a status pointing elsewhere is corrected from the
 * cloud by the tag, never acted on.
 */
final class AllocationReleaser extends Step {

  private final VpcIpamClientFactory clients;
  private final CredentialsResolver credentials;
  private final OwnershipGuard guard;
  private final AdoptedNaming naming;

  AllocationReleaser(Step.Collaborators c, VpcIpamClientFactory clients, CredentialsResolver credentials,
      OwnershipGuard guard, AdoptedNaming naming) {
    super(c);
    this.clients = clients;
    this.credentials = credentials;
    this.guard = guard;
    this.naming = naming;
  }

  /** Releases the allocation; null means done (the finalizer may go), otherwise the outcome to report. */
  Outcome release(ReconcilePass pass) throws CredentialsProblem {
    var spec = pass.spec();
    String described = pass.status.getAllocationId() == null ? "" : " " + pass.status.getAllocationId();
    if (spec != null && spec.effectiveDeletionPolicy() == DeletionPolicy.Orphan) {
      String restored = naming.restore(pass);
      events.normal(pass.resource, Reasons.ORPHANED, "deletionPolicy is Orphan: allocation" + described
          + " stays in the cloud" + restored);
      return null;
    }
    if (pass.status.getAllocationId() == null && spec != null && spec.isAdoption()
        && pass.status.getAdoptedFrom() != null) {
      // a claim that had not settled: withdrawn (the naming put back where the tag is this resource's), not released
      naming.restore(pass);
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
    Optional<Allocation> target = pass.status.getAllocationId() != null
        ? confirmExists(client, pass.status.getAllocationId()) : findUnrecorded(pass, client, pool);
    if (target.isPresent()) {
      OwnershipGuard.Verdict verdict = guard.judge(pass, target.get());
      if (!verdict.proven()) {
        Optional<Located> own = pass.status.getAllocationId() == null ? Optional.empty() : findOwn(pass, client, pool);
        if (own.isEmpty()) {
          return guard.notOwned(pass, target.get(), verdict, true);
        }
        guard.statusCorrected(pass, target.get().allocationId(), own.get().allocation().allocationId(),
            "released instead");
        client = own.get().client();
        target = Optional.of(own.get().allocation());
      }
    }
    if (target.isEmpty()) {
      Optional<Duration> young = grace.remaining(pass.status);
      if (young.isPresent()) {
        return Outcome.progressing(Reasons.NOT_YET_VISIBLE, "The cloud does not show allocation" + described
            + " made moments ago; the finalizer stays until it is released or proven absent. "
            + ConsistencyGrace.explain(young.get()), null, young.get());
      }
      events.normal(pass.resource, Reasons.RELEASED, "Allocation" + described + " is already gone from the cloud; "
          + "nothing is left to release");
      return null;
    }
    Allocation allocation = target.get();
    String id = allocation.allocationId();
    if (spec.isDryRunRequested()) {
      return dryRunRelease(pass, client, id);
    }
    try {
      pass.status.setLastRequestId(client.delete(id, false, ClientTokens.release(pass.uid(), id)));
    } catch (CloudException e) {
      if (e.kind() != ErrorKind.ALLOCATION_GONE && e.kind() != ErrorKind.POOL_GONE) {
        throw e;
      }
    }
    // The Delete's answer is the confirmation: the API releases synchronously, and the read came before it.
    inventory.forget(client, allocation.ipamPoolId() != null ? allocation.ipamPoolId() : pool, id);
    events.routine(pass.resource, Reasons.RELEASED, "Released allocation " + id
        + (allocation.cidr() == null ? "" : " (" + allocation.cidr() + ")"));
    return null;
  }

  /** An allocation this resource owns in the cloud but never recorded (an answer lost, or a crash). */
  private Optional<Allocation> findUnrecorded(ReconcilePass pass, VpcIpamClient client, String pool) {
    var spec = pass.spec();
    if (spec.isAdoption()) {
      return confirmExists(client, spec.getAllocationId())
          .filter(a -> OwnershipTag.parse(a.description()).map(t -> t.names(pass.tag())).orElse(false));
    }
    return inventory.findOwnedBy(client, pool, pass.tag());
  }

  /** An allocation and the client of the region it was found in. */
  private record Located(Allocation allocation, VpcIpamClient client) {
  }

  /** This resource's own allocation by its tag: where the status says, and where the spec says if elsewhere. */
  private Optional<Located> findOwn(ReconcilePass pass, VpcIpamClient recorded, String recordedPool)
      throws CredentialsProblem {
    Optional<Allocation> own = inventory.findOwnedBy(recorded, recordedPool, pass.tag());
    if (own.isPresent()) {
      return Optional.of(new Located(own.get(), recorded));
    }
    String region = pass.spec().getRegionId();
    String pool = pass.spec().getIpamPoolId();
    if (region.equals(recorded.regionId()) && pool.equals(recordedPool)) {
      return Optional.empty();
    }
    VpcIpamClient there = region.equals(recorded.regionId()) ? recorded
        : clients.forRegion(region, credentials.resolve(pass.resource));
    return inventory.findOwnedBy(there, pool, pass.tag()).map(a -> new Located(a, there));
  }

  private Outcome dryRunRelease(ReconcilePass pass, VpcIpamClient client, String id) {
    try {
      dryRun(pass, () -> client.delete(id, true, null));
    } catch (CloudException e) {
      if (e.kind() == ErrorKind.ALLOCATION_GONE || e.kind() == ErrorKind.POOL_GONE) {
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
