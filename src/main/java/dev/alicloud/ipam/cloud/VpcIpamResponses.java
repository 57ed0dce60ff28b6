package dev.alicloud.ipam.cloud;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Reads response bodies defensively: numbers may arrive as numbers or strings, fields may be missing (null), lists
 * may be wrapped in an object. Pure functions, tested offline.
 */
final class VpcIpamResponses {

  private static final ObjectMapper JSON = new ObjectMapper();

  private VpcIpamResponses() {
  }

  /** The body as a JSON object, or null when it is empty, not JSON, or not an object. */
  @SuppressWarnings("unchecked")
  static Map<String, Object> parseObject(String body) {
    if (body == null || body.isBlank()) {
      return null;
    }
    try {
      Object value = JSON.readValue(body, Object.class);
      return value instanceof Map<?, ?> m ? (Map<String, Object>) m : null;
    } catch (Exception e) {
      return null;
    }
  }

  static Allocation allocation(Map<String, ?> m) {
    return new Allocation(string(m, "IpamPoolAllocationId"), string(m, "IpamPoolId"), string(m, "RegionId"),
        string(m, "Cidr"), string(m, "SourceCidr"), string(m, "IpamPoolAllocationName"),
        string(m, "IpamPoolAllocationDescription"), string(m, "ResourceType"), string(m, "ResourceId"),
        string(m, "Status"), string(m, "CreationTime"), string(m, "ResourceOwnerId"), string(m, "ResourceRegionId"));
  }

  static CreatedAllocation created(Map<String, ?> body) {
    return new CreatedAllocation(string(body, "RequestId"), string(body, "IpamPoolAllocationId"),
        string(body, "Cidr"), string(body, "SourceCidr"));
  }

  static AllocationPage page(Map<String, ?> body) {
    List<Allocation> allocations = new ArrayList<>();
    for (Object item : list(body.get("IpamPoolAllocations"))) {
      if (item instanceof Map<?, ?> m) {
        allocations.add(allocation(cast(m)));
      }
    }
    String next = string(body, "NextToken");
    return new AllocationPage(allocations, next == null || next.isBlank() ? null : next,
        integer(body, "TotalCount", 0), string(body, "RequestId"));
  }

  static List<PoolInfo> pools(Map<String, ?> body) {
    List<PoolInfo> pools = new ArrayList<>();
    for (Object item : list(body.get("IpamPools"))) {
      if (item instanceof Map<?, ?> m) {
        Map<String, ?> pool = cast(m);
        String region = string(pool, "PoolRegionId") != null ? string(pool, "PoolRegionId") : string(pool, "RegionId");
        pools.add(new PoolInfo(string(pool, "IpamPoolId"), region, optionalInteger(pool, "AllocationMinCidrMask"),
            optionalInteger(pool, "AllocationMaxCidrMask")));
      }
    }
    return pools;
  }

  /** One page of ListIpamPoolCidrs: the CIDRs and the next token (null at the end). */
  static Map.Entry<List<String>, String> poolCidrs(Map<String, ?> body) {
    List<String> cidrs = new ArrayList<>();
    for (Object item : list(body.get("IpamPoolCidrs"))) {
      if (item instanceof Map<?, ?> m && string(cast(m), "Cidr") != null) {
        cidrs.add(string(cast(m), "Cidr"));
      }
    }
    String next = string(body, "NextToken");
    return Map.entry(cidrs, next == null || next.isBlank() ? "" : next);
  }

  private static Integer optionalInteger(Map<String, ?> m, String key) {
    String s = string(m, key);
    try {
      return s == null ? null : Integer.valueOf(s.strip());
    } catch (NumberFormatException e) {
      return null;
    }
  }

  /** A list, or the single list inside a wrapper object ({"IpamPoolAllocation": [...]}), or empty. */
  static List<?> list(Object value) {
    if (value instanceof List<?> l) {
      return l;
    }
    if (value instanceof Map<?, ?> m && m.size() == 1 && m.values().iterator().next() instanceof List<?> l) {
      return l;
    }
    return List.of();
  }

  /** A string field; numbers and booleans are rendered, objects and missing fields give null. */
  static String string(Map<String, ?> m, String key) {
    Object v = m == null ? null : m.get(key);
    if (v instanceof String s) {
      return s;
    }
    if (v instanceof Double || v instanceof Float) {
      double d = ((Number) v).doubleValue();
      return d == Math.rint(d) && Math.abs(d) < 1e15 ? Long.toString((long) d) : v.toString();
    }
    if (v instanceof Number || v instanceof Boolean) {
      return v.toString();
    }
    return null;
  }

  /** An integer field given as Integer, Long, Double or a numeric string; {@code fallback} otherwise. */
  static int integer(Map<String, ?> m, String key, int fallback) {
    Object v = m == null ? null : m.get(key);
    if (v instanceof Number n) {
      return clamp(n.doubleValue());
    }
    if (v instanceof String s && !s.isBlank()) {
      try {
        return clamp(Long.parseLong(s.strip()));
      } catch (NumberFormatException e) {
        try {
          double d = Double.parseDouble(s.strip());
          return Double.isNaN(d) ? fallback : clamp(d);
        } catch (NumberFormatException e2) {
          return fallback;
        }
      }
    }
    return fallback;
  }

  private static int clamp(double d) {
    return (int) Math.max(Integer.MIN_VALUE, Math.min(Integer.MAX_VALUE, d));
  }

  @SuppressWarnings("unchecked")
  private static Map<String, ?> cast(Map<?, ?> m) {
    return (Map<String, ?>) m;
  }
}
