package dev.alicloud.ipam.simulator;

import com.aliyun.tea.TeaException;
import com.aliyun.teaopenapi.Client;
import com.aliyun.teaopenapi.models.Config;
import com.aliyun.teaopenapi.models.OpenApiRequest;
import com.aliyun.teaopenapi.models.Params;
import com.aliyun.teautil.models.RuntimeOptions;
import java.util.Map;

/** Test-only wrapper around the REAL Alibaba tea-openapi client, pointed at a simulator. */
final class TeaTestClient {

  static final String VERSION = "2023-02-28";

  private final Client client;

  TeaTestClient(VpcIpamSimulator sim, String accessKeyId, String secret) throws Exception {
    this(sim.endpoint(), accessKeyId, secret, null);
  }

  TeaTestClient(String endpoint, String accessKeyId, String secret, String securityToken) throws Exception {
    Config config = new Config().setAccessKeyId(accessKeyId).setAccessKeySecret(secret).setEndpoint(endpoint)
        .setProtocol("http").setRegionId(SimulatorFixture.REGION).setReadTimeout(10_000).setConnectTimeout(5_000);
    if (securityToken != null) {
      config.setSecurityToken(securityToken);
    }
    this.client = new Client(config);
  }

  /** Calls an action and returns the response body. */
  Map<String, Object> call(String action, Map<String, ?> query) throws Exception {
    return call(action, VERSION, query);
  }

  @SuppressWarnings("unchecked")
  Map<String, Object> call(String action, String version, Map<String, ?> query) throws Exception {
    Params params = new Params().setAction(action).setVersion(version).setProtocol("HTTP").setPathname("/")
        .setMethod("POST").setAuthType("AK").setStyle("RPC").setReqBodyType("formData").setBodyType("json");
    OpenApiRequest request = new OpenApiRequest().setQuery(com.aliyun.openapiutil.Client.query(query));
    Map<String, ?> response = client.callApi(params, request, new RuntimeOptions());
    return (Map<String, Object>) response.get("body");
  }

  /** Calls and expects an API error; returns it. */
  TeaException error(String action, Map<String, ?> query) {
    return error(action, VERSION, query);
  }

  TeaException error(String action, String version, Map<String, ?> query) {
    try {
      Map<String, Object> body = call(action, version, query);
      throw new AssertionError("expected an API error from " + action + " but got " + body);
    } catch (TeaException e) {
      return e;
    } catch (Exception e) {
      throw new AssertionError("expected a TeaException from " + action + " but got " + e, e);
    }
  }
}
