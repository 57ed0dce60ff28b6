package dev.alicloud.ipam.cloud;

import java.util.List;

/**
 * One page of ListIpamPoolAllocations; {@code nextToken} is null on the last page. {@code totalCount} is 0 when the
 * cloud leaves it out.
 */
public record AllocationPage(List<Allocation> allocations, String nextToken, int totalCount, String requestId) {

  public AllocationPage {
    allocations = allocations == null ? List.of() : List.copyOf(allocations);
  }

  /** True when another page follows. */
  public boolean hasNext() {
    return nextToken != null && !nextToken.isEmpty();
  }
}
