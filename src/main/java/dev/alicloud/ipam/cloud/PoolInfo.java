package dev.alicloud.ipam.cloud;

/**
 * What ListIpamPools says about one pool: enough to refuse, before any create, a block the pool cannot give (a mask
 * outside its allocation range). Masks are null when the cloud did not report them.
 */
public record PoolInfo(String poolId, String regionId, Integer minMask, Integer maxMask) {

  /** True when the pool reports a range and {@code mask} lies outside it. */
  public boolean refusesMask(int mask) {
    return minMask != null && mask < minMask || maxMask != null && mask > maxMask;
  }

  public String describeRange() {
    return "/" + (minMask == null ? "?" : minMask) + " to /" + (maxMask == null ? "?" : maxMask);
  }
}
