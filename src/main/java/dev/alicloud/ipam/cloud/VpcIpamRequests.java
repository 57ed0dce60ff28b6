package dev.alicloud.ipam.cloud;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Builds the flattened query parameters of each call exactly as the generated SDK would (lists as {@code Name.1},
 * {@code Name.2} ...), after checking what the API cannot check for us. Pure functions, tested offline.
 */
final class VpcIpamRequests {

  static final String CREATE = "CreateIpamPoolAllocation";
  static final String GET = "GetIpamPoolAllocation";
  static final String LIST = "ListIpamPoolAllocations";
  static final String UPDATE = "UpdateIpamPoolAllocation";
  static final String DELETE = "DeleteIpamPoolAllocation";
  static final String LIST_POOLS = "ListIpamPools";
  static final String LIST_POOL_CIDRS = "ListIpamPoolCidrs";
  static final int MAX_PAGE_SIZE = 100;
  static final int MAX_IDS_PER_LIST = 20;
  static final int MAX_CLIENT_TOKEN_LENGTH = 64;

  private VpcIpamRequests() {
  }

  static Map<String, String> create(String regionId, CreateAllocationRequest r) {
    Map<String, Object> q = new LinkedHashMap<>();
    q.put("RegionId", regionId);
    q.put("IpamPoolId", required(r.ipamPoolId(), "ipamPoolId"));
    boolean hasCidr = r.cidr() != null && !r.cidr().isBlank();
    if (hasCidr == (r.cidrMask() != null)) {
      throw new IllegalArgumentException("set exactly one of cidr and cidrMask");
    }
    if (hasCidr) {
      q.put("Cidr", r.cidr().strip());
    } else {
      if (r.cidrMask() < 0 || r.cidrMask() > 128) {
        throw new IllegalArgumentException("cidrMask must be between 0 and 128: " + r.cidrMask());
      }
      q.put("CidrMask", r.cidrMask());
    }
    q.put("IpamPoolAllocationName", optional(r.name()));
    q.put("IpamPoolAllocationDescription", optional(r.description()));
    putDryRunAndToken(q, r.dryRun(), r.clientToken());
    return flatten(q);
  }

  static Map<String, String> get(String regionId, String allocationId) {
    Map<String, Object> q = new LinkedHashMap<>();
    q.put("RegionId", regionId);
    q.put("IpamPoolAllocationId", required(allocationId, "allocationId"));
    return flatten(q);
  }

  static Map<String, String> list(String regionId, String ipamPoolId, List<String> allocationIds, int maxResults,
      String nextToken) {
    if (maxResults < 1 || maxResults > MAX_PAGE_SIZE) {
      throw new IllegalArgumentException("maxResults must be between 1 and " + MAX_PAGE_SIZE + ": " + maxResults);
    }
    if (allocationIds != null && allocationIds.size() > MAX_IDS_PER_LIST) {
      throw new IllegalArgumentException("at most " + MAX_IDS_PER_LIST + " allocation IDs per list call");
    }
    Map<String, Object> q = new LinkedHashMap<>();
    q.put("RegionId", regionId);
    q.put("IpamPoolId", required(ipamPoolId, "ipamPoolId"));
    if (allocationIds != null && !allocationIds.isEmpty()) {
      allocationIds.forEach(id -> required(id, "allocationIds element"));
      q.put("IpamPoolAllocationIds", List.copyOf(allocationIds));
    }
    q.put("MaxResults", maxResults);
    if (nextToken != null && !nextToken.isEmpty()) {
      q.put("NextToken", nextToken);
    }
    return flatten(q);
  }

  static Map<String, String> listPools(String regionId, String ipamPoolId) {
    Map<String, Object> q = new LinkedHashMap<>();
    q.put("RegionId", regionId);
    q.put("IpamPoolIds", List.of(required(ipamPoolId, "ipamPoolId")));
    return flatten(q);
  }

  static Map<String, String> listPoolCidrs(String regionId, String ipamPoolId, String nextToken) {
    Map<String, Object> q = new LinkedHashMap<>();
    q.put("RegionId", regionId);
    q.put("IpamPoolId", required(ipamPoolId, "ipamPoolId"));
    q.put("MaxResults", MAX_PAGE_SIZE);
    if (nextToken != null && !nextToken.isEmpty()) {
      q.put("NextToken", nextToken);
    }
    return flatten(q);
  }

  static Map<String, String> update(String regionId, UpdateAllocationRequest r) {
    Map<String, Object> q = new LinkedHashMap<>();
    q.put("RegionId", regionId);
    q.put("IpamPoolAllocationId", required(r.allocationId(), "allocationId"));
    q.put("IpamPoolAllocationName", optional(r.name()));
    q.put("IpamPoolAllocationDescription", optional(r.description()));
    putDryRunAndToken(q, r.dryRun(), r.clientToken());
    return flatten(q);
  }

  static Map<String, String> delete(String regionId, String allocationId, boolean dryRun, String clientToken) {
    Map<String, Object> q = new LinkedHashMap<>();
    q.put("RegionId", regionId);
    q.put("IpamPoolAllocationId", required(allocationId, "allocationId"));
    putDryRunAndToken(q, dryRun, clientToken);
    return flatten(q);
  }

  /** Printable ASCII, 1 to 64 characters; null means "no token" (the cloud then uses the RequestId). */
  static String checkClientToken(String token) {
    if (token == null) {
      return null;
    }
    if (token.isEmpty() || token.length() > MAX_CLIENT_TOKEN_LENGTH) {
      throw new IllegalArgumentException("clientToken must have 1 to " + MAX_CLIENT_TOKEN_LENGTH + " characters");
    }
    for (int i = 0; i < token.length(); i++) {
      char c = token.charAt(i);
      if (c < 0x21 || c > 0x7e) {
        throw new IllegalArgumentException("clientToken must be printable ASCII without spaces");
      }
    }
    return token;
  }

  /** DryRun is sent only when true (the API default is false); ClientToken only when set. */
  private static void putDryRunAndToken(Map<String, Object> q, boolean dryRun, String clientToken) {
    if (dryRun) {
      q.put("DryRun", Boolean.TRUE);
    }
    q.put("ClientToken", checkClientToken(clientToken));
  }

  private static String required(String value, String name) {
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException(name + " is required");
    }
    return value.strip();
  }

  /** Blank means "not set": the API rejects empty names and descriptions. */
  private static String optional(String value) {
    return value == null || value.isBlank() ? null : value;
  }

  /** Flattens with the SDK's own {@code OpenApiUtil.query} (nulls dropped, lists numbered from 1), sorted. */
  static Map<String, String> flatten(Map<String, Object> q) {
    try {
      return new TreeMap<>(com.aliyun.openapiutil.Client.query(q));
    } catch (Exception e) {
      throw new IllegalArgumentException("cannot encode request parameters: " + e.getMessage(), e);
    }
  }
}
