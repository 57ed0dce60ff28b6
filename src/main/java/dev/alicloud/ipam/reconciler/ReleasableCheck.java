package dev.alicloud.ipam.reconciler;

import dev.alicloud.ipam.api.v1alpha1.DeletionPolicy;
import dev.alicloud.ipam.cloud.CloudException;
import dev.alicloud.ipam.cloud.ErrorHints;
import dev.alicloud.ipam.cloud.ErrorKind;
import dev.alicloud.ipam.cloud.VpcIpamClient;
import java.time.Duration;
import java.util.Objects;

/**
 * The Releasable condition: a dry-run release once per generation, so users learn before deleting. It spends Delete
 * quota, which real releases need more, so it runs only on a spare slot and otherwise waits for a later pass.
 */
final class ReleasableCheck extends Step {

  ReleasableCheck(Step.Collaborators c) {
    super(c);
  }

  /**
   * Dry-runs the release once per generation, so users learn before deleting whether the cloud will accept it.
   *
   * @return when to look at the resource again: the drift check's interval, or sooner when the dry run is still owed
   *     because no Delete slot was spare
   */
  Duration check(ReconcilePass pass, VpcIpamClient client) {
    if (pass.spec().effectiveDeletionPolicy() == DeletionPolicy.Orphan) {
      statusBuilder.setCondition(pass.status, ConditionTypes.RELEASABLE, true, Reasons.ORPHANED,
          "deletionPolicy is Orphan: deleting this resource leaves the allocation in the cloud", pass.generation());
      return delays.driftCheck();
    }
    boolean checked = Conditions.find(pass.status.getConditions(), ConditionTypes.RELEASABLE)
        .filter(c -> Objects.equals(c.getObservedGeneration(), pass.generation()))
        .filter(c -> !Reasons.ORPHANED.equals(c.getReason()))
        .isPresent();
    if (checked) {
      return delays.driftCheck();
    }
    try {
      if (!client.tryDryRunDelete(pass.status.getAllocationId())) {
        return delays.spareQuotaRetry();
      }
    } catch (CloudException e) {
      if (e.kind().isTransient()) {
        return delays.spareQuotaRetry();
      }
      if (e.kind() != ErrorKind.DRY_RUN_PASSED) {
        statusBuilder.setCondition(pass.status, ConditionTypes.RELEASABLE, false, Reasons.fromCode(e.code()),
            "A dry-run release answered " + e.code() + ": " + ErrorHints.hintFor(e.code()), pass.generation());
        return delays.driftCheck();
      }
    }
    statusBuilder.setCondition(pass.status, ConditionTypes.RELEASABLE, true, Reasons.DRY_RUN_OPERATION,
        "A dry-run release passed: deleting this resource will release the allocation", pass.generation());
    return delays.driftCheck();
  }
}
