package dev.alicloud.ipam.cloud;

/**
 * One allocation as the cloud reports it (Get/ListIpamPoolAllocation[s]); the operator compares it with the spec.
 * Every field may be null when the cloud leaves it out.
 */
public record Allocation(String allocationId, String ipamPoolId, String regionId, String cidr, String sourceCidr,
    String name, String description, String resourceType, String resourceId, String status, String creationTime) {

  /** Status reported for an allocation that has been released. */
  public static final String STATUS_DELETED = "Deleted";
  /** Resource type of allocations made through CreateIpamPoolAllocation (the only kind the operator may release). */
  public static final String RESOURCE_TYPE_CUSTOM = "Custom";

  /** True when the cloud says the allocation is released: it counts as gone. */
  public boolean isDeleted() {
    return STATUS_DELETED.equals(status);
  }

  /** True for a custom reservation (as opposed to a VPC's or a sub-pool's allocation). */
  public boolean isCustom() {
    return RESOURCE_TYPE_CUSTOM.equals(resourceType);
  }
}
