package dev.alicloud.ipam.reconciler;

import dev.alicloud.ipam.api.v1alpha1.DeletionPolicy;
import dev.alicloud.ipam.api.v1alpha1.IpamPoolAllocation;
import dev.alicloud.ipam.api.v1alpha1.IpamPoolAllocationSpec;
import dev.alicloud.ipam.api.v1alpha1.IpamPoolAllocationStatus;
import dev.alicloud.ipam.cloud.Allocation;
import dev.alicloud.ipam.cloud.CloudException;
import dev.alicloud.ipam.cloud.CreateAllocationRequest;
import dev.alicloud.ipam.cloud.CreatedAllocation;
import dev.alicloud.ipam.cloud.ErrorHints;
import dev.alicloud.ipam.cloud.ErrorKind;
import dev.alicloud.ipam.cloud.UpdateAllocationRequest;
import dev.alicloud.ipam.cloud.VpcIpamClient;
import dev.alicloud.ipam.cloud.VpcIpamClientFactory;
import dev.alicloud.ipam.config.OperatorConfig;
import dev.alicloud.ipam.reconciler.CredentialsResolver.CredentialsProblem;
import io.javaoperatorsdk.operator.api.reconciler.Cleaner;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.DeleteControl;
import io.javaoperatorsdk.operator.api.reconciler.PrimaryUpdateAndCacheUtils;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Drives one {@link IpamPoolAllocation} to its cloud allocation and back: create (or adopt), keep name and
 * description in sync, check for drift, and release through the finalizer. Every pass ends in one
 * {@link Outcome} from which the status, the events and the next requeue are derived.
 */
@ControllerConfiguration(name = IpamPoolAllocationReconciler.NAME)
public class IpamPoolAllocationReconciler implements Reconciler<IpamPoolAllocation>, Cleaner<IpamPoolAllocation> {

  public static final String NAME = "ipampoolallocation";
  /** Annotation that lets a resource adopt an allocation tagged as owned by another resource or cluster. */
  public static final String TAKE_OWNERSHIP_ANNOTATION = IpamPoolAllocation.GROUP + "/take-ownership";
  private static final Duration RELEASE_CONFIRM_DELAY = Duration.ofSeconds(2);
  private static final Logger log = LoggerFactory.getLogger(IpamPoolAllocationReconciler.class);

  private final OperatorConfig config;
  private final VpcIpamClientFactory clients;
  private final CredentialsResolver credentials;
  private final AllocationInventory inventory;
  private final EventRecorder events;
  private final StatusBuilder statusBuilder;
  private final RetryDelays delays;

  public IpamPoolAllocationReconciler(OperatorConfig config, VpcIpamClientFactory clients,
      CredentialsResolver credentials, EventRecorder events, Clock clock) {
    this.config = config;
    this.clients = clients;
    this.credentials = credentials;
    this.events = events;
    this.inventory = new AllocationInventory(clock);
    this.statusBuilder = new StatusBuilder(clock);
    this.delays = new RetryDelays(config);
  }

  /** One reconcile or cleanup pass: the resource, the status being built, and the way to persist it. */
  private final class Pass {
    private final Context<IpamPoolAllocation> context;
    private final IpamPoolAllocationStatus before;
    private final IpamPoolAllocationStatus status;
    private IpamPoolAllocation resource;

    Pass(IpamPoolAllocation resource, Context<IpamPoolAllocation> context) {
      this.resource = resource;
      this.context = context;
      this.before = StatusBuilder.copyOf(resource.getStatus());
      this.status = StatusBuilder.copyOf(resource.getStatus());
    }

    IpamPoolAllocationSpec spec() {
      return resource.getSpec();
    }

    Long generation() {
      return resource.getMetadata().getGeneration();
    }

    String uid() {
      return resource.getMetadata().getUid();
    }

    String where() {
      return resource.getMetadata().getNamespace() + "/" + resource.getMetadata().getName();
    }

    OwnershipTag tag() {
      return new OwnershipTag(config.clusterId(), resource.getMetadata().getNamespace(),
          resource.getMetadata().getName(), uid());
    }

    /** Persists the status when it differs from what the API server has; caches the result for the next pass. */
    void write() {
      if (status.equals(resource.getStatus())) {
        return;
      }
      IpamPoolAllocationStatus snapshot = StatusBuilder.copyOf(status);
      resource = PrimaryUpdateAndCacheUtils.patchStatusAndCacheResource(resource, context, r -> {
        r.setStatus(snapshot);
        return r;
      });
    }
  }

  @Override
  public UpdateControl<IpamPoolAllocation> reconcile(IpamPoolAllocation resource,
      Context<IpamPoolAllocation> context) {
    Pass pass = new Pass(resource, context);
    Outcome outcome;
    try {
      outcome = reconcileLive(pass);
    } catch (CloudException e) {
      outcome = failure(pass, e);
    } catch (CredentialsProblem p) {
      outcome = Outcome.stalled(p.reason(), p.getMessage(), null, delays.stalled(true));
    }
    finish(pass, outcome);
    UpdateControl<IpamPoolAllocation> control = UpdateControl.noUpdate();
    return outcome.requeueAfter() == null ? control : control.rescheduleAfter(outcome.requeueAfter());
  }

  @Override
  public DeleteControl cleanup(IpamPoolAllocation resource, Context<IpamPoolAllocation> context) {
    Pass pass = new Pass(resource, context);
    Outcome outcome;
    try {
      outcome = release(pass);
    } catch (CloudException e) {
      outcome = failure(pass, e);
    } catch (CredentialsProblem p) {
      outcome = Outcome.stalled(p.reason(), p.getMessage() + "; or set spec.deletionPolicy: Orphan to delete this "
          + "resource without releasing the allocation", null, delays.stalled(true));
    }
    if (outcome == null) {
      delays.succeeded(pass.uid());
      return DeleteControl.defaultDelete();
    }
    finish(pass, outcome);
    DeleteControl control = DeleteControl.noFinalizerRemoval();
    return outcome.requeueAfter() == null ? control : control.rescheduleAfter(outcome.requeueAfter());
  }

  // ---------------------------------------------------------------- live resources

  private Outcome reconcileLive(Pass pass) throws CredentialsProblem {
    var spec = pass.spec();
    var problems = SpecValidator.problems(spec);
    if (!problems.isEmpty()) {
      return Outcome.stalled(Reasons.INVALID_SPEC, "Nothing was sent to the cloud because the spec is invalid: "
          + String.join("; ", problems), null, null);
    }
    if (!spec.isDryRunRequested()) {
      Conditions.remove(pass.status.getConditions(), ConditionTypes.DRY_RUN);
    }
    VpcIpamClient client = clients.forRegion(spec.getRegionId(), credentials.resolve(pass.resource));
    if (pass.status.getAllocationId() == null) {
      if (spec.isDryRunRequested()) {
        return dryRunAcquire(pass, client);
      }
      return spec.isAdoption() ? adopt(pass, client) : create(pass, client, ClientTokens.create(pass.uid()));
    }
    return observe(pass, client);
  }

  private Outcome create(Pass pass, VpcIpamClient client, String clientToken) {
    var spec = pass.spec();
    Optional<Allocation> earlier = pass.before.getConditions().isEmpty() ? Optional.empty()
        : inventory.findOwnedBy(client, spec.getIpamPoolId(), pass.tag());
    Allocation allocation;
    if (earlier.isPresent()) {
      allocation = earlier.get();
      events.normal(pass.resource, Reasons.RECOVERED, "Found allocation " + allocation.allocationId()
          + " made by an earlier attempt whose answer was lost; no second allocation was made");
    } else {
      // Recorded before the call: if the answer is lost or the operator stops here, the next pass searches first.
      statusBuilder.apply(pass.status, Outcome.progressing(Reasons.ALLOCATING,
          "Allocating " + describeRequest(spec) + " from pool " + spec.getIpamPoolId(), null, null), pass.generation());
      pass.write();
      String name = desiredName(pass, null);
      String description = pass.tag().appendTo(spec.getDescription());
      CreatedAllocation created = client.create(new CreateAllocationRequest(spec.getRegionId(), spec.getIpamPoolId(),
          spec.getCidr(), spec.getCidrMask(), name, description, false, clientToken));
      pass.status.setLastRequestId(created.requestId());
      allocation = new Allocation(created.allocationId(), spec.getIpamPoolId(), spec.getRegionId(), created.cidr(),
          created.sourceCidr(), name, description, "Custom", null, "Created", null);
    }
    inventory.remember(client, allocation);
    StatusBuilder.recordAllocation(pass.status, allocation);
    checkReleasable(pass, client);
    delays.succeeded(pass.uid());
    return Outcome.ready(Reasons.ALLOCATED, "Allocation " + allocation.allocationId() + " holds " + allocation.cidr()
        + " from pool " + spec.getIpamPoolId(), delays.driftCheck());
  }

  private Outcome adopt(Pass pass, VpcIpamClient client) {
    var spec = pass.spec();
    Allocation found;
    try {
      found = client.get(spec.getAllocationId());
    } catch (CloudException e) {
      if (e.kind() == ErrorKind.ALLOCATION_GONE) {
        return notFound(pass, e);
      }
      throw e;
    }
    Optional<Outcome> refusal = refuseAdoption(pass, found);
    if (refusal.isPresent()) {
      return refusal.get();
    }
    Allocation claimed = syncNameAndDescription(pass, client, found);
    inventory.remember(client, claimed);
    StatusBuilder.recordAllocation(pass.status, claimed);
    checkReleasable(pass, client);
    delays.succeeded(pass.uid());
    return Outcome.ready(Reasons.ADOPTED, "Adopted allocation " + claimed.allocationId() + " (" + claimed.cidr()
        + ", " + claimed.resourceType() + ")", delays.driftCheck());
  }

  /** Dry-runs what the next real pass would do: a create, or the reads of an adoption. Changes nothing. */
  private Outcome dryRunAcquire(Pass pass, VpcIpamClient client) {
    var spec = pass.spec();
    String message;
    if (spec.isAdoption()) {
      Allocation found;
      try {
        found = client.get(spec.getAllocationId());
      } catch (CloudException e) {
        if (e.kind() == ErrorKind.ALLOCATION_GONE) {
          markDryRun(pass, false, Reasons.fromCode(e.code()), ErrorHints.hintFor(e.code()));
          return notFound(pass, e);
        }
        throw e;
      }
      Optional<Outcome> refusal = refuseAdoption(pass, found);
      if (refusal.isPresent()) {
        markDryRun(pass, false, refusal.get().reason(), refusal.get().message());
        return refusal.get();
      }
      message = "Dry run: allocation " + found.allocationId() + " (" + found.cidr() + ") exists and can be adopted; "
          + "nothing was changed. Set spec.dryRun: false to adopt it";
    } else {
      try {
        client.create(new CreateAllocationRequest(spec.getRegionId(), spec.getIpamPoolId(), spec.getCidr(),
            spec.getCidrMask(), desiredName(pass, null), pass.tag().appendTo(spec.getDescription()), true, null));
      } catch (CloudException e) {
        if (e.kind() != ErrorKind.DRY_RUN_PASSED) {
          markDryRun(pass, false, Reasons.fromCode(e.code()), ErrorHints.hintFor(e.code()));
          throw e;
        }
        pass.status.setLastRequestId(e.requestId());
      }
      message = "Dry run: the cloud accepted creating " + describeRequest(spec) + " in pool " + spec.getIpamPoolId()
          + "; nothing was allocated. Set spec.dryRun: false to allocate";
    }
    markDryRun(pass, true, Reasons.DRY_RUN_OPERATION, message);
    delays.succeeded(pass.uid());
    return Outcome.ready(Reasons.DRY_RUN_OPERATION, message, null);
  }

  /** The periodic drift check and spec changes of an existing allocation. */
  private Outcome observe(Pass pass, VpcIpamClient client) {
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
    StatusBuilder.recordAllocation(pass.status, current);
    if (spec.isDryRunRequested()) {
      return dryRunUpdate(pass, client, current);
    }
    Allocation synced = syncNameAndDescription(pass, client, current);
    inventory.remember(client, synced);
    checkReleasable(pass, client);
    delays.succeeded(pass.uid());
    String reason = spec.isAdoption() ? Reasons.ADOPTED : Reasons.ALLOCATED;
    return Outcome.ready(reason, "Allocation " + id + " holds " + current.cidr() + " from pool "
        + spec.getIpamPoolId(), delays.driftCheck());
  }

  private Outcome dryRunUpdate(Pass pass, VpcIpamClient client, Allocation current) {
    String name = desiredName(pass, current.name());
    String description = desiredDescription(pass, current.description());
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

  /** The allocation vanished from the cloud behind the operator's back. */
  private Outcome lost(Pass pass, VpcIpamClient client, String lostId) {
    if (pass.spec().isAdoption()) {
      return Outcome.stalled(Reasons.ALLOCATION_NOT_FOUND, "The adopted allocation " + lostId + " no longer exists "
          + "in the cloud: delete this resource (nothing is left to release) or point a new resource at another "
          + "allocation", null, delays.stalled(false));
    }
    events.warning(pass.resource, Reasons.ALLOCATION_LOST, "Allocation " + lostId + " (" + pass.status.getCidr()
        + ") was released outside this operator; allocating again");
    StatusBuilder.clearAllocation(pass.status);
    return create(pass, client, ClientTokens.recreate(pass.uid(), lostId));
  }

  /** Makes name and description (with the ownership tag) match the spec; returns the allocation as it now is. */
  private Allocation syncNameAndDescription(Pass pass, VpcIpamClient client, Allocation current) {
    String name = desiredName(pass, current.name());
    String description = desiredDescription(pass, current.description());
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

  /** Refuses an allocation of another pool, or one whose tag names another live owner. */
  private Optional<Outcome> refuseAdoption(Pass pass, Allocation found) {
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

  private boolean ownerStillExists(Pass pass, OwnershipTag owner) {
    boolean cached = pass.context.getPrimaryCache().list()
        .anyMatch(r -> owner.uid().equalsIgnoreCase(r.getMetadata().getUid()));
    if (cached) {
      return true;
    }
    var live = pass.context.getClient().resources(IpamPoolAllocation.class).inNamespace(owner.namespace())
        .withName(owner.name()).get();
    return live != null && owner.uid().equalsIgnoreCase(live.getMetadata().getUid());
  }

  /** Dry-runs the release once per generation, so users learn before deleting whether the cloud will accept it. */
  private void checkReleasable(Pass pass, VpcIpamClient client) {
    if (pass.spec().effectiveDeletionPolicy() == DeletionPolicy.Orphan) {
      statusBuilder.setCondition(pass.status, ConditionTypes.RELEASABLE, true, Reasons.ORPHANED,
          "deletionPolicy is Orphan: deleting this resource leaves the allocation in the cloud", pass.generation());
      return;
    }
    boolean checked = Conditions.find(pass.status.getConditions(), ConditionTypes.RELEASABLE)
        .filter(c -> Objects.equals(c.getObservedGeneration(), pass.generation()))
        .filter(c -> !Reasons.ORPHANED.equals(c.getReason()))
        .isPresent();
    if (checked) {
      return;
    }
    try {
      client.delete(pass.status.getAllocationId(), true, null);
    } catch (CloudException e) {
      if (e.kind().isTransient()) {
        return;
      }
      if (e.kind() != ErrorKind.DRY_RUN_PASSED) {
        statusBuilder.setCondition(pass.status, ConditionTypes.RELEASABLE, false, Reasons.fromCode(e.code()),
            "A dry-run release answered " + e.code() + ": " + ErrorHints.hintFor(e.code()), pass.generation());
        return;
      }
    }
    statusBuilder.setCondition(pass.status, ConditionTypes.RELEASABLE, true, Reasons.DRY_RUN_OPERATION,
        "A dry-run release passed: deleting this resource will release the allocation", pass.generation());
  }

  // ---------------------------------------------------------------- release

  /** Releases the allocation; null means done (the finalizer may go), otherwise the outcome to report. */
  private Outcome release(Pass pass) throws CredentialsProblem {
    var spec = pass.spec();
    String described = pass.status.getAllocationId() == null ? "" : " " + pass.status.getAllocationId();
    if (spec != null && spec.effectiveDeletionPolicy() == DeletionPolicy.Orphan) {
      events.normal(pass.resource, Reasons.ORPHANED, "deletionPolicy is Orphan: allocation" + described
          + " stays in the cloud");
      return null;
    }
    boolean attempted = !pass.before.getConditions().isEmpty();
    if (pass.status.getAllocationId() == null && (!attempted || spec == null)) {
      return null;
    }
    var problems = SpecValidator.releaseProblems(spec);
    if (!problems.isEmpty()) {
      if (pass.status.getAllocationId() == null) {
        return null; // no create can have succeeded in a region or pool that is not even well-formed
      }
      return Outcome.stalled(Reasons.INVALID_SPEC, "Cannot release while the spec is invalid (" + String.join("; ",
          problems) + "): fix it, or set spec.deletionPolicy: Orphan", null, null);
    }
    VpcIpamClient client = clients.forRegion(spec.getRegionId(), credentials.resolve(pass.resource));
    String id = pass.status.getAllocationId() != null ? pass.status.getAllocationId() : findUnrecorded(pass, client);
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
    inventory.forget(client, spec.getIpamPoolId(), id);
    events.normal(pass.resource, Reasons.RELEASED, "Released allocation " + id
        + (pass.status.getCidr() == null ? "" : " (" + pass.status.getCidr() + ")"));
    return null;
  }

  /** An allocation this resource owns in the cloud but never recorded (an answer lost, or a crash). */
  private String findUnrecorded(Pass pass, VpcIpamClient client) {
    var spec = pass.spec();
    if (spec.isAdoption()) {
      Optional<Allocation> adopted = confirmExists(client, spec.getAllocationId());
      return adopted.filter(a -> OwnershipTag.parse(a.description()).map(pass.tag()::sameOwner).orElse(false))
          .map(Allocation::allocationId).orElse(null);
    }
    return inventory.findOwnedBy(client, spec.getIpamPoolId(), pass.tag()).map(Allocation::allocationId)
        .orElse(null);
  }

  private Outcome dryRunRelease(Pass pass, VpcIpamClient client, String id) {
    try {
      client.delete(id, true, null);
    } catch (CloudException e) {
      if (e.kind() != ErrorKind.DRY_RUN_PASSED) {
        markDryRun(pass, false, Reasons.fromCode(e.code()), "A dry-run release answered " + e.code() + ": "
            + ErrorHints.hintFor(e.code()));
        throw e;
      }
      pass.status.setLastRequestId(e.requestId());
    }
    String message = "Dry-run release of " + id + " passed (DryRunOperation); the allocation still exists, so the "
        + "finalizer is kept. Set spec.dryRun: false to release it, or spec.deletionPolicy: Orphan to keep it";
    markDryRun(pass, true, Reasons.DRY_RUN_OPERATION, message);
    return Outcome.ready(Reasons.DRY_RUN_OPERATION, message, null);
  }

  // ---------------------------------------------------------------- shared steps

  /** Reads one allocation; empty when the cloud says it (or its pool) is gone. */
  private Optional<Allocation> confirmExists(VpcIpamClient client, String id) {
    try {
      Allocation a = client.get(id);
      return a.isDeleted() ? Optional.empty() : Optional.of(a);
    } catch (CloudException e) {
      if (e.kind() == ErrorKind.ALLOCATION_GONE || e.kind() == ErrorKind.POOL_GONE) {
        return Optional.empty();
      }
      throw e;
    }
  }

  private Outcome notFound(Pass pass, CloudException e) {
    return Outcome.stalled(Reasons.ALLOCATION_NOT_FOUND, "Allocation " + pass.spec().getAllocationId()
        + " does not exist in region " + pass.spec().getRegionId() + " (" + e.code() + "): check spec.allocationId "
        + "and spec.regionId", e, delays.stalled(false));
  }

  private void markDryRun(Pass pass, boolean passed, String reason, String message) {
    statusBuilder.setCondition(pass.status, ConditionTypes.DRY_RUN, passed, reason, message, pass.generation());
  }

  /** Classifies a failed call into the outcome users see. */
  private Outcome failure(Pass pass, CloudException e) {
    String summary = e.action() + " failed with " + e.code() + ": ";
    return switch (e.kind()) {
      case THROTTLED -> {
        Duration delay = delays.transientFailure(pass.uid());
        yield Outcome.progressing(Reasons.THROTTLED, summary + "the cloud API is throttling requests; retrying in "
            + delay.toSeconds() + "s", e, delay);
      }
      case UNAVAILABLE -> {
        Duration delay = delays.transientFailure(pass.uid());
        yield Outcome.progressing(Reasons.CLOUD_UNAVAILABLE, summary + "the cloud API is unavailable; retrying in "
            + delay.toSeconds() + "s", e, delay);
      }
      case UNAUTHORIZED -> Outcome.stalled(Reasons.fromCode(e.code()), summary + ErrorHints.hintFor(e.code()), e,
          delays.stalled(true));
      default -> Outcome.stalled(Reasons.fromCode(e.code()), summary + ErrorHints.hintFor(e.code()), e,
          delays.stalled(false));
    };
  }

  /** Applies the outcome, records an event when the headline state changed, and persists the status. */
  private void finish(Pass pass, Outcome outcome) {
    statusBuilder.apply(pass.status, outcome, pass.generation());
    String before = headline(pass.before);
    String after = headline(pass.status);
    if (!after.equals(before)) {
      boolean bad = outcome.state() == Outcome.State.STALLED || outcome.error() != null;
      String reason = after.substring(after.indexOf(':') + 1);
      if (bad) {
        events.warning(pass.resource, reason, outcome.message());
      } else {
        events.normal(pass.resource, reason, outcome.message());
      }
    }
    if (outcome.state() != Outcome.State.READY) {
      log.debug("{}: {} {}", pass.where(), outcome.reason(), outcome.message());
    }
    pass.write();
  }

  private static String headline(IpamPoolAllocationStatus status) {
    for (String type : new String[] {ConditionTypes.STALLED, ConditionTypes.READY, ConditionTypes.RECONCILING}) {
      var c = Conditions.find(status.getConditions(), type).filter(x -> "True".equals(x.getStatus()));
      if (c.isPresent()) {
        return type + ":" + c.get().getReason();
      }
    }
    return "None:";
  }

  private String desiredName(Pass pass, String cloudName) {
    var spec = pass.spec();
    if (spec.getAllocationName() != null) {
      return spec.getAllocationName();
    }
    if (spec.isAdoption() && cloudName != null && !cloudName.isEmpty()) {
      return cloudName;
    }
    String name = pass.resource.getMetadata().getNamespace() + "-" + pass.resource.getMetadata().getName();
    return name.length() > IpamPoolAllocationSpec.MAX_NAME_LENGTH
        ? name.substring(0, IpamPoolAllocationSpec.MAX_NAME_LENGTH) : name;
  }

  private String desiredDescription(Pass pass, String cloudDescription) {
    var spec = pass.spec();
    String text = spec.getDescription();
    if (text == null && spec.isAdoption()) {
      text = OwnershipTag.stripFrom(cloudDescription);
      if (text != null && text.length() > 256 - OwnershipTag.MAX_LENGTH) {
        text = text.substring(0, 256 - OwnershipTag.MAX_LENGTH);
      }
    }
    return pass.tag().appendTo(text);
  }

  private static String describeRequest(IpamPoolAllocationSpec spec) {
    return spec.getCidr() != null ? spec.getCidr() : "a /" + spec.getCidrMask() + " block";
  }
}
