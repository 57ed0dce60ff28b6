package dev.alicloud.ipam.reconciler;

import dev.alicloud.ipam.cloud.Allocation;
import dev.alicloud.ipam.cloud.CloudException;
import dev.alicloud.ipam.cloud.ErrorHints;
import dev.alicloud.ipam.cloud.ErrorKind;
import dev.alicloud.ipam.cloud.VpcIpamClient;
import dev.alicloud.ipam.config.OperatorConfig;
import java.util.Optional;

/** Base of the reconciler's steps: the collaborators they share and two small helpers every step needs. */
abstract class Step {

  /** What every step works with. */
  record Collaborators(OperatorConfig config, AllocationInventory inventory, EventRecorder events,
      StatusBuilder statusBuilder, RetryDelays delays, ConsistencyGrace grace) {
  }

  protected final OperatorConfig config;
  protected final AllocationInventory inventory;
  protected final EventRecorder events;
  protected final StatusBuilder statusBuilder;
  protected final RetryDelays delays;
  protected final ConsistencyGrace grace;

  protected Step(Collaborators c) {
    this.config = c.config();
    this.inventory = c.inventory();
    this.events = c.events();
    this.statusBuilder = c.statusBuilder();
    this.delays = c.delays();
    this.grace = c.grace();
  }

  /** Reads one allocation; empty when the cloud says it (or its pool) is gone. */
  protected Optional<Allocation> confirmExists(VpcIpamClient client, String id) {
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

  /**
   * Runs a dry-run call. The cloud's DryRunOperation answer means it passed; any other error marks the DryRun
   * condition False and is rethrown, so the pass's outcome classifies it like a real call's.
   */
  protected void dryRun(ReconcilePass pass, Runnable call) {
    try {
      call.run();
    } catch (CloudException e) {
      if (e.kind() != ErrorKind.DRY_RUN_PASSED) {
        markDryRun(pass, false, Reasons.fromCode(e.code()), "The dry run answered " + e.code() + ": "
            + ErrorHints.hintFor(e.code()));
        throw e;
      }
      pass.status.setLastRequestId(e.requestId());
    }
  }

  protected void markDryRun(ReconcilePass pass, boolean passed, String reason, String message) {
    statusBuilder.setCondition(pass.status, ConditionTypes.DRY_RUN, passed, reason, message, pass.generation());
  }
}
