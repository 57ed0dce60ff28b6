package dev.alicloud.ipam.simulator;

import java.util.List;

/**
 * Where a new allocation goes in a pool: the requested {@code Cidr} checked against the pool, or the lowest free
 * block for a {@code CidrMask}. Shared by {@code CreateIpamPoolAllocation} and
 * {@code GetIpamPoolNextAvailableCidr}. Error codes: {@code OperationDenied.PoolCidrNotProvisioned} (pool has no
 * CIDR), {@code OperationDenied.CidrMaskOutOfRange} (prefix outside the pool's [min,max] mask),
 * {@code OperationDenied.CidrNotInPool}, {@code OperationDenied.CidrOverlap}, {@code OperationDenied.NoAvailableCidr}.
 *
 * @param block the block to reserve
 * @param source the provisioned CIDR that contains it ({@code SourceCidr})
 */
record Placement(Ipv4Cidr block, Ipv4Cidr source) {

  /** Caller holds the state lock. Exactly one of {@code wanted} and {@code mask} is non-null. */
  static Placement compute(SimulatorState state, SimulatorState.PoolEntry pool, Ipv4Cidr wanted, Integer mask) {
    IpamPool p = pool.pool();
    if (pool.cidrs().isEmpty()) {
      throw ApiException.badRequest("OperationDenied.PoolCidrNotProvisioned",
          "The operation is not allowed because the IPAM pool has no provisioned CIDR block.");
    }
    int prefix = wanted != null ? wanted.prefix() : mask;
    if (prefix < p.minMask() || prefix > p.maxMask()) {
      throw ApiException.badRequest("OperationDenied.CidrMaskOutOfRange",
          "The operation is not allowed because the mask " + prefix + " is out of the allowed range ["
              + p.minMask() + ", " + p.maxMask() + "] of the IPAM pool.");
    }
    List<Ipv4Cidr> used = state.usedBlocks(p.poolId());
    if (wanted != null) {
      Ipv4Cidr source = pool.cidrs().stream().filter(r -> r.contains(wanted)).findFirst()
          .orElseThrow(() -> ApiException.badRequest("OperationDenied.CidrNotInPool",
              "The operation is not allowed because the CIDR block " + wanted
                  + " is not within a provisioned CIDR block of the IPAM pool."));
      for (Ipv4Cidr u : used) {
        if (u.overlaps(wanted)) {
          throw ApiException.badRequest("OperationDenied.CidrOverlap",
              "The operation is not allowed because the CIDR block " + wanted
                  + " overlaps the existing allocation " + u + ".");
        }
      }
      return new Placement(wanted, source);
    }
    Ipv4Cidr block = CidrAllocator.lowestFree(pool.cidrs(), prefix, used)
        .orElseThrow(() -> ApiException.badRequest("OperationDenied.NoAvailableCidr",
            "The operation is not allowed because the IPAM pool has no free CIDR block with mask " + prefix + "."));
    Ipv4Cidr source = pool.cidrs().stream().filter(r -> r.contains(block)).findFirst().orElseThrow();
    return new Placement(block, source);
  }
}
