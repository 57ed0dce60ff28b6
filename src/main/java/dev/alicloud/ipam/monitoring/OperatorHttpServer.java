package dev.alicloud.ipam.monitoring;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;
import java.util.function.Supplier;

/**
 * The operator's own HTTP port: {@code /healthz} for the liveness probe, {@code /readyz} for the readiness probe and
 * {@code /metrics} for Prometheus. Plain JDK server: three read-only endpoints need no framework.
 */
public final class OperatorHttpServer implements AutoCloseable {

  /** Prometheus text exposition format 0.0.4. */
  static final String METRICS_CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

  private final HttpServer server;

  private OperatorHttpServer(HttpServer server) {
    this.server = server;
  }

  /**
   * Serves on {@code port} (0: any free one) of every interface, so the kubelet and Prometheus can reach it.
   *
   * @param health what the probes answer
   * @param metrics the current metrics text
   */
  public static OperatorHttpServer start(int port, Supplier<Health> health, Supplier<String> metrics) {
    return start(new InetSocketAddress(port), health, metrics);
  }

  /** Serves on one address only, e.g. loopback for the sandbox. */
  public static OperatorHttpServer start(InetSocketAddress address, Supplier<Health> health,
      Supplier<String> metrics) {
    int port = address.getPort();
    HttpServer server;
    try {
      server = HttpServer.create(address, 16);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot listen on port " + port, e);
    }
    server.createContext("/healthz", ex -> {
      Health h = health.get();
      probe(ex, h.live(), h.detail());
    });
    server.createContext("/readyz", ex -> {
      Health h = health.get();
      probe(ex, h.ready(), h.detail());
    });
    server.createContext("/metrics", ex -> respond(ex, 200, METRICS_CONTENT_TYPE, metrics.get()));
    server.setExecutor(Executors.newFixedThreadPool(2, r -> {
      Thread t = new Thread(r, "http");
      t.setDaemon(true);
      return t;
    }));
    server.start();
    return new OperatorHttpServer(server);
  }

  /**
   * What the probes see.
   *
   * @param live false only when the operator stopped and the pod should be restarted
   * @param ready true once the operator runs and its informers are connected
   * @param detail one line for a person reading the probe's body
   */
  public record Health(boolean live, boolean ready, String detail) {
  }

  public int port() {
    return server.getAddress().getPort();
  }

  /** The address bound, as a URL host ({@code 127.0.0.1}; {@code 0.0.0.0} when every interface). */
  public String host() {
    return server.getAddress().getAddress().getHostAddress();
  }

  private static void probe(HttpExchange exchange, boolean ok, String detail) throws IOException {
    respond(exchange, ok ? 200 : 503, "text/plain; charset=utf-8", (ok ? "ok" : "not ok") + ": " + detail + "\n");
  }

  private static void respond(HttpExchange exchange, int status, String contentType, String body)
      throws IOException {
    try (exchange) {
      if (!"GET".equals(exchange.getRequestMethod()) && !"HEAD".equals(exchange.getRequestMethod())) {
        exchange.sendResponseHeaders(405, -1);
        return;
      }
      byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().set("Content-Type", contentType);
      boolean head = "HEAD".equals(exchange.getRequestMethod());
      exchange.sendResponseHeaders(status, head ? -1 : bytes.length);
      if (!head) {
        try (OutputStream out = exchange.getResponseBody()) {
          out.write(bytes);
        }
      }
    }
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
