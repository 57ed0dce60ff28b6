package dev.alicloud.ipam.api.v1alpha1;

/** What happens to the cloud allocation when its custom resource is deleted. */
public enum DeletionPolicy {
  /** Release the allocation through DeleteIpamPoolAllocation before the resource disappears. */
  Delete,
  /** Leave the allocation in the cloud; only the Kubernetes object goes. */
  Orphan
}
