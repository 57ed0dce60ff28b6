package dev.alicloud.ipam.reconciler;

import dev.alicloud.ipam.api.v1alpha1.IpamPoolAllocation;
import dev.alicloud.ipam.cloud.Allocation;
import java.util.Objects;
import java.util.Optional;

/** Decides whether an existing allocation may be adopted: same pool, and no other live owner in its tag. */
final class OwnershipGuard extends Step {

  /** Annotation that lets a resource adopt an allocation tagged as owned by another resource or cluster. */
  public static final String TAKE_OWNERSHIP_ANNOTATION = IpamPoolAllocation.GROUP + "/take-ownership";

  OwnershipGuard(Step.Collaborators c) {
    super(c);
  }

  /** Refuses an allocation of another pool, or one whose tag names another live owner. */
  Optional<Outcome> refuseAdoption(ReconcilePass pass, Allocation found) {
    if (!Objects.equals(found.ipamPoolId(), pass.spec().getIpamPoolId())) {
      return Optional.of(Outcome.stalled(Reasons.POOL_MISMATCH, "Allocation " + found.allocationId()
          + " belongs to pool " + found.ipamPoolId() + ", not " + pass.spec().getIpamPoolId()
          + ": fix spec.ipamPoolId or spec.allocationId", null, delays.stalled(false)));
    }
    Optional<OwnershipTag> owner = OwnershipTag.parse(found.description());
    if (owner.isEmpty() || owner.get().sameOwner(pass.tag())) {
      return Optional.empty();
    }
    OwnershipTag other = owner.get();
    var annotations = pass.resource.getMetadata().getAnnotations();
    if (annotations != null && "true".equals(annotations.get(TAKE_OWNERSHIP_ANNOTATION))) {
      events.warning(pass.resource, Reasons.ADOPTED, "Taking over " + found.allocationId() + " from cluster "
          + other.clusterId() + " resource " + other.namespace() + "/" + other.name() + " as annotated");
      return Optional.empty();
    }
    if (other.clusterId().equals(config.clusterId()) && !ownerStillExists(pass, other)) {
      events.normal(pass.resource, Reasons.ADOPTED, "Allocation " + found.allocationId() + " was owned by "
          + other.namespace() + "/" + other.name() + ", which no longer exists in this cluster");
      return Optional.empty();
    }
    return Optional.of(Outcome.stalled(Reasons.OWNED_BY_ANOTHER, "Allocation " + found.allocationId()
        + " is owned by resource " + other.namespace() + "/" + other.name() + " (uid " + other.uid() + ") of cluster "
        + other.clusterId() + ". Two resources must not manage one allocation: delete that resource with "
        + "deletionPolicy: Orphan first, or, if it no longer exists, annotate this resource with "
        + TAKE_OWNERSHIP_ANNOTATION + "=true", null, delays.stalled(false)));
  }

  private boolean ownerStillExists(ReconcilePass pass, OwnershipTag owner) {
    boolean cached = pass.context.getPrimaryCache().list()
        .anyMatch(r -> owner.uid().equalsIgnoreCase(r.getMetadata().getUid()));
    if (cached) {
      return true;
    }
    var live = pass.context.getClient().resources(IpamPoolAllocation.class).inNamespace(owner.namespace())
        .withName(owner.name()).get();
    return live != null && owner.uid().equalsIgnoreCase(live.getMetadata().getUid());
  }
}
