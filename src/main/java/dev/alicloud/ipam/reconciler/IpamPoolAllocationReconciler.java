package dev.alicloud.ipam.reconciler;

import dev.alicloud.ipam.api.v1alpha1.IpamPoolAllocation;
import dev.alicloud.ipam.api.v1alpha1.IpamPoolAllocationStatus;
import dev.alicloud.ipam.cloud.CloudException;
import dev.alicloud.ipam.cloud.ErrorHints;
import dev.alicloud.ipam.cloud.VpcIpamClient;
import dev.alicloud.ipam.cloud.VpcIpamClientFactory;
import dev.alicloud.ipam.config.OperatorConfig;
import dev.alicloud.ipam.reconciler.CredentialsResolver.CredentialsProblem;
import io.javaoperatorsdk.operator.api.reconciler.Cleaner;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.DeleteControl;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import java.time.Clock;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Drives one {@link IpamPoolAllocation} to its cloud allocation and back. It validates, picks the identity, hands the
 * work to a step (acquire, drift check, release), and turns the step's {@link Outcome} into the status, the events
 * and the next requeue, so the three never disagree.
 */
@ControllerConfiguration(name = IpamPoolAllocationReconciler.NAME)
public class IpamPoolAllocationReconciler implements Reconciler<IpamPoolAllocation>, Cleaner<IpamPoolAllocation> {

  public static final String NAME = "ipampoolallocation";
  private static final Logger log = LoggerFactory.getLogger(IpamPoolAllocationReconciler.class);

  private final String clusterId;
  private final VpcIpamClientFactory clients;
  private final CredentialsResolver credentials;
  private final StatusBuilder statusBuilder;
  private final RetryDelays delays;
  private final EventRecorder events;
  private final AllocationAcquirer acquirer;
  private final AllocationAdopter adopter;
  private final DriftCheck driftCheck;
  private final AllocationReleaser releaser;
  private final AllocationStateListener states;

  public IpamPoolAllocationReconciler(OperatorConfig config, VpcIpamClientFactory clients,
      CredentialsResolver credentials, EventRecorder events, Clock clock) {
    this(config, clients, credentials, events, clock, AllocationStateListener.NONE);
  }

  public IpamPoolAllocationReconciler(OperatorConfig config, VpcIpamClientFactory clients,
      CredentialsResolver credentials, EventRecorder events, Clock clock, AllocationStateListener states) {
    this.clusterId = config.clusterId();
    this.states = states;
    this.clients = clients;
    this.credentials = credentials;
    this.events = events;
    this.statusBuilder = new StatusBuilder(clock);
    this.delays = new RetryDelays(config);
    var shared = new Step.Collaborators(config, new AllocationInventory(clock), events, statusBuilder, delays,
        new ConsistencyGrace(config.consistencyGrace(), clock));
    var nameSync = new NameSync(shared);
    var releasable = new ReleasableCheck(shared);
    var guard = new OwnershipGuard(shared, new OwnerLookup());
    this.acquirer = new AllocationAcquirer(shared, releasable, new PoolPreflight(clock));
    this.adopter = new AllocationAdopter(shared, guard, nameSync, releasable, clock);
    this.driftCheck = new DriftCheck(shared, acquirer, guard, nameSync, releasable);
    this.releaser = new AllocationReleaser(shared, clients, credentials, guard,
        new AdoptedNaming(shared, clients, credentials, guard));
  }

  @Override
  public UpdateControl<IpamPoolAllocation> reconcile(IpamPoolAllocation resource,
      Context<IpamPoolAllocation> context) {
    ReconcilePass pass = new ReconcilePass(resource, context, clusterId);
    Outcome outcome;
    try {
      outcome = reconcileLive(pass);
    } catch (CloudException e) {
      outcome = failure(pass, e);
    } catch (CredentialsProblem p) {
      outcome = Outcome.stalled(p.reason(), p.getMessage(), null, delays.stalled(true));
    }
    finish(pass, outcome);
    credentials.afterReconcile(pass.resource, context);
    UpdateControl<IpamPoolAllocation> control = UpdateControl.noUpdate();
    return outcome.requeueAfter() == null ? control : control.rescheduleAfter(outcome.requeueAfter());
  }

  @Override
  public DeleteControl cleanup(IpamPoolAllocation resource, Context<IpamPoolAllocation> context) {
    ReconcilePass pass = new ReconcilePass(resource, context, clusterId);
    Outcome outcome;
    try {
      outcome = releaser.release(pass);
    } catch (CloudException e) {
      outcome = failure(pass, e);
    } catch (CredentialsProblem p) {
      outcome = Outcome.stalled(p.reason(), p.getMessage() + "; or set spec.deletionPolicy: Orphan to delete this "
          + "resource without releasing the allocation", null, delays.stalled(true));
    }
    if (outcome == null) {
      credentials.afterRelease(resource, context);
      delays.succeeded(pass.uid());
      adopter.forget(pass.uid());
      states.forgotten(ResourceID.fromResource(resource));
      return DeleteControl.defaultDelete();
    }
    finish(pass, outcome);
    DeleteControl control = DeleteControl.noFinalizerRemoval();
    return outcome.requeueAfter() == null ? control : control.rescheduleAfter(outcome.requeueAfter());
  }

  private Outcome reconcileLive(ReconcilePass pass) throws CredentialsProblem {
    var spec = pass.spec();
    var problems = SpecValidator.problems(spec);
    if (problems.isEmpty()) {
      if (createWentElsewhere(pass)) {
        acquirer.findMovedCreate(pass, clients.forRegion(pass.status.getRegionId(), credentials.resolve(pass.resource)));
      }
      problems = ImmutableFields.problems(spec, pass.status);
    }
    if (!problems.isEmpty()) {
      return Outcome.stalled(Reasons.INVALID_SPEC, "Nothing was sent to the cloud because the spec is invalid: "
          + String.join("; ", problems), null, null);
    }
    if (!spec.isDryRunRequested()) {
      Conditions.remove(pass.status.getConditions(), ConditionTypes.DRY_RUN);
    }
    VpcIpamClient client = clients.forRegion(spec.getRegionId(), credentials.resolve(pass.resource));
    if (pass.status.getAllocationId() == null) {
      if (spec.isAdoption()) {
        return spec.isDryRunRequested() ? adopter.dryRun(pass, client) : adopter.adopt(pass, client);
      }
      return spec.isDryRunRequested() ? acquirer.dryRun(pass, client) : acquirer.create(pass, client, null);
    }
    return driftCheck.observe(pass, client);
  }

  /** A create may have reached the cloud unrecorded, in a region or pool the spec no longer names. */
  private static boolean createWentElsewhere(ReconcilePass pass) {
    var status = pass.status;
    return status.getAllocationId() == null && pass.mayHaveCreated() && status.getRegionId() != null
        && status.getIpamPoolId() != null && (!status.getRegionId().equals(pass.spec().getRegionId())
        || !status.getIpamPoolId().equals(pass.spec().getIpamPoolId()));
  }

  /** Classifies a failed call into the outcome users see. */
  private Outcome failure(ReconcilePass pass, CloudException e) {
    String summary = e.action() + " failed with " + e.code() + ": ";
    return switch (e.kind()) {
      case THROTTLED -> {
        Duration delay = delays.transientFailure(pass.uid());
        yield Outcome.progressing(Reasons.THROTTLED, summary + "the cloud API is throttling requests; retrying in "
            + seconds(delay), e, delay);
      }
      case UNAVAILABLE -> {
        Duration delay = delays.transientFailure(pass.uid());
        yield Outcome.progressing(Reasons.CLOUD_UNAVAILABLE, summary + "the cloud API is unavailable; retrying in "
            + seconds(delay), e, delay);
      }
      case UNAUTHORIZED -> Outcome.stalled(Reasons.fromCode(e.code()), summary + ErrorHints.hintFor(e.code()), e,
          delays.stalled(true));
      default -> Outcome.stalled(Reasons.fromCode(e.code()), summary + ErrorHints.hintFor(e.code()), e,
          delays.stalled(false));
    };
  }

  /** "0.4s", "12s": a delay under a second is not "0s". */
  private static String seconds(Duration delay) {
    return delay.toMillis() < 10_000 ? String.format(java.util.Locale.ROOT, "%.1fs", delay.toMillis() / 1000.0)
        : delay.toSeconds() + "s";
  }

  /** Applies the outcome, records an event when the headline state changed, and persists the status. */
  private void finish(ReconcilePass pass, Outcome outcome) {
    statusBuilder.apply(pass.status, outcome, pass.generation());
    String before = headline(pass.before);
    String after = headline(pass.status);
    if (!after.equals(before)) {
      boolean bad = outcome.state() == Outcome.State.STALLED || outcome.error() != null;
      String reason = after.substring(after.indexOf(':') + 1);
      if (bad) {
        events.warning(pass.resource, reason, outcome.message());
      } else {
        events.routine(pass.resource, reason, outcome.message());
      }
    }
    if (outcome.state() != Outcome.State.READY) {
      log.debug("{}: {} {}", pass.where(), outcome.reason(), outcome.message());
    }
    pass.write();
    states.settled(ResourceID.fromResource(pass.resource), pass.resource.isMarkedForDeletion()
        ? AllocationStateListener.State.DELETING : AllocationStateListener.State.valueOf(outcome.state().name()));
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
}
