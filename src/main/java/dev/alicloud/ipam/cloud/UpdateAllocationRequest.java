package dev.alicloud.ipam.cloud;

/**
 * Input of UpdateIpamPoolAllocation: only the name and the description of an allocation can change; null leaves a
 * field untouched. {@code regionId} may be null (the client's region is used).
 */
public record UpdateAllocationRequest(String regionId, String allocationId, String name, String description,
    boolean dryRun, String clientToken) {

  /** The same request as a dry run (checks only, changes nothing). */
  public UpdateAllocationRequest asDryRun() {
    return new UpdateAllocationRequest(regionId, allocationId, name, description, true, clientToken);
  }
}
