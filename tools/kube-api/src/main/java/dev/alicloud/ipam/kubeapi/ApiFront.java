package dev.alicloud.ipam.kubeapi;

import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketConnectOptions;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BiFunction;

/**
 * The embedded API's public port, in front of the CRUD mock: requests and WebSocket watches (fabric8 clients) pass
 * through unchanged, while a watch asked over plain HTTP ({@code ?watch=true} or {@code watch=1} without an upgrade,
 * as kubectl and client-go ask) is served as the apiserver serves it: a chunked response of one JSON watch event per
 * line, read from a WebSocket watch of the mock. The mock serves watches over WebSocket only.
 */
final class ApiFront implements AutoCloseable {

  /** Hop-by-hop and framing headers, which belong to one connection and are not passed on. */
  private static final Set<String> HOP_HEADERS = Set.of("connection", "keep-alive", "transfer-encoding", "upgrade",
      "host", "content-length", "proxy-connection", "te", "trailer", "sec-websocket-key", "sec-websocket-version",
      "sec-websocket-extensions", "sec-websocket-accept");

  private final Vertx vertx;
  private final HttpServer server;
  private final HttpClient http;
  private final WebSocketClient webSockets;
  private final String backendHost;
  private final int backendPort;
  private final BiFunction<HttpServerRequest, String, String> watchEvent;

  private ApiFront(Vertx vertx, String backendHost, int backendPort,
      BiFunction<HttpServerRequest, String, String> watchEvent) {
    this.vertx = vertx;
    this.backendHost = backendHost;
    this.backendPort = backendPort;
    this.watchEvent = watchEvent;
    this.http = vertx.createHttpClient();
    this.webSockets = vertx.createWebSocketClient();
    this.server = vertx.createHttpServer(new HttpServerOptions().setMaxWebSocketFrameSize(64 * 1024 * 1024)
        .setMaxWebSocketMessageSize(256 * 1024 * 1024));
    server.requestHandler(this::handle);
  }

  /**
   * Listens on {@code host:port} in front of the mock at {@code backendHost:backendPort}.
   *
   * @param watchEvent turns one watch event of the mock (a JSON line) into what the watching request asked for (a
   *     Table, say); null drops it
   * @throws IllegalStateException when the port cannot be bound
   */
  static ApiFront start(String host, int port, String backendHost, int backendPort,
      BiFunction<HttpServerRequest, String, String> watchEvent) {
    Vertx vertx = Vertx.vertx();
    ApiFront front = new ApiFront(vertx, backendHost, backendPort, watchEvent);
    try {
      await(front.server.listen(port, host));
    } catch (RuntimeException e) {
      front.close();
      throw new IllegalStateException("cannot listen on " + host + ":" + port + ": " + e.getMessage(), e);
    }
    return front;
  }

  int port() {
    return server.actualPort();
  }

  private void handle(HttpServerRequest request) {
    boolean upgrade = "websocket".equalsIgnoreCase(request.getHeader("Upgrade"));
    ApiRequest api = ApiRequest.parse(request.uri());
    if (upgrade) {
      proxyWebSocket(request);
    } else if (request.method() == HttpMethod.GET && api.watch()) {
      streamWatch(request, api);
    } else {
      proxy(request);
    }
  }

  private void proxy(HttpServerRequest request) {
    request.body().compose(body -> http.request(new RequestOptions().setMethod(request.method())
            .setHost(backendHost).setPort(backendPort).setURI(request.uri()))
        .compose(backend -> {
          copyHeaders(request.headers(), backend.headers());
          return backend.send(body);
        }))
        .compose(response -> response.body().map(body -> {
          HttpServerResponse out = request.response().setStatusCode(response.statusCode());
          copyHeaders(response.headers(), out.headers());
          out.end(body);
          return null;
        }))
        .onFailure(e -> fail(request, e));
  }

  private void proxyWebSocket(HttpServerRequest request) {
    WebSocketConnectOptions options = new WebSocketConnectOptions().setHost(backendHost).setPort(backendPort)
        .setURI(request.uri());
    copyHeaders(request.headers(), options.getHeaders() == null ? setHeaders(options) : options.getHeaders());
    request.pause();
    webSockets.connect(options).onSuccess(backend -> request.toWebSocket().onSuccess(client -> {
      client.textMessageHandler(backend::writeTextMessage);
      client.binaryMessageHandler(backend::writeBinaryMessage);
      backend.textMessageHandler(client::writeTextMessage);
      backend.binaryMessageHandler(client::writeBinaryMessage);
      client.closeHandler(v -> backend.close());
      backend.closeHandler(v -> client.close());
    }).onFailure(e -> backend.close())).onFailure(e -> {
      request.resume();
      fail(request, e);
    });
  }

  private static MultiMap setHeaders(WebSocketConnectOptions options) {
    MultiMap headers = MultiMap.caseInsensitiveMultiMap();
    options.setHeaders(headers);
    return headers;
  }

  /** A watch over HTTP: the mock's WebSocket watch, one event per line of a chunked answer, until either side ends. */
  private void streamWatch(HttpServerRequest request, ApiRequest api) {
    WebSocketConnectOptions options = new WebSocketConnectOptions().setHost(backendHost).setPort(backendPort)
        .setURI(webSocketWatchUri(api));
    copyHeaders(request.headers(), setHeaders(options));
    webSockets.connect(options).onSuccess(backend -> {
      HttpServerResponse out = request.response().setStatusCode(200).setChunked(true)
          .putHeader("Content-Type", "application/json");
      out.writeHead();
      backend.textMessageHandler(event -> {
        String line = watchEvent.apply(request, event);
        if (line != null) {
          out.write(line + "\n");
        }
      });
      backend.closeHandler(v -> {
        if (!out.ended() && !out.closed()) {
          out.end();
        }
      });
      out.closeHandler(v -> backend.close());
      api.param("timeoutSeconds").map(ApiFront::seconds).filter(s -> s > 0)
          .ifPresent(s -> vertx.setTimer(TimeUnit.SECONDS.toMillis(s), id -> backend.close()));
    }).onFailure(e -> fail(request, e));
  }

  /** The mock knows a watch by {@code watch=true} in the query of the resource path (not {@code watch=1}). */
  static String webSocketWatchUri(ApiRequest api) {
    String path = api.path().replaceFirst("^(/api/[^/]+|/apis/[^/]+/[^/]+)/watch/", "$1/");
    StringBuilder query = new StringBuilder("watch=true");
    for (String pair : api.query()) {
      if (!pair.startsWith("watch=") && !pair.equals("watch")) {
        query.append('&').append(pair);
      }
    }
    return path + "?" + query;
  }

  private static long seconds(String value) {
    try {
      return Long.parseLong(value);
    } catch (NumberFormatException e) {
      return 0;
    }
  }

  private static void copyHeaders(MultiMap from, MultiMap to) {
    from.forEach(header -> {
      if (!HOP_HEADERS.contains(header.getKey().toLowerCase(Locale.ROOT))) {
        to.add(header.getKey(), header.getValue());
      }
    });
  }

  private static void fail(HttpServerRequest request, Throwable e) {
    HttpServerResponse out = request.response();
    if (!out.headWritten()) {
      out.setStatusCode(502).putHeader("Content-Type", "application/json").end("{\"kind\":\"Status\","
          + "\"apiVersion\":\"v1\",\"metadata\":{},\"status\":\"Failure\",\"message\":\"embedded API: "
          + String.valueOf(e.getMessage()).replace("\\", "\\\\").replace("\"", "\\\"") + "\",\"reason\":"
          + "\"ServiceUnavailable\",\"code\":502}");
    } else if (!out.ended()) {
      out.end();
    }
  }

  private static <T> T await(Future<T> future) {
    CompletableFuture<T> done = new CompletableFuture<>();
    future.onComplete(r -> {
      if (r.succeeded()) {
        done.complete(r.result());
      } else {
        done.completeExceptionally(r.cause());
      }
    });
    try {
      return done.get(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    } catch (ExecutionException e) {
      throw new IllegalStateException(e.getCause().getMessage(), e.getCause());
    } catch (TimeoutException e) {
      throw new IllegalStateException("timed out", e);
    }
  }

  @Override
  public void close() {
    try {
      await(server.close());
    } catch (RuntimeException e) {
      // already closed
    }
    try {
      await(vertx.close());
    } catch (RuntimeException e) {
      // already closed
    }
  }
}
