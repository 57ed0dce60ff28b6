package dev.alicloud.ipam.reconciler;

import io.javaoperatorsdk.operator.processing.event.ResourceID;

/**
 * Hears the state each resource settles in after a reconcile pass, and when it is gone, so the operator can report
 * how many allocations are ready, progressing, stalled or being deleted without listing the cluster.
 */
public interface AllocationStateListener {

  /** Hears nothing. */
  AllocationStateListener NONE = new AllocationStateListener() {
    @Override
    public void settled(ResourceID resource, State state) {
    }

    @Override
    public void forgotten(ResourceID resource) {
    }
  };

  /** Where a resource stands after a pass. */
  enum State { READY, PROGRESSING, STALLED, DELETING }

  void settled(ResourceID resource, State state);

  /** The resource is gone (released, orphaned or never held anything). */
  void forgotten(ResourceID resource);
}
