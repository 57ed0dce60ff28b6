package dev.alicloud.ipam.simulator;

import java.util.List;

/**
 * A simulated IPAM pool as tests and the admin API see it: where it lives, which CIDRs are provisioned to it and
 * which prefix lengths it allows for allocations ({@code AllocationMinCidrMask}..{@code AllocationMaxCidrMask}).
 *
 * @param poolId the {@code IpamPoolId}
 * @param regionId the pool's region; calls about it must be made in this region
 * @param provisionedCidrs canonical IPv4 CIDRs provisioned to the pool (allocations must lie inside one of them)
 * @param minMask smallest allowed prefix length (largest block)
 * @param maxMask largest allowed prefix length (smallest block)
 */
public record IpamPool(String poolId, String regionId, List<String> provisionedCidrs, int minMask, int maxMask) {

  /** Copies the list so the record stays immutable. */
  public IpamPool {
    provisionedCidrs = List.copyOf(provisionedCidrs);
  }
}
