package dev.alicloud.ipam.cloud;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Typed VpcIpam allocation calls for one region and one identity. Every failure, API error or transport, is a
 * classified {@link CloudException} (a passed dry run included, with kind {@link ErrorKind#DRY_RUN_PASSED}); argument
 * mistakes are {@link IllegalArgumentException}s thrown before any call. Thread-safe; the SDK never retries.
 */
public class VpcIpamClient {

  private static final Logger LOG = LoggerFactory.getLogger(VpcIpamClient.class);
  /** Safety net for {@link #listAll}: 1000 pages of 100. */
  static final int MAX_PAGES = 1000;

  private final String regionId;
  private final CloudCredentials credentials;
  private final RpcTransport transport;
  private final CloudCallListener listener;
  private final CallRateLimiter limiter;

  /** Builds the Tea client for {@code regionId} at {@code endpoint}, signing as {@code credentials}. */
  public VpcIpamClient(CloudEndpoint endpoint, String regionId, CloudCredentials credentials) {
    this(endpoint, regionId, credentials, CloudCallListener.NONE);
  }

  /** Like {@link #VpcIpamClient(CloudEndpoint, String, CloudCredentials)}, telling {@code listener} of every call. */
  public VpcIpamClient(CloudEndpoint endpoint, String regionId, CloudCredentials credentials,
      CloudCallListener listener) {
    this(endpoint, regionId, credentials, listener, CallRateLimiter.NONE);
  }

  /** Like the above, waiting for {@code limiter}'s slot before each call. */
  public VpcIpamClient(CloudEndpoint endpoint, String regionId, CloudCredentials credentials,
      CloudCallListener listener, CallRateLimiter limiter) {
    this(CloudEndpoint.checkRegion(regionId), credentials,
        new TeaRpcTransport(Objects.requireNonNull(endpoint, "endpoint"), regionId,
            Objects.requireNonNull(credentials, "credentials")), listener, limiter);
  }

  /** For tests: any transport. */
  VpcIpamClient(String regionId, CloudCredentials credentials, RpcTransport transport) {
    this(regionId, credentials, transport, CloudCallListener.NONE);
  }

  VpcIpamClient(String regionId, CloudCredentials credentials, RpcTransport transport, CloudCallListener listener) {
    this(regionId, credentials, transport, listener, CallRateLimiter.NONE);
  }

  VpcIpamClient(String regionId, CloudCredentials credentials, RpcTransport transport, CloudCallListener listener,
      CallRateLimiter limiter) {
    this.limiter = Objects.requireNonNull(limiter, "limiter");
    this.regionId = CloudEndpoint.checkRegion(regionId);
    this.credentials = Objects.requireNonNull(credentials, "credentials");
    this.transport = Objects.requireNonNull(transport, "transport");
    this.listener = Objects.requireNonNull(listener, "listener");
  }

  /** The region every call is made in. */
  public String regionId() {
    return regionId;
  }

  /** Reserves a block (CreateIpamPoolAllocation). */
  public CreatedAllocation create(CreateAllocationRequest r) {
    Objects.requireNonNull(r, "request");
    return VpcIpamResponses.created(
        call(VpcIpamRequests.CREATE, VpcIpamRequests.create(regionFor(r.regionId()), r)));
  }

  /** Reads one allocation (GetIpamPoolAllocation); a missing one is a CloudException of kind ALLOCATION_GONE. */
  public Allocation get(String allocationId) {
    return VpcIpamResponses.allocation(call(VpcIpamRequests.GET, VpcIpamRequests.get(regionId, allocationId)));
  }

  /**
   * One page of ListIpamPoolAllocations.
   *
   * @param allocationIds optional filter, at most 20 IDs
   * @param maxResults 1 to 100
   * @param nextToken null for the first page
   */
  public AllocationPage list(String ipamPoolId, List<String> allocationIds, int maxResults, String nextToken) {
    return VpcIpamResponses.page(call(VpcIpamRequests.LIST,
        VpcIpamRequests.list(regionId, ipamPoolId, allocationIds, maxResults, nextToken)));
  }

  /** Every allocation of a pool, following NextToken with pages of 100. */
  public List<Allocation> listAll(String ipamPoolId) {
    return allPages(VpcIpamRequests.LIST, token -> {
      AllocationPage page = list(ipamPoolId, null, VpcIpamRequests.MAX_PAGE_SIZE, token);
      return Map.entry(page.allocations(), page.hasNext() ? page.nextToken() : "");
    });
  }

  /** Follows NextToken ("" at the end) until the last page; a repeated token or endless paging is an error. */
  private <T> List<T> allPages(String action, Function<String, Map.Entry<List<T>, String>> pageAfter) {
    List<T> all = new ArrayList<>();
    Set<String> seenTokens = new HashSet<>();
    String token = null;
    for (int pages = 0; pages < MAX_PAGES; pages++) {
      Map.Entry<List<T>, String> page = pageAfter.apply(token);
      all.addAll(page.getKey());
      if (page.getValue() == null || page.getValue().isEmpty()) {
        return all;
      }
      token = page.getValue();
      if (!seenTokens.add(token)) {
        break;
      }
    }
    throw new CloudException(action, ErrorClassifier.UNKNOWN_ERROR, 200, null,
        "pagination did not end (repeated NextToken or more than " + MAX_PAGES + " pages)", null);
  }

  /** The pool as ListIpamPools reports it in this client's region; empty when it is not there (or not visible). */
  public Optional<PoolInfo> findPool(String ipamPoolId) {
    return VpcIpamResponses.pools(call(VpcIpamRequests.LIST_POOLS, VpcIpamRequests.listPools(regionId, ipamPoolId)))
        .stream().filter(p -> ipamPoolId.equals(p.poolId())).findFirst();
  }

  /** The CIDRs provisioned to a pool (ListIpamPoolCidrs, every page). */
  public List<String> poolCidrs(String ipamPoolId) {
    return allPages(VpcIpamRequests.LIST_POOL_CIDRS, token -> VpcIpamResponses.poolCidrs(
        call(VpcIpamRequests.LIST_POOL_CIDRS, VpcIpamRequests.listPoolCidrs(regionId, ipamPoolId, token))));
  }

  /** Changes name and/or description (UpdateIpamPoolAllocation); returns the RequestId. */
  public String update(UpdateAllocationRequest r) {
    Objects.requireNonNull(r, "request");
    return VpcIpamResponses.string(
        call(VpcIpamRequests.UPDATE, VpcIpamRequests.update(regionFor(r.regionId()), r)), "RequestId");
  }

  /**
   * A dry-run release made only with spare Delete quota (a slot no real call wants): the check that can wait. Passing
   * is a CloudException of kind {@link ErrorKind#DRY_RUN_PASSED}, like {@link #delete} with {@code dryRun}.
   *
   * @return false, without calling, when there is no spare slot now: try again later
   */
  public boolean tryDryRunDelete(String allocationId) {
    if (!limiter.tryAcquireSpare(credentials.quotaIdentity(), regionId, VpcIpamRequests.DELETE)) {
      return false;
    }
    send(VpcIpamRequests.DELETE, VpcIpamRequests.delete(regionId, allocationId, true, null));
    return true;
  }

  /** Releases an allocation (DeleteIpamPoolAllocation); returns the RequestId. */
  public String delete(String allocationId, boolean dryRun, String clientToken) {
    return VpcIpamResponses.string(call(VpcIpamRequests.DELETE,
        VpcIpamRequests.delete(regionId, allocationId, dryRun, clientToken)), "RequestId");
  }

  /** A request may name a region, but only this client's: the endpoint and the signature are per region. */
  private String regionFor(String requested) {
    if (requested != null && !requested.isBlank() && !requested.strip().equals(regionId)) {
      throw new IllegalArgumentException("request region " + requested + " differs from the client's " + regionId);
    }
    return regionId;
  }

  /** One call: raw answer in, JSON object or classified CloudException out. */
  private Map<String, Object> call(String action, Map<String, String> query) {
    limiter.acquire(credentials.quotaIdentity(), regionId, action);
    return send(action, query);
  }

  /** Sends a call whose quota slot is already taken. */
  private Map<String, Object> send(String action, Map<String, String> query) {
    long started = System.nanoTime();
    RpcTransport.RpcResponse response;
    try {
      response = transport.call(action, query);
    } catch (Exception e) {
      CloudException ce = CloudErrors.fromThrowable(action, e, credentials, transport.target());
      listener.onCall(action, regionId, ce.code(), System.nanoTime() - started);
      LOG.debug("{} in {} as {}: {} ({} ms)", action, regionId, credentials.fingerprint(), ce.code(),
          elapsedMs(started));
      throw ce;
    }
    int status = response.statusCode();
    if (status < 200 || status >= 300) {
      CloudException ce = CloudErrors.fromResponse(action, status, response.body(), credentials);
      listener.onCall(action, regionId, ce.code(), System.nanoTime() - started);
      LOG.debug("{} in {} as {}: HTTP {} {} RequestId {} ({} ms)", action, regionId, credentials.fingerprint(),
          status, ce.code(), ce.requestId(), elapsedMs(started));
      throw ce;
    }
    Map<String, Object> body = VpcIpamResponses.parseObject(response.body());
    if (body == null) {
      CloudException ce = CloudErrors.unreadableSuccess(action, status, response.body(), credentials);
      listener.onCall(action, regionId, ce.code(), System.nanoTime() - started);
      throw ce;
    }
    listener.onCall(action, regionId, CloudCallListener.OK, System.nanoTime() - started);
    LOG.debug("{} in {} as {}: HTTP {} RequestId {} ({} ms)", action, regionId, credentials.fingerprint(), status,
        VpcIpamResponses.string(body, "RequestId"), elapsedMs(started));
    return body;
  }

  private static long elapsedMs(long startedNanos) {
    return (System.nanoTime() - startedNanos) / 1_000_000;
  }

  @Override
  public String toString() {
    return "VpcIpamClient[" + regionId + " at " + transport.target() + " as " + credentials.describe() + "]";
  }
}
