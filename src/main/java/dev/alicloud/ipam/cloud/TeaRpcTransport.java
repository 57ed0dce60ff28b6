package dev.alicloud.ipam.cloud;

import com.aliyun.teaopenapi.models.Config;
import com.aliyun.teaopenapi.models.OpenApiRequest;
import com.aliyun.teaopenapi.models.Params;
import com.aliyun.teautil.models.RuntimeOptions;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;

/**
 * {@link RpcTransport} over {@code com.aliyun.teaopenapi.Client#callApi}: ACS3-HMAC-SHA256 signing, no SDK retries
 * (the operator owns retries), explicit timeouts, and every HTTP answer returned raw (status + body string) so that
 * error bodies that are not JSON are still classified with their real status.
 */
final class TeaRpcTransport implements RpcTransport {

  static final String VERSION = "2023-02-28";
  static final String USER_AGENT = "vpc-ipam-operator";
  /** The action name of a CloudException raised while the client is being built. */
  static final String SETUP = "ClientSetup";

  private final com.aliyun.teaopenapi.Client client;
  private final String protocol;
  private final int connectTimeoutMs;
  private final int readTimeoutMs;
  private final String target;

  TeaRpcTransport(CloudEndpoint endpoint, String regionId, CloudCredentials credentials) {
    String host = endpoint.hostFor(regionId);
    this.protocol = endpoint.protocolFor(regionId);
    this.connectTimeoutMs = millis(endpoint.connectTimeout());
    this.readTimeoutMs = millis(endpoint.readTimeout());
    this.target = protocol.toLowerCase(Locale.ROOT) + "://" + host;
    com.aliyun.credentials.Client credentialsClient;
    try {
      credentialsClient = credentials.toCredentialsClient();
    } catch (RuntimeException e) {
      throw CloudErrors.fromThrowable(SETUP, new com.aliyun.credentials.exception.CredentialException(
          String.valueOf(e.getMessage())), credentials, target);
    }
    Config config = new Config()
        .setCredential(credentialsClient)
        .setEndpoint(host)
        .setProtocol(protocol.toLowerCase(Locale.ROOT))
        .setRegionId(regionId)
        .setConnectTimeout(connectTimeoutMs)
        .setReadTimeout(readTimeoutMs)
        .setCallTimeout((int) Math.min(Integer.MAX_VALUE, (long) connectTimeoutMs + readTimeoutMs))
        .setUserAgent(USER_AGENT);
    try {
      this.client = new com.aliyun.teaopenapi.Client(config);
    } catch (Exception e) {
      throw new CloudException(SETUP, ErrorClassifier.UNKNOWN_ERROR, 0, null,
          "cannot build the VpcIpam client for " + target + ": " + e.getClass().getSimpleName(), null);
    }
  }

  @Override
  public RpcResponse call(String action, Map<String, String> query) throws Exception {
    Map<String, ?> response = client.callApi(params(action, protocol), new OpenApiRequest().setQuery(query),
        runtime(connectTimeoutMs, readTimeoutMs));
    Object status = response.get("statusCode");
    Object body = response.get("body");
    return new RpcResponse(status instanceof Number n ? n.intValue() : 0, body == null ? null : body.toString());
  }

  @Override
  public String target() {
    return target;
  }

  /** RPC style, POST /, every parameter in the query; the body is read as a string and parsed by the client. */
  static Params params(String action, String protocol) {
    return new Params()
        .setAction(action)
        .setVersion(VERSION)
        .setProtocol(protocol)
        .setPathname("/")
        .setMethod("POST")
        .setAuthType("AK")
        .setStyle("RPC")
        .setReqBodyType("formData")
        .setBodyType("string");
  }

  /** No SDK retries; error answers come back as responses instead of TeaExceptions. */
  static RuntimeOptions runtime(int connectTimeoutMs, int readTimeoutMs) {
    return new RuntimeOptions()
        .setAutoretry(false)
        .setMaxAttempts(0)
        .setReturnErrorResponse(true)
        .setConnectTimeout(connectTimeoutMs)
        .setReadTimeout(readTimeoutMs);
  }

  private static int millis(Duration d) {
    return (int) Math.min(Integer.MAX_VALUE, d.toMillis());
  }
}
