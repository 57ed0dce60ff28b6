package dev.alicloud.ipam.reconciler;

import dev.alicloud.ipam.api.v1alpha1.AdoptedFrom;
import dev.alicloud.ipam.cloud.Allocation;
import dev.alicloud.ipam.cloud.CloudException;
import dev.alicloud.ipam.cloud.ErrorHints;
import dev.alicloud.ipam.cloud.ErrorKind;
import dev.alicloud.ipam.cloud.VpcIpamClient;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Adopts an existing allocation ({@code spec.allocationId}) by claiming it with the ownership tag, settled rather than
 * raced. The API has no conditional update, so competing claimants (in this cluster or another) each write their tag
 * only onto an allocation they just read untagged (or tagged by a verifiably gone owner), wait the settle time and
 * read it again: the claim the cloud applied last is the one every claimant reads back, so exactly one finds its own
 * tag and becomes {@code Adopted}; the others find a live owner's tag and stall {@code OwnedByAnother} without
 * writing again. A claim whose write landed more than half the settle time after the read that allowed it waits
 * twice as long before it reads again.
 */
final class AllocationAdopter extends Step {

  private static final Logger log = LoggerFactory.getLogger(AllocationAdopter.class);

  private final OwnershipGuard guard;
  private final NameSync nameSync;
  private final ReleasableCheck releasable;
  private final Clock clock;
  /** By resource UID: when its tag was written, or first read back by this process; gone once settled. */
  private final Map<String, Instant> claims = new ConcurrentHashMap<>();

  AllocationAdopter(Step.Collaborators c, OwnershipGuard guard, NameSync nameSync, ReleasableCheck releasable,
      Clock clock) {
    super(c);
    this.guard = guard;
    this.nameSync = nameSync;
    this.releasable = releasable;
    this.clock = clock;
  }

  Outcome adopt(ReconcilePass pass, VpcIpamClient client) {
    var spec = pass.spec();
    Allocation found;
    try {
      found = client.get(spec.getAllocationId());
    } catch (CloudException e) {
      if (e.kind() == ErrorKind.ALLOCATION_GONE) {
        claims.remove(pass.uid());
        return notFound(pass, e);
      }
      throw e;
    }
    Instant read = clock.instant();
    Optional<Outcome> refusal = guard.refuseClaim(pass, found);
    if (refusal.isPresent()) {
      claims.remove(pass.uid());
      return refusal.get();
    }
    if (pass.status.getAdoptedFrom() == null) {
      // before the claim; or, when the tag is already this resource's, after a status write was lost: then the cloud's
      // naming without the tag is the best record left
      pass.status.setAdoptedFrom(new AdoptedFrom(found.name(), OwnershipTag.stripFrom(found.description())));
    }
    boolean mine = OwnershipTag.parse(found.description()).map(t -> t.names(pass.tag())).orElse(false);
    if (!mine) {
      return claim(pass, client, found, read);
    }
    Instant claimed = claims.computeIfAbsent(pass.uid(), uid -> read);
    Duration settle = config.adoptionSettle();
    Duration left = Duration.between(read, claimed.plus(settle));
    if (!left.isNegative() && !left.isZero()) {
      return settling(pass, found, left);
    }
    claims.remove(pass.uid());
    Allocation adopted = nameSync.apply(pass, client, found);
    inventory.remember(client, adopted);
    StatusBuilder.recordAllocation(pass.status, adopted, client.regionId());
    pass.status.setAcquiredWith(spec.acquisitionField());
    Duration nextLook = releasable.check(pass, client);
    delays.succeeded(pass.uid());
    return Outcome.ready(Reasons.ADOPTED, "Adopted allocation " + adopted.allocationId() + " (" + adopted.cidr()
        + ", " + adopted.holder() + ")", nextLook);
  }

  /** Dry-runs an adoption: the reads and ownership checks a real pass makes, without writing the tag. */
  Outcome dryRun(ReconcilePass pass, VpcIpamClient client) {
    Allocation found;
    try {
      found = client.get(pass.spec().getAllocationId());
    } catch (CloudException e) {
      if (e.kind() == ErrorKind.ALLOCATION_GONE) {
        markDryRun(pass, false, Reasons.fromCode(e.code()), ErrorHints.hintFor(e.code()));
        return notFound(pass, e);
      }
      throw e;
    }
    Optional<Outcome> refusal = guard.refuseClaim(pass, found);
    if (refusal.isPresent()) {
      markDryRun(pass, false, refusal.get().reason(), refusal.get().message());
      return refusal.get();
    }
    String message = "Dry run: allocation " + found.allocationId() + " (" + found.cidr() + ") exists and can be "
        + "adopted; nothing was changed. Set spec.dryRun: false to adopt it";
    markDryRun(pass, true, Reasons.DRY_RUN_OPERATION, message);
    delays.succeeded(pass.uid());
    return Outcome.ready(Reasons.DRY_RUN_OPERATION, message, null);
  }

  /** Forgets a resource's claim in progress (it was deleted). */
  void forget(String uid) {
    claims.remove(uid);
  }

  /**
   * Writes this resource's tag onto an allocation read untagged (or tagged by an owner it may take over), after the
   * status is written with what the allocation was called, so that letting go of it later can put that back.
   */
  private Outcome claim(ReconcilePass pass, VpcIpamClient client, Allocation found, Instant read) {
    Duration settle = config.adoptionSettle();
    Outcome claiming = settling(pass, found, settle);
    statusBuilder.apply(pass.status, claiming, pass.generation());
    pass.write();
    nameSync.apply(pass, client, found);
    Instant written = clock.instant();
    Duration took = Duration.between(read, written);
    if (took.compareTo(settle.dividedBy(2)) > 0) {
      log.warn("{}: the claim of {} was written {} ms after the read that allowed it; waiting {} before reading it "
          + "again", pass.where(), found.allocationId(), took.toMillis(), settle.multipliedBy(2));
      written = written.plus(settle);
    }
    claims.put(pass.uid(), written);
    return claiming;
  }

  private Outcome settling(ReconcilePass pass, Allocation found, Duration left) {
    return Outcome.progressing(Reasons.ADOPTING, "Claiming allocation " + found.allocationId() + " (" + found.cidr()
        + "): its ownership tag is written, then read again after " + config.adoptionSettle().toMillis()
        + " ms so that competing claims settle on one owner", null, left);
  }

  private Outcome notFound(ReconcilePass pass, CloudException e) {
    return Outcome.stalled(Reasons.ALLOCATION_NOT_FOUND, "Allocation " + pass.spec().getAllocationId()
        + " does not exist in region " + pass.spec().getRegionId() + " (" + e.code() + "): check spec.allocationId "
        + "and spec.regionId", e, delays.stalled(false));
  }
}
