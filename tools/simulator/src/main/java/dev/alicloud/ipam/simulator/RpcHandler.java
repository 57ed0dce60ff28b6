package dev.alicloud.ipam.simulator;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.io.OutputStream;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves the signed RPC API on {@code /}: resolves action and version, verifies the ACS3 signature, applies injected
 * faults and quotas, checks the RAM allow list, runs the action and writes the JSON answer, counting every outcome
 * in the {@link CallLog}. Any failure, even a bug, becomes an error JSON; the handler never lets an exception escape.
 */
final class RpcHandler implements HttpHandler {

  static final String API_VERSION = "2023-02-28";
  private static final Logger LOG = LoggerFactory.getLogger(RpcHandler.class);

  private final IdGenerator ids;
  private final Acs3SignatureVerifier verifier;
  private final Faults faults;
  private final CallLog calls;
  private final AllocationActions allocations;
  private final PoolActions pools;

  RpcHandler(IdGenerator ids, Acs3SignatureVerifier verifier, Faults faults, CallLog calls,
      AllocationActions allocations, PoolActions pools) {
    this.ids = ids;
    this.verifier = verifier;
    this.faults = faults;
    this.calls = calls;
    this.allocations = allocations;
    this.pools = pools;
  }

  @Override
  public void handle(HttpExchange exchange) {
    long started = System.nanoTime();
    String requestId = ids.requestId();
    String action = "Unknown";
    String region = null;
    String outcome = "?";
    boolean dryRun = false;
    try {
      RpcRequest request = RpcRequest.read(exchange);
      action = request.action() == null || request.action().isBlank() ? "Unknown" : request.action();
      region = request.query().get("RegionId");
      dryRun = "true".equalsIgnoreCase(request.query().get("DryRun"));
      VpcIpamAction api = resolve(request);
      AccessKey key = verifier.verify(request);
      Faults.Plan plan = faults.plan(api.name(), api.mutating());
      sleep(plan.latencyMs());
      if (plan.reset()) {
        outcome = CallLog.CONNECTION_RESET;
        calls.record(action, outcome, dryRun);
        drop(exchange);
        return;
      }
      injectErrors(plan, api, key, region);
      if (!key.allows(api.name())) {
        throw api.denial();
      }
      Map<String, Object> answer = dispatch(api, new RequestParams(request.query()), key);
      calls.record(action, CallLog.OK, dryRun);
      outcome = CallLog.OK;
      if (plan.loseResponse()) {
        calls.recordExtra(action, CallLog.LOST_RESPONSE);
        outcome = CallLog.LOST_RESPONSE;
        drop(exchange);
        return;
      }
      Map<String, Object> body = new LinkedHashMap<>();
      body.put("RequestId", requestId);
      body.putAll(answer);
      send(exchange, 200, body, requestId);
    } catch (ApiException e) {
      outcome = e.code();
      calls.record(action, outcome, dryRun);
      send(exchange, e.status(), ErrorResponse.body(e, requestId, ErrorResponse.hostId(region)), requestId);
    } catch (IOException e) {
      outcome = "ClientIOError";
      calls.record(action, outcome, dryRun);
      LOG.debug("reading request {} failed: {}", requestId, e.toString());
      drop(exchange);
    } catch (RuntimeException | Error e) {
      // a bug (or a broken class path): still answer, so the client never hangs on an open exchange
      outcome = "InternalError";
      calls.record(action, outcome, dryRun);
      LOG.warn("simulator failure handling {} ({})", action, requestId, e);
      ApiException error = new ApiException(500, "InternalError",
          "The request processing has failed due to some unknown error, exception or failure.");
      send(exchange, 500, ErrorResponse.body(error, requestId, ErrorResponse.hostId(region)), requestId);
    } finally {
      if (LOG.isDebugEnabled()) {
        LOG.debug("{} {} -> {} in {} ms", requestId, action, outcome, (System.nanoTime() - started) / 1_000_000);
      }
    }
  }

  /** Gateway checks before authentication: method, path, action, version. */
  private static VpcIpamAction resolve(RpcRequest request) {
    String method = request.method();
    if (!"POST".equalsIgnoreCase(method) && !"GET".equalsIgnoreCase(method)) {
      throw ApiException.badRequest("UnsupportedHTTPMethod", "This http method " + method + " is not supported.");
    }
    if (!"/".equals(request.path())) {
      throw new ApiException(404, "InvalidAction.NotFound",
          "Specified api is not found, please check your url and method.");
    }
    String action = request.action();
    if (action == null || action.isBlank()) {
      throw ApiException.missing("Action");
    }
    String version = request.version();
    if (version == null || version.isBlank()) {
      throw ApiException.missing("Version");
    }
    if (!API_VERSION.equals(version)) {
      throw ApiException.badRequest("InvalidVersion", "Specified parameter Version is not valid.");
    }
    return VpcIpamAction.find(action).orElseThrow(() -> new ApiException(404, "InvalidAction.NotFound",
        "Specified api is not found, please check your url and method."));
  }

  private void injectErrors(Faults.Plan plan, VpcIpamAction api, AccessKey key, String region) {
    if (plan.throttle()) {
      throw ApiException.throttled();
    }
    if (plan.serverErrorStatus() == 503) {
      throw new ApiException(503, "ServiceUnavailable",
          "The request has failed due to a temporary failure of the server.");
    }
    if (plan.serverErrorStatus() == 500) {
      throw new ApiException(500, "InternalError",
          "The request processing has failed due to some unknown error, exception or failure.");
    }
    if (!faults.withinQuota(api.name(), key.id(), region)) {
      throw ApiException.throttled();
    }
  }

  private Map<String, Object> dispatch(VpcIpamAction api, RequestParams params, AccessKey key) {
    switch (api) {
      case CreateIpamPoolAllocation:
        return allocations.create(params, key);
      case DeleteIpamPoolAllocation:
        return allocations.delete(params, key);
      case UpdateIpamPoolAllocation:
        return allocations.update(params, key);
      case GetIpamPoolAllocation:
        return allocations.get(params, key);
      case ListIpamPoolAllocations:
        return allocations.list(params, key);
      case ListIpamPools:
        return pools.listPools(params, key);
      case ListIpamPoolCidrs:
        return pools.listPoolCidrs(params, key);
      case GetIpamPoolNextAvailableCidr:
        return pools.nextAvailableCidr(params, key);
      default:
        throw new IllegalStateException("unhandled action " + api);
    }
  }

  private static void sleep(long millis) {
    if (millis <= 0) {
      return;
    }
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Closes the connection without any answer: the client sees a transport failure. */
  static void drop(HttpExchange exchange) {
    try {
      exchange.getRequestBody().close();
    } catch (IOException | RuntimeException e) {
      // already gone
    }
    exchange.close();
  }

  static void send(HttpExchange exchange, int status, Object body, String requestId) {
    byte[] bytes = Json.bytes(body);
    try {
      exchange.getResponseHeaders().set("Content-Type", "application/json;charset=utf-8");
      if (requestId != null) {
        exchange.getResponseHeaders().set("x-acs-request-id", requestId);
      }
      exchange.sendResponseHeaders(status, bytes.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(bytes);
      }
    } catch (IOException e) {
      LOG.debug("client went away before the answer was written: {}", e.toString());
    } finally {
      exchange.close();
    }
  }
}
