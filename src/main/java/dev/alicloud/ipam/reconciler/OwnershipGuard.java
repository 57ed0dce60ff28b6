package dev.alicloud.ipam.reconciler;

import dev.alicloud.ipam.api.v1alpha1.IpamPoolAllocation;
import dev.alicloud.ipam.cloud.Allocation;
import java.util.Objects;
import java.util.Optional;

/**
 * Decides, from the cloud's ownership tag read at the moment of acting, whether a resource may write to, release or
 * claim an allocation. The status, annotations and earlier reads only say where to look: anyone with status rights
 * can write them, so they never prove ownership on their own.
 */
final class OwnershipGuard extends Step {

  /**
   * Annotation that lets a resource take over an allocation whose tag names another owner that cannot be verified as
   * gone (another cluster's, or a live one): its value must be that owner exactly, {@code <clusterId>:<ns>/<name>:<uid>}.
   */
  public static final String TAKE_OWNERSHIP_ANNOTATION = IpamPoolAllocation.GROUP + "/take-ownership";

  /** What the cloud's tag says about one allocation and one resource. */
  enum Kind {
    /** The tag names this resource. */
    MINE,
    /** No tag, and the status, the spec (when adopting) and the cloud agree on id, pool and CIDR. */
    HELD_UNTAGGED,
    /** The tag names another resource. */
    FOREIGN,
    /** No tag, and nothing but the status ties the allocation to this resource. */
    UNPROVEN
  }

  /** The verdict, with the owner the tag names (null without a tag). */
  record Verdict(Kind kind, OwnershipTag owner) {
    /** True when the resource may write to and release the allocation. */
    boolean proven() {
      return kind == Kind.MINE || kind == Kind.HELD_UNTAGGED;
    }
  }

  private final OwnerLookup owners;

  OwnershipGuard(Step.Collaborators c, OwnerLookup owners) {
    super(c);
    this.owners = owners;
  }

  /** Judges an allocation this resource's status names, as the cloud just returned it. */
  Verdict judge(ReconcilePass pass, Allocation a) {
    Optional<OwnershipTag> tag = OwnershipTag.parse(a.description());
    if (tag.isPresent()) {
      return new Verdict(tag.get().names(pass.tag()) ? Kind.MINE : Kind.FOREIGN, tag.get());
    }
    var status = pass.status;
    var spec = pass.spec();
    String pool = status.getIpamPoolId() != null ? status.getIpamPoolId() : spec.getIpamPoolId();
    boolean agrees = a.allocationId().equals(status.getAllocationId()) && Objects.equals(a.ipamPoolId(), pool)
        && a.cidr() != null && a.cidr().equals(status.getCidr())
        && (!spec.isAdoption() || a.allocationId().equals(spec.getAllocationId()));
    return new Verdict(agrees ? Kind.HELD_UNTAGGED : Kind.UNPROVEN, null);
  }

  /**
   * Refuses to claim an allocation (adoption) of another pool, or one whose tag names another owner, unless that
   * owner is verifiably gone (same cluster, its UID no longer exists in the API server) or the take-ownership
   * annotation names it exactly.
   */
  Optional<Outcome> refuseClaim(ReconcilePass pass, Allocation found) {
    if (!Objects.equals(found.ipamPoolId(), pass.spec().getIpamPoolId())) {
      return Optional.of(Outcome.stalled(Reasons.POOL_MISMATCH, "Allocation " + found.allocationId()
          + " belongs to pool " + found.ipamPoolId() + ", not " + pass.spec().getIpamPoolId()
          + ": fix spec.ipamPoolId or spec.allocationId", null, delays.stalled(false)));
    }
    Optional<OwnershipTag> tag = OwnershipTag.parse(found.description());
    if (tag.isEmpty() || tag.get().names(pass.tag())) {
      return Optional.empty();
    }
    OwnershipTag other = tag.get();
    String annotation = annotation(pass);
    if (other.owner().equals(annotation)) {
      events.warning(pass.resource, Reasons.TAKING_OWNERSHIP, "Taking over " + found.allocationId() + " from "
          + other.owner() + " as the annotation " + TAKE_OWNERSHIP_ANNOTATION + " names it");
      return Optional.empty();
    }
    if (other.clusterId().equals(config.clusterId()) && !owners.exists(pass, other)) {
      events.normal(pass.resource, Reasons.TAKING_OWNERSHIP, "Allocation " + found.allocationId() + " was owned by "
          + other.namespace() + "/" + other.name() + " (uid " + other.uid() + "), which no longer exists in this "
          + "cluster");
      return Optional.empty();
    }
    String why = annotation == null ? "" : " The annotation " + TAKE_OWNERSHIP_ANNOTATION + "=" + annotation
        + " does not name the current owner, so it was not honoured.";
    return Optional.of(Outcome.stalled(Reasons.OWNED_BY_ANOTHER, "Allocation " + found.allocationId() + " ("
        + found.cidr() + ") is owned by " + describe(other) + "; this resource will not claim it." + why
        + " Two resources must not manage one allocation: delete that resource with deletionPolicy: Orphan first. "
        + "To take it over deliberately (the owner keeps running but stalls), annotate this resource with "
        + TAKE_OWNERSHIP_ANNOTATION + "=" + other.owner(), null, delays.stalled(false)));
  }

  /**
   * The outcome when the allocation the status names is not provably this resource's and no allocation tagged for it
   * was found: nothing is written to it or released, and the Releasable condition says so.
   */
  Outcome notOwned(ReconcilePass pass, Allocation a, Verdict verdict, boolean releasing) {
    String whose = verdict.kind() == Kind.FOREIGN ? "is owned by " + describe(verdict.owner())
        : "carries no ownership tag and the status does not match it (id, pool, CIDR)";
    String reason = verdict.kind() == Kind.FOREIGN ? Reasons.OWNED_BY_ANOTHER : Reasons.OWNERSHIP_UNPROVEN;
    String message = "status.allocationId names " + a.allocationId() + " (" + a.cidr() + "), which " + whose
        + ", and no allocation tagged for this resource was found: the operator will neither "
        + (releasing ? "release" : "change") + " it nor create another. If the status was edited or restored, "
        + "remove it so that it is rebuilt from the cloud (kubectl patch ipa " + pass.resource.getMetadata().getName()
        + " --subresource=status --type=json -p '[{\"op\":\"remove\",\"path\":\"/status\"}]'); if the allocation "
        + "was taken over, " + (releasing ? "" : "delete this resource and ") + "set spec.deletionPolicy: Orphan "
        + "to let this resource go without a release";
    statusBuilder.setCondition(pass.status, ConditionTypes.RELEASABLE, false, reason,
        "Deleting this resource would release nothing: the allocation in its status is not its own",
        pass.generation());
    return Outcome.stalled(reason, message, null, delays.stalled(false));
  }

  /**
   * Records that the status named {@code namedId}, which is not this resource's (or does not exist), and that the
   * allocation its tag is on, {@code ownId}, is used instead; {@code consequence} says what that meant.
   */
  void statusCorrected(ReconcilePass pass, String namedId, String ownId, String consequence) {
    events.warning(pass.resource, Reasons.STATUS_CORRECTED, "status.allocationId named " + namedId + ", which is not "
        + "an allocation of this resource; its own, found by its ownership tag, is " + ownId + ": status rebuilt from "
        + "the cloud, " + consequence);
  }

  private static String annotation(ReconcilePass pass) {
    var annotations = pass.resource.getMetadata().getAnnotations();
    return annotations == null ? null : annotations.get(TAKE_OWNERSHIP_ANNOTATION);
  }

  private static String describe(OwnershipTag owner) {
    return "resource " + owner.namespace() + "/" + owner.name() + " (uid " + owner.uid() + ") of cluster "
        + owner.clusterId();
  }
}
