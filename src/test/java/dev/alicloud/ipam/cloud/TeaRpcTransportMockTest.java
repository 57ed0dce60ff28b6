package dev.alicloud.ipam.cloud;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The real Tea SDK path against a local HTTP server: signing headers, no SDK retries, raw error answers, timeouts. */
@Tag("mock")
class TeaRpcTransportMockTest {

  private static final String SECRET = "S3cr3tValueThatMustNeverLeak0123";
  private static final String TOKEN = "CAIS-sts-token-that-must-never-leak-xyz";

  record Seen(String method, String path, Map<String, String> query, Map<String, String> headers) {
  }

  private HttpServer server;
  private final List<Seen> seen = new CopyOnWriteArrayList<>();
  private final AtomicReference<Object[]> reply = new AtomicReference<>(new Object[] {200, "{\"RequestId\":\"r\"}"});

  @BeforeEach
  void start() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/", this::handle);
    server.start();
  }

  @AfterEach
  void stop() {
    server.stop(0);
  }

  private void handle(HttpExchange ex) throws IOException {
    Map<String, String> query = new TreeMap<>();
    String raw = ex.getRequestURI().getRawQuery();
    if (raw != null) {
      for (String pair : raw.split("&")) {
        int eq = pair.indexOf('=');
        query.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
            URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
      }
    }
    Map<String, String> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    ex.getRequestHeaders().forEach((k, v) -> headers.put(k, String.join(",", v)));
    seen.add(new Seen(ex.getRequestMethod(), ex.getRequestURI().getPath(), query, headers));
    Object[] r = reply.get();
    if (r[0] instanceof Long sleep) {
      try {
        Thread.sleep(sleep);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      r = new Object[] {200, "{}"};
    }
    byte[] body = ((String) r[1]).getBytes(StandardCharsets.UTF_8);
    ex.getResponseHeaders().add("Content-Type", r.length > 2 ? (String) r[2] : "application/json;charset=utf-8");
    ex.sendResponseHeaders((Integer) r[0], body.length);
    ex.getResponseBody().write(body);
    ex.close();
  }

  private VpcIpamClient client(CloudCredentials creds) {
    CloudEndpoint endpoint = CloudEndpoint.of("http://127.0.0.1:" + server.getAddress().getPort())
        .withTimeouts(Duration.ofSeconds(2), Duration.ofMillis(700));
    return new VpcIpamClient(endpoint, "cn-hangzhou", creds);
  }

  @Test
  void signedRpcPostWithParametersInTheQuery() {
    reply.set(new Object[] {200, "{\"RequestId\":\"req-ok\",\"IpamPoolAllocationId\":\"ipam-alloc-1\","
        + "\"Cidr\":\"10.0.0.0/24\",\"SourceCidr\":\"10.0.0.0/8\"}"});
    CreatedAllocation c = client(CloudCredentials.accessKey("LTAI5tExampleKeyabcd", SECRET, TOKEN))
        .create(new CreateAllocationRequest(null, "ipam-pool-1", "10.0.0.0/24", null, "n", "Desc", false, "tok"));
    assertThat(c.allocationId()).isEqualTo("ipam-alloc-1");
    Seen s = seen.get(0);
    assertThat(s.method()).isEqualTo("POST");
    assertThat(s.path()).isEqualTo("/");
    assertThat(s.query()).containsEntry("RegionId", "cn-hangzhou").containsEntry("IpamPoolId", "ipam-pool-1")
        .containsEntry("Cidr", "10.0.0.0/24").containsEntry("ClientToken", "tok");
    assertThat(s.headers()).containsEntry("x-acs-action", "CreateIpamPoolAllocation")
        .containsEntry("x-acs-version", "2023-02-28")
        .containsEntry("x-acs-security-token", TOKEN)
        .containsKeys("x-acs-date", "x-acs-signature-nonce", "x-acs-content-sha256");
    assertThat(s.headers().get("Authorization"))
        .startsWith("ACS3-HMAC-SHA256 Credential=LTAI5tExampleKeyabcd,SignedHeaders=")
        .contains("Signature=").doesNotContain(SECRET);
    assertThat(s.headers().get("User-Agent")).contains(TeaRpcTransport.USER_AGENT);
  }

  @Test
  void errorAnswersAreClassifiedAndNeverRetriedByTheSdk() {
    reply.set(new Object[] {400, "{\"RequestId\":\"req-t\",\"Code\":\"Throttling.User\",\"Message\":\"Request was "
        + "denied due to user flow control.\"}"});
    VpcIpamClient client = client(CloudCredentials.accessKey("LTAI5tExampleKeyabcd", SECRET, null));
    assertThatThrownBy(() -> client.delete("ipam-alloc-1", false, null))
        .isInstanceOfSatisfying(CloudException.class, e -> {
          assertThat(e.code()).isEqualTo("Throttling.User");
          assertThat(e.httpStatus()).isEqualTo(400);
          assertThat(e.requestId()).isEqualTo("req-t");
          assertThat(e.kind()).isEqualTo(ErrorKind.THROTTLED);
        });
    reply.set(new Object[] {503, "<html>upstream down</html>", "text/html"});
    assertThatThrownBy(() -> client.get("ipam-alloc-1")).isInstanceOfSatisfying(CloudException.class, e -> {
      assertThat(e.code()).isEqualTo("UnknownError");
      assertThat(e.httpStatus()).isEqualTo(503);
      assertThat(e.kind()).isEqualTo(ErrorKind.UNAVAILABLE);
    });
    assertThat(seen).hasSize(2);
  }

  @Test
  void readTimeoutIsATransportError() {
    reply.set(new Object[] {2_000L, ""});
    VpcIpamClient client = client(CloudCredentials.accessKey("LTAI5tExampleKeyabcd", SECRET, null));
    assertThatThrownBy(() -> client.get("ipam-alloc-1")).isInstanceOfSatisfying(CloudException.class, e -> {
      assertThat(e.code()).isEqualTo("TransportError");
      assertThat(e.httpStatus()).isZero();
      assertThat(e.retryable()).isTrue();
      assertThat(e.getMessage()).doesNotContain(SECRET);
    });
    assertThat(seen).hasSize(1);
  }

  @Test
  void refusedConnectionIsATransportError() throws IOException {
    int port;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = s.getLocalPort();
    }
    VpcIpamClient client = new VpcIpamClient(CloudEndpoint.of("http://127.0.0.1:" + port), "cn-hangzhou",
        CloudCredentials.accessKey("LTAI5tExampleKeyabcd", SECRET, TOKEN));
    assertThatThrownBy(() -> client.list("ipam-pool-1", null, 10, null))
        .isInstanceOfSatisfying(CloudException.class, e -> {
          assertThat(e.code()).isEqualTo("TransportError");
          assertThat(e.kind()).isEqualTo(ErrorKind.UNAVAILABLE);
          assertThat(e.action()).isEqualTo("ListIpamPoolAllocations");
          assertThat(e.getMessage()).contains("127.0.0.1:" + port).doesNotContain(SECRET).doesNotContain(TOKEN);
        });
  }
}
