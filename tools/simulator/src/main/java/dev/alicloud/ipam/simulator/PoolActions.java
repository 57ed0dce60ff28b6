package dev.alicloud.ipam.simulator;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The pool reads the operator may use around allocations: {@code ListIpamPools} (pools of the region, paged),
 * {@code ListIpamPoolCidrs} (provisioned CIDRs of a pool, paged) and {@code GetIpamPoolNextAvailableCidr} (a preview
 * of mask-based placement, no reservation). Minimal field sets.
 */
final class PoolActions {

  private final SimulatorState state;
  private final AllocationActions allocations;

  PoolActions(SimulatorState state, AllocationActions allocations) {
    this.state = state;
    this.allocations = allocations;
  }

  Map<String, Object> listPools(RequestParams p, AccessKey key) {
    String region = p.required("RegionId");
    List<String> ids = p.list("IpamPoolIds", 100);
    int pageSize = pageSize(p);
    String scope = "pools|" + region + "|" + ids;
    String after = p.optional("NextToken") == null ? null : PageToken.decode(p.optional("NextToken"), scope);
    List<SimulatorState.PoolEntry> matching = new ArrayList<>();
    synchronized (state.lock()) {
      for (SimulatorState.PoolEntry e : state.poolEntries()) {
        if (e.pool().regionId().equals(region) && (ids.isEmpty() || ids.contains(e.pool().poolId()))
            && !key.deniedOn(e.pool().poolId())) {
          matching.add(e);
        }
      }
    }
    matching.sort(Comparator.comparing(e -> e.pool().poolId()));
    List<Map<String, Object>> page = new ArrayList<>();
    boolean more = false;
    String last = null;
    for (SimulatorState.PoolEntry e : matching) {
      IpamPool pool = e.pool();
      if (after != null && pool.poolId().compareTo(after) <= 0) {
        continue;
      }
      if (page.size() == pageSize) {
        more = true;
        break;
      }
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("IpamPoolId", pool.poolId());
      m.put("IpamPoolName", "");
      m.put("RegionId", pool.regionId());
      m.put("PoolRegionId", pool.regionId());
      m.put("IpVersion", "IPv4");
      m.put("AllocationMinCidrMask", pool.minMask());
      m.put("AllocationMaxCidrMask", pool.maxMask());
      m.put("Cidrs", pool.provisionedCidrs());
      m.put("Status", "Created");
      page.add(m);
      last = pool.poolId();
    }
    return pageAnswer("IpamPools", page, matching.size(), pageSize, more ? PageToken.encode(scope, last) : "");
  }

  Map<String, Object> listPoolCidrs(RequestParams p, AccessKey key) {
    String region = p.required("RegionId");
    String poolId = p.required("IpamPoolId");
    String cidr = p.optional("Cidr");
    int pageSize = pageSize(p);
    String scope = "cidrs|" + poolId + "|" + cidr;
    String token = p.optional("NextToken");
    int after = 0;
    if (token != null) {
      try {
        after = Integer.parseInt(PageToken.decode(token, scope));
      } catch (NumberFormatException e) {
        throw PageToken.invalid();
      }
    }
    List<String> matching = new ArrayList<>();
    synchronized (state.lock()) {
      SimulatorState.PoolEntry pool = allocations.livePool(poolId, region, key);
      for (Ipv4Cidr c : pool.cidrs()) {
        if (cidr == null || cidr.equals(c.toString())) {
          matching.add(c.toString());
        }
      }
    }
    List<Map<String, Object>> page = new ArrayList<>();
    for (int i = after; i < matching.size() && page.size() < pageSize; i++) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("IpamPoolId", poolId);
      m.put("Cidr", matching.get(i));
      m.put("Status", "Created");
      page.add(m);
    }
    int end = after + page.size();
    String next = end < matching.size() ? PageToken.encode(scope, Integer.toString(end)) : "";
    return pageAnswer("IpamPoolCidrs", page, matching.size(), pageSize, next);
  }

  Map<String, Object> nextAvailableCidr(RequestParams p, AccessKey key) {
    String region = p.required("RegionId");
    String poolId = p.required("IpamPoolId");
    String cidrText = p.optional("CidrBlock");
    Integer mask = p.integer("CidrMask", 0, 32);
    if ((cidrText == null) == (mask == null)) {
      throw ApiException.badRequest("InvalidParameter.CidrBlockOrCidrMask",
          "Exactly one of CidrBlock and CidrMask must be specified.");
    }
    Ipv4Cidr wanted = cidrText == null ? null : FieldRules.parseCidr(cidrText);
    p.clientToken();
    synchronized (state.lock()) {
      SimulatorState.PoolEntry pool = allocations.livePool(poolId, region, key);
      Placement placement = Placement.compute(state, pool, wanted, mask);
      Map<String, Object> answer = new LinkedHashMap<>();
      answer.put("IpamPoolId", poolId);
      answer.put("CidrBlock", placement.block().toString());
      return answer;
    }
  }

  private static int pageSize(RequestParams p) {
    Integer maxResults = p.integer("MaxResults", 1, 100);
    return maxResults == null ? 10 : maxResults;
  }

  private static Map<String, Object> pageAnswer(String listName, List<Map<String, Object>> page, int total,
      int pageSize, String nextToken) {
    Map<String, Object> answer = new LinkedHashMap<>();
    answer.put("Count", page.size());
    answer.put("TotalCount", total);
    answer.put("MaxResults", pageSize);
    answer.put("NextToken", nextToken);
    answer.put(listName, page);
    return answer;
  }
}
