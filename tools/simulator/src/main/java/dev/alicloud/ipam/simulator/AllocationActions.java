package dev.alicloud.ipam.simulator;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The five allocation calls with real state: validation in the documented order, region and RAM checks, DryRun,
 * ClientToken idempotency, then the change. Each returns the answer body without {@code RequestId}; every refusal is
 * an {@link ApiException}. All state access happens under the {@link SimulatorState} lock.
 *
 * <p>Create: {@code MissingParameter}; {@code MissingParameter.CidrOrCidrMask} (neither given);
 * {@code InvalidParameter.CidrAndCidrMask} (both); {@code IllegalParam.CidrMask} (not 0..32);
 * {@code IllegalParam.Cidr}; {@code IllegalParam.IpamPoolAllocationName}/{@code Description};
 * {@code IllegalParam.DryRun}; {@code IllegalParam.ClientToken}; {@code IdempotentParameterMismatch}; 404
 * {@code ResourceNotFound.IpamPool}; {@code OperationDenied.RequestRegionInvalid}; {@code OperationDenied.Unauthorized};
 * then the {@link Placement} codes; {@code DryRunOperation}.
 *
 * <p>Delete, in this order: {@code ResourceNotFound.IpamPoolAllocation} (unknown, or already {@code Deleted});
 * {@code OperationDenied.RequestRegionInvalid}; 404 {@code ResourceNotFound.IpamPool} (pool removed);
 * {@code OperationDenied.Unauthorized} (per-pool deny); {@code OperationDenied.Ipv6VpcNotSupport} (seeded IPv6 VPC
 * allocation); {@code OperationDenied.ResourceTypeIsNotCustom} (type {@code VPC} or {@code IpamPool});
 * {@code OperationDenied.UnexpectedResourceType} (any other non-{@code Custom} type, e.g. a seeded {@code VSwitch});
 * {@code DryRunOperation}. The action allow list is checked before any of these by the request handler.
 */
final class AllocationActions {

  private static final Set<String> NOT_CUSTOM_TYPES = Set.of("VPC", "IpamPool");
  private static final String CUSTOM = "Custom";

  private final SimulatorState state;
  private final Faults faults;

  AllocationActions(SimulatorState state, Faults faults) {
    this.state = state;
    this.faults = faults;
  }

  /** False while reads do not show the allocation yet ({@link Faults#readLag}). */
  private boolean readable(StoredAllocation a) {
    long lag = faults.readLagMs();
    return lag == 0 || state.config().clock().millis() - a.createdAtMillis >= lag;
  }

  Map<String, Object> create(RequestParams p, AccessKey key) {
    String region = p.required("RegionId");
    String poolId = p.required("IpamPoolId");
    String cidrText = p.optional("Cidr");
    Integer mask = p.integer("CidrMask", 0, 32);
    if (cidrText == null && mask == null) {
      throw ApiException.badRequest("MissingParameter.CidrOrCidrMask", "Either Cidr or CidrMask must be specified.");
    }
    if (cidrText != null && mask != null) {
      throw ApiException.badRequest("InvalidParameter.CidrAndCidrMask",
          "Cidr and CidrMask cannot be specified at the same time.");
    }
    Ipv4Cidr wanted = cidrText == null ? null : FieldRules.parseCidr(cidrText);
    String name = p.optional("IpamPoolAllocationName");
    String description = p.optional("IpamPoolAllocationDescription");
    FieldRules.checkName(name);
    FieldRules.checkDescription(description);
    boolean dryRun = p.bool("DryRun");
    String token = p.clientToken();
    String fingerprint = p.fingerprint("ClientToken", "DryRun");
    synchronized (state.lock()) {
      Optional<Map<String, Object>> replay = dryRun ? Optional.empty()
          : state.tokens().replay(key.id(), "CreateIpamPoolAllocation", token, fingerprint);
      if (replay.isPresent()) {
        return replay.get();
      }
      SimulatorState.PoolEntry pool = livePool(poolId, region, key);
      Placement placement = Placement.compute(state, pool, wanted, mask);
      if (dryRun) {
        throw ApiException.dryRunPassed();
      }
      StoredAllocation a = state.insert(pool.pool(), placement.block().toString(), placement.block(),
          placement.source().toString(), CUSTOM, "", name, description);
      Map<String, Object> answer = new LinkedHashMap<>();
      answer.put("IpamPoolAllocationId", a.id);
      answer.put("Cidr", a.cidr);
      answer.put("SourceCidr", a.sourceCidr);
      state.tokens().remember(key.id(), "CreateIpamPoolAllocation", token, fingerprint, answer);
      return answer;
    }
  }

  Map<String, Object> get(RequestParams p, AccessKey key) {
    String region = p.required("RegionId");
    String id = p.required("IpamPoolAllocationId");
    synchronized (state.lock()) {
      StoredAllocation a = state.find(id);
      if (a == null || state.poolEntry(a.poolId) == null || !readable(a)) {
        throw ApiException.allocationNotFound();
      }
      checkRegionAndDeny(a, region, key);
      return view(a);
    }
  }

  Map<String, Object> list(RequestParams p, AccessKey key) {
    String region = p.required("RegionId");
    String poolId = p.required("IpamPoolId");
    List<String> ids = p.list("IpamPoolAllocationIds", 20);
    String cidr = p.optional("Cidr");
    String name = p.optional("IpamPoolAllocationName");
    Integer maxResults = p.integer("MaxResults", 1, 100);
    int pageSize = maxResults == null ? 10 : maxResults;
    String nextToken = p.optional("NextToken");
    String scope = poolId + "|" + ids + "|" + cidr + "|" + name;
    long after = 0;
    if (nextToken != null) {
      try {
        after = Long.parseLong(PageToken.decode(nextToken, scope));
      } catch (NumberFormatException e) {
        throw PageToken.invalid();
      }
    }
    synchronized (state.lock()) {
      livePool(poolId, region, key);
      List<StoredAllocation> matching = new ArrayList<>();
      for (StoredAllocation a : state.visibleIn(poolId)) {
        if ((ids.isEmpty() || ids.contains(a.id)) && (cidr == null || cidr.equals(a.cidr))
            && (name == null || name.equals(a.name)) && readable(a)) {
          matching.add(a);
        }
      }
      List<Map<String, Object>> page = new ArrayList<>();
      long last = after;
      boolean more = false;
      for (StoredAllocation a : matching) {
        if (a.sequence <= after) {
          continue;
        }
        if (page.size() == pageSize) {
          more = true;
          break;
        }
        page.add(view(a));
        last = a.sequence;
      }
      Map<String, Object> answer = new LinkedHashMap<>();
      answer.put("Count", page.size());
      answer.put("TotalCount", matching.size());
      answer.put("MaxResults", pageSize);
      answer.put("NextToken", more ? PageToken.encode(scope, Long.toString(last)) : "");
      answer.put("IpamPoolAllocations", page);
      return answer;
    }
  }

  Map<String, Object> update(RequestParams p, AccessKey key) {
    String region = p.required("RegionId");
    String id = p.required("IpamPoolAllocationId");
    String name = p.optional("IpamPoolAllocationName");
    String description = p.optional("IpamPoolAllocationDescription");
    FieldRules.checkName(name);
    FieldRules.checkDescription(description);
    boolean dryRun = p.bool("DryRun");
    String token = p.clientToken();
    String fingerprint = p.fingerprint("ClientToken", "DryRun");
    synchronized (state.lock()) {
      Optional<Map<String, Object>> replay = dryRun ? Optional.empty()
          : state.tokens().replay(key.id(), "UpdateIpamPoolAllocation", token, fingerprint);
      if (replay.isPresent()) {
        return replay.get();
      }
      StoredAllocation a = liveAllocation(id);
      checkRegion(a, region);
      requirePoolAndAccess(a, key);
      if (dryRun) {
        throw ApiException.dryRunPassed();
      }
      if (name != null) {
        a.name = name;
      }
      if (description != null) {
        a.description = description;
      }
      Map<String, Object> answer = new LinkedHashMap<>();
      state.tokens().remember(key.id(), "UpdateIpamPoolAllocation", token, fingerprint, answer);
      return answer;
    }
  }

  Map<String, Object> delete(RequestParams p, AccessKey key) {
    String region = p.required("RegionId");
    String id = p.required("IpamPoolAllocationId");
    boolean dryRun = p.bool("DryRun");
    String token = p.clientToken();
    String fingerprint = p.fingerprint("ClientToken", "DryRun");
    synchronized (state.lock()) {
      Optional<Map<String, Object>> replay = dryRun ? Optional.empty()
          : state.tokens().replay(key.id(), "DeleteIpamPoolAllocation", token, fingerprint);
      if (replay.isPresent()) {
        return replay.get();
      }
      StoredAllocation a = liveAllocation(id);
      checkRegion(a, region);
      requirePoolAndAccess(a, key);
      if (a.ipv6()) {
        throw ApiException.badRequest("OperationDenied.Ipv6VpcNotSupport",
            "The allocation of IPv6 VPC is not supported to delete.");
      }
      if (NOT_CUSTOM_TYPES.contains(a.resourceType)) {
        throw ApiException.badRequest("OperationDenied.ResourceTypeIsNotCustom",
            "The operation is not allowed because the resource type is not Custom.");
      }
      if (!CUSTOM.equals(a.resourceType)) {
        throw ApiException.badRequest("OperationDenied.UnexpectedResourceType",
            "The operation is not allowed because the resource type is unexpected.");
      }
      if (dryRun) {
        throw ApiException.dryRunPassed();
      }
      state.release(a, token);
      Map<String, Object> answer = new LinkedHashMap<>();
      state.tokens().remember(key.id(), "DeleteIpamPoolAllocation", token, fingerprint, answer);
      return answer;
    }
  }

  /** The pool (404 when missing) after the region and per-pool RAM checks. Caller holds the lock. */
  SimulatorState.PoolEntry livePool(String poolId, String region, AccessKey key) {
    SimulatorState.PoolEntry pool = state.poolEntry(poolId);
    if (pool == null) {
      throw ApiException.poolNotFound();
    }
    if (!pool.pool().regionId().equals(region)) {
      throw ApiException.regionInvalid();
    }
    if (key.deniedOn(poolId)) {
      throw ApiException.unauthorized();
    }
    return pool;
  }

  private StoredAllocation liveAllocation(String id) {
    StoredAllocation a = state.find(id);
    if (a == null || !a.live()) {
      throw ApiException.allocationNotFound();
    }
    return a;
  }

  private static void checkRegion(StoredAllocation a, String region) {
    if (!a.regionId.equals(region)) {
      throw ApiException.regionInvalid();
    }
  }

  private void requirePoolAndAccess(StoredAllocation a, AccessKey key) {
    if (state.poolEntry(a.poolId) == null) {
      throw ApiException.poolNotFound();
    }
    if (key.deniedOn(a.poolId)) {
      throw ApiException.unauthorized();
    }
  }

  private void checkRegionAndDeny(StoredAllocation a, String region, AccessKey key) {
    checkRegion(a, region);
    if (key.deniedOn(a.poolId)) {
      throw ApiException.unauthorized();
    }
  }

  /** The fields of {@code GetIpamPoolAllocation} (and of each {@code ListIpamPoolAllocations} item). */
  private Map<String, Object> view(StoredAllocation a) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("IpamPoolAllocationId", a.id);
    m.put("Cidr", a.cidr);
    m.put("SourceCidr", a.sourceCidr);
    m.put("IpamPoolId", a.poolId);
    m.put("RegionId", a.regionId);
    m.put("CreationTime", a.creationTime);
    m.put("IpamPoolAllocationName", a.name);
    m.put("IpamPoolAllocationDescription", a.description);
    m.put("ResourceId", a.resourceId);
    m.put("ResourceOwnerId", state.config().accountId());
    m.put("ResourceRegionId", a.regionId);
    m.put("ResourceType", a.resourceType);
    m.put("Status", a.status);
    return m;
  }
}
