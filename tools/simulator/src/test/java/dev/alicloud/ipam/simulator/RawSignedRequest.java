package dev.alicloud.ipam.simulator;

import com.aliyun.tea.TeaRequest;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

/**
 * Test-only: builds a request signed by the SDK's own signing function (openapiutil), so a test can replay it
 * byte for byte or tamper with one header, which the high-level client never does.
 */
final class RawSignedRequest {

  final Map<String, String> query;
  final Map<String, String> headers = new HashMap<>();
  private final String endpoint;

  RawSignedRequest(String endpoint, String action, Map<String, String> query) {
    this.endpoint = endpoint;
    this.query = new HashMap<>(query);
    headers.put("host", endpoint);
    headers.put("x-acs-action", action);
    headers.put("x-acs-version", TeaTestClient.VERSION);
    headers.put("x-acs-date", Instant.now().truncatedTo(ChronoUnit.SECONDS).toString());
    headers.put("x-acs-signature-nonce", UUID.randomUUID().toString());
    headers.put("x-acs-content-sha256", Acs3SignatureVerifier.hex(Acs3SignatureVerifier.sha256(new byte[0])));
  }

  RawSignedRequest sign(String accessKeyId, String secret) throws Exception {
    TeaRequest tea = new TeaRequest();
    tea.method = "POST";
    tea.pathname = "/";
    tea.query = query;
    tea.headers = new HashMap<>(headers);
    headers.put("Authorization", com.aliyun.openapiutil.Client.getAuthorization(tea, "ACS3-HMAC-SHA256",
        headers.get("x-acs-content-sha256"), accessKeyId, secret));
    return this;
  }

  HttpResponse<String> send() throws Exception {
    StringBuilder url = new StringBuilder("http://" + endpoint + "/?");
    query.forEach((k, v) -> url.append(URLEncoder.encode(k, StandardCharsets.UTF_8)).append('=')
        .append(URLEncoder.encode(v, StandardCharsets.UTF_8)).append('&'));
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url.toString()))
        .POST(HttpRequest.BodyPublishers.noBody());
    headers.forEach((k, v) -> {
      if (!"host".equals(k)) {
        b.header(k, v);
      }
    });
    return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build().send(b.build(), HttpResponse.BodyHandlers.ofString());
  }
}
