package dev.alicloud.ipam.cloud;

/**
 * Input of CreateIpamPoolAllocation: reserve either an exact {@code cidr} or a block of {@code cidrMask} bits.
 * {@code regionId} may be null (the client's region is used); {@code clientToken} makes retries idempotent.
 */
public record CreateAllocationRequest(String regionId, String ipamPoolId, String cidr, Integer cidrMask,
    String name, String description, boolean dryRun, String clientToken) {

  /** The same request as a dry run (checks only, changes nothing). */
  /** The same request carrying an idempotency token. */
  public CreateAllocationRequest withClientToken(String token) {
    return new CreateAllocationRequest(regionId, ipamPoolId, cidr, cidrMask, name, description, dryRun, token);
  }

  public CreateAllocationRequest asDryRun() {
    return new CreateAllocationRequest(regionId, ipamPoolId, cidr, cidrMask, name, description, true, clientToken);
  }
}
