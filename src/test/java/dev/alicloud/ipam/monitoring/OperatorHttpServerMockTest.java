package dev.alicloud.ipam.monitoring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.alicloud.ipam.monitoring.OperatorHttpServer.Health;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The probes and /metrics over real HTTP on a loopback port. */
@Tag("mock")
class OperatorHttpServerMockTest {

  private final HttpClient http = HttpClient.newHttpClient();

  private HttpResponse<String> call(OperatorHttpServer server, String method, String path) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
        .method(method, HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void probesFollowTheOperatorsHealthAndMetricsAreServedAsPrometheusText() throws Exception {
    AtomicReference<Health> health = new AtomicReference<>(new Health(true, false, "starting"));
    try (OperatorHttpServer server = OperatorHttpServer.start(0, health::get, () -> "ipam_leader 1\n")) {
      assertThat(call(server, "GET", "/healthz").statusCode()).isEqualTo(200);
      HttpResponse<String> notReady = call(server, "GET", "/readyz");
      assertThat(notReady.statusCode()).isEqualTo(503);
      assertThat(notReady.body()).contains("starting");

      health.set(new Health(true, true, "running"));
      assertThat(call(server, "GET", "/readyz").statusCode()).isEqualTo(200);

      health.set(new Health(false, false, "operator stopped"));
      assertThat(call(server, "GET", "/healthz").statusCode()).isEqualTo(503);

      HttpResponse<String> metrics = call(server, "GET", "/metrics");
      assertThat(metrics.statusCode()).isEqualTo(200);
      assertThat(metrics.headers().firstValue("Content-Type")).hasValue(OperatorHttpServer.METRICS_CONTENT_TYPE);
      assertThat(metrics.body()).isEqualTo("ipam_leader 1\n");
      assertThat(call(server, "POST", "/metrics").statusCode()).as("read-only").isEqualTo(405);
    }
  }
}
