package dev.alicloud.ipam.cloud;

/**
 * One allocation as the cloud reports it (Get/ListIpamPoolAllocation[s]); the operator compares it with the spec.
 * Every field may be null when the cloud leaves it out. {@code resourceType}, {@code resourceId},
 * {@code resourceOwnerId} and {@code resourceRegionId} say what holds the block: for a VPC's block in a shared pool,
 * the VPC, the account that owns it, and its region.
 */
public record Allocation(String allocationId, String ipamPoolId, String regionId, String cidr, String sourceCidr,
    String name, String description, String resourceType, String resourceId, String status, String creationTime,
    String resourceOwnerId, String resourceRegionId) {

  /** Status reported for an allocation that has been released. */
  public static final String STATUS_DELETED = "Deleted";
  /** Resource type of allocations made through CreateIpamPoolAllocation (the only kind the operator may release). */
  public static final String RESOURCE_TYPE_CUSTOM = "Custom";

  /** What holds the block, for messages: {@code VPC vpc-... of account 1234... in cn-beijing}, or just the type. */
  public String holder() {
    StringBuilder sb = new StringBuilder(resourceType == null ? "unknown holder" : resourceType);
    if (resourceId != null && !resourceId.isBlank() && !resourceId.equals(allocationId)) {
      sb.append(' ').append(resourceId);
    }
    if (resourceOwnerId != null && !resourceOwnerId.isBlank()) {
      sb.append(" of account ").append(resourceOwnerId);
    }
    if (resourceRegionId != null && !resourceRegionId.isBlank() && !resourceRegionId.equals(regionId)) {
      sb.append(" in ").append(resourceRegionId);
    }
    return sb.toString();
  }

  /** True when the cloud says the allocation is released: it counts as gone. */
  public boolean isDeleted() {
    return STATUS_DELETED.equals(status);
  }

  /** True for a custom reservation (as opposed to a VPC's or a sub-pool's allocation). */
  public boolean isCustom() {
    return RESOURCE_TYPE_CUSTOM.equals(resourceType);
  }
}
