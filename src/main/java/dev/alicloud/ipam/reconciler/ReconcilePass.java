package dev.alicloud.ipam.reconciler;

import dev.alicloud.ipam.api.v1alpha1.IpamPoolAllocation;
import dev.alicloud.ipam.api.v1alpha1.IpamPoolAllocationSpec;
import dev.alicloud.ipam.api.v1alpha1.IpamPoolAllocationStatus;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.PrimaryUpdateAndCacheUtils;
import java.util.Objects;

/**
 * One reconcile or cleanup pass over one resource: the status as it was, the status being built, and the one way
 * to persist it (a JSON patch of the status, cached so the next pass sees its own write).
 */
final class ReconcilePass {

  final Context<IpamPoolAllocation> context;
  final IpamPoolAllocationStatus before;
  final IpamPoolAllocationStatus status;
  private final String clusterId;
  IpamPoolAllocation resource;

  ReconcilePass(IpamPoolAllocation resource, Context<IpamPoolAllocation> context, String clusterId) {
    this.resource = resource;
    this.context = context;
    this.clusterId = clusterId;
    this.before = StatusBuilder.copyOf(resource.getStatus());
    this.status = StatusBuilder.copyOf(resource.getStatus());
    if (before.getConditions().isEmpty() && before.getCreateAttempted() == null) {
      status.setCreateAttempted(false); // a new resource: nothing was sent yet, and its status will say so
    }
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

  /**
   * True when a create may have reached the cloud without its answer being recorded: the marker written just before
   * the call is still set. A status written by an operator that did not keep the marker (null, with conditions)
   * counts as true: searching costs one List, guessing wrong would leak an allocation.
   */
  boolean mayHaveCreated() {
    Boolean attempted = before.getCreateAttempted();
    return attempted != null ? attempted : !before.getConditions().isEmpty();
  }

  /**
   * True when the last pass over this generation ended Stalled on a cloud error: this one is a slow retry of a spec
   * the cloud refused.
   */
  boolean refusedBefore() {
    return before.getLastError() != null && Conditions.find(before.getConditions(), ConditionTypes.STALLED)
        .filter(c -> "True".equals(c.getStatus()) && Objects.equals(c.getObservedGeneration(), generation()))
        .isPresent();
  }

  OwnershipTag tag() {
    return new OwnershipTag(clusterId, resource.getMetadata().getNamespace(), resource.getMetadata().getName(), uid());
  }

  /** Persists the status when it differs from what the API server has. */
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
