package dev.alicloud.ipam.reconciler;

import dev.alicloud.ipam.api.v1alpha1.IpamPoolAllocation;
import io.javaoperatorsdk.operator.processing.event.ResourceID;

/**
 * Tells whether the resource an ownership tag names still exists in this cluster, by UID: first in the informer's
 * cache, then, when the cache does not have it, in the API server itself, since a take-over must never rest on a
 * cache that may lag behind.
 */
final class OwnerLookup {

  /** True when a resource with the tag's UID exists (being deleted counts as existing). */
  boolean exists(ReconcilePass pass, OwnershipTag owner) {
    var cache = pass.context.getPrimaryCache();
    boolean cached = owner.mayBeShortened()
        ? cache.list().anyMatch(r -> owner.uid().equalsIgnoreCase(r.getMetadata().getUid()))
        : cache.get(new ResourceID(owner.name(), owner.namespace()))
            .filter(r -> owner.uid().equalsIgnoreCase(r.getMetadata().getUid())).isPresent();
    if (cached) {
      return true;
    }
    var resources = pass.context.getClient().resources(IpamPoolAllocation.class);
    if (owner.mayBeShortened()) {
      return resources.inAnyNamespace().list().getItems().stream()
          .anyMatch(r -> owner.uid().equalsIgnoreCase(r.getMetadata().getUid()));
    }
    IpamPoolAllocation live = resources.inNamespace(owner.namespace()).withName(owner.name()).get();
    return live != null && owner.uid().equalsIgnoreCase(live.getMetadata().getUid());
  }
}
