package dev.alicloud.ipam.simulator;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A tiny unsigned control API under {@code /_admin/} for humans, scripts and the sandbox mode: inspect state and
 * counters, seed pools / allocations / keys, and set faults, without a Java handle. Parameters come from the query
 * string or a form body. Answers are JSON; a bad request answers 400 {@code {"error": "..."}}.
 *
 * <pre>
 * GET  /_admin/state                 pools, allocations (all stored), key ids, faults, counters
 * GET  /_admin/calls                 counters;        POST /_admin/calls/reset
 * GET  /_admin/faults                fault settings;  POST /_admin/reset-faults
 * POST /_admin/faults?throttleRate=0.3&amp;serverErrorRate=0.1&amp;resetRate=0.05&amp;latencyMs=20[&amp;latencyMaxMs=50]
 *                    &amp;lostResponseRate=0.0[&amp;readLagMs=2000][&amp;actions=CreateIpamPoolAllocation,DeleteIpamPoolAllocation][&amp;seed=7]
 * POST /_admin/quota?action=CreateIpamPoolAllocation&amp;calls=300&amp;periodSeconds=60   (calls &lt;= 0 removes it)
 * POST /_admin/pools?poolId=..&amp;regionId=..&amp;cidrs=10.0.0.0/16,10.1.0.0/16&amp;minMask=16&amp;maxMask=28
 * POST /_admin/pools/remove?poolId=..
 * POST /_admin/allocations?poolId=..&amp;cidr=..&amp;resourceType=VPC&amp;resourceId=vpc-..[&amp;allocationId=ipam-pool-alloc-..]
 *                                     (IPv6 cidr: IPv6 VPC)
 * POST /_admin/access-keys?accessKeyId=..&amp;accessKeySecret=..[&amp;securityToken=..][&amp;allowedActions=A,B]
 * POST /_admin/client-tokens/forget
 * </pre>
 */
final class AdminHandler implements HttpHandler {

  private static final Logger LOG = LoggerFactory.getLogger(AdminHandler.class);

  private final SimulatorState state;
  private final Faults faults;
  private final CallLog calls;

  AdminHandler(SimulatorState state, Faults faults, CallLog calls) {
    this.state = state;
    this.faults = faults;
    this.calls = calls;
  }

  @Override
  public void handle(HttpExchange exchange) {
    try {
      String path = exchange.getRequestURI().getPath();
      String route = path.endsWith("/") && path.length() > 1 ? path.substring(0, path.length() - 1) : path;
      boolean post = "POST".equalsIgnoreCase(exchange.getRequestMethod());
      Map<String, String> params = params(exchange);
      Object answer = route(route, post, params);
      if (answer == null) {
        RpcHandler.send(exchange, 404, Map.of("error", "no such admin route: " + exchange.getRequestMethod() + " "
            + path), null);
      } else {
        RpcHandler.send(exchange, 200, answer, null);
      }
    } catch (IllegalArgumentException | ApiException e) {
      RpcHandler.send(exchange, 400, Map.of("error", String.valueOf(e.getMessage())), null);
    } catch (IOException | RuntimeException | Error e) {
      LOG.warn("admin request failed", e);
      RpcHandler.send(exchange, 500, Map.of("error", String.valueOf(e)), null);
    }
  }

  private Object route(String route, boolean post, Map<String, String> p) {
    switch (route) {
      case "/_admin/state":
        return post ? null : stateDump();
      case "/_admin/calls":
        return post ? null : calls.snapshot();
      case "/_admin/calls/reset":
        if (!post) {
          return null;
        }
        calls.reset();
        return calls.snapshot();
      case "/_admin/faults":
        return post ? setFaults(p) : faults.describe();
      case "/_admin/reset-faults":
        return post ? faults.clear().describe() : null;
      case "/_admin/quota":
        if (!post) {
          return null;
        }
        faults.quota(required(p, "action"), Integer.parseInt(required(p, "calls")),
            Duration.ofSeconds(Long.parseLong(p.getOrDefault("periodSeconds", "60"))));
        return faults.describe();
      case "/_admin/pools":
        return post ? state.addPool(required(p, "poolId"), required(p, "regionId"), csv(p.get("cidrs")),
            Integer.parseInt(p.getOrDefault("minMask", "8")), Integer.parseInt(p.getOrDefault("maxMask", "32")))
            : state.pools();
      case "/_admin/pools/remove":
        if (!post) {
          return null;
        }
        state.removePool(required(p, "poolId"));
        return state.pools();
      case "/_admin/allocations":
        return post ? seedAllocation(p) : state.storedAllocations();
      case "/_admin/access-keys":
        return post ? addKey(p) : state.accessKeyIds();
      case "/_admin/client-tokens/forget":
        if (!post) {
          return null;
        }
        state.forgetClientTokens();
        return Map.of("forgotten", true);
      default:
        return null;
    }
  }

  private Map<String, Object> stateDump() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("pools", state.pools());
    m.put("allocations", state.storedAllocations());
    m.put("accessKeys", state.accessKeyIds());
    m.put("faults", faults.describe());
    m.put("calls", calls.snapshot());
    return m;
  }

  private Map<String, Object> setFaults(Map<String, String> p) {
    if (p.containsKey("throttleRate")) {
      faults.throttleRate(Double.parseDouble(p.get("throttleRate")));
    }
    if (p.containsKey("serverErrorRate")) {
      faults.serverErrorRate(Double.parseDouble(p.get("serverErrorRate")));
    }
    if (p.containsKey("resetRate")) {
      faults.resetRate(Double.parseDouble(p.get("resetRate")));
    }
    if (p.containsKey("readLagMs")) {
      faults.readLag(Duration.ofMillis(Long.parseLong(p.get("readLagMs"))));
    }
    if (p.containsKey("lostResponseRate")) {
      faults.lostResponseRate(Double.parseDouble(p.get("lostResponseRate")));
    }
    if (p.containsKey("latencyMs")) {
      long min = Long.parseLong(p.get("latencyMs"));
      long max = Long.parseLong(p.getOrDefault("latencyMaxMs", p.get("latencyMs")));
      faults.latency(Duration.ofMillis(min), Duration.ofMillis(max));
    }
    if (p.containsKey("actions")) {
      faults.onlyActions(Set.copyOf(csv(p.get("actions"))));
    }
    if (p.containsKey("seed")) {
      faults.reseed(Long.parseLong(p.get("seed")));
    }
    return faults.describe();
  }

  private SimAllocation seedAllocation(Map<String, String> p) {
    String cidr = required(p, "cidr");
    if (cidr.contains(":")) {
      return state.seedIpv6VpcAllocation(required(p, "poolId"), cidr, p.getOrDefault("resourceId", ""));
    }
    return state.seedAllocation(required(p, "poolId"), cidr, p.getOrDefault("resourceType", "Custom"),
        p.getOrDefault("resourceId", ""), p.get("allocationId"));
  }

  private Set<String> addKey(Map<String, String> p) {
    String id = required(p, "accessKeyId");
    String secret = required(p, "accessKeySecret");
    String token = p.get("securityToken");
    if (token == null || token.isEmpty()) {
      state.addAccessKey(id, secret);
    } else {
      state.addStsAccessKey(id, secret, token);
    }
    if (p.containsKey("allowedActions")) {
      state.restrictAccessKey(id, Set.copyOf(csv(p.get("allowedActions"))));
    }
    return state.accessKeyIds();
  }

  private static Map<String, String> params(HttpExchange exchange) throws IOException {
    Map<String, String> params = new HashMap<>(RpcRequest.parseQuery(exchange.getRequestURI().getRawQuery()));
    byte[] body;
    try (InputStream in = exchange.getRequestBody()) {
      body = in.readNBytes(64 * 1024);
    }
    if (body.length > 0) {
      params.putAll(RpcRequest.parseQuery(new String(body, StandardCharsets.UTF_8).trim()));
    }
    return params;
  }

  private static String required(Map<String, String> p, String name) {
    String v = p.get(name);
    if (v == null || v.isEmpty()) {
      throw new IllegalArgumentException("missing parameter " + name);
    }
    return v;
  }

  private static List<String> csv(String value) {
    if (value == null || value.isBlank()) {
      return List.of();
    }
    return Arrays.stream(value.split(",")).map(String::trim).filter(s -> !s.isEmpty())
        .collect(Collectors.toList());
  }
}
