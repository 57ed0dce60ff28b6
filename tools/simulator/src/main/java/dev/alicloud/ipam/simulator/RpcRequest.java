package dev.alicloud.ipam.simulator;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.InputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One RPC-style request as the simulator needs it: method, path, decoded query parameters (the API parameters),
 * lower-cased headers and the raw body. Parsing never throws anything but {@link ApiException}, so a garbled request
 * still gets an error JSON.
 */
final class RpcRequest {

  static final int MAX_BODY_BYTES = 1 << 20;

  private final String method;
  private final String path;
  private final Map<String, String> query;
  private final Map<String, String> headers;
  private final byte[] body;

  RpcRequest(String method, String path, Map<String, String> query, Map<String, String> headers, byte[] body) {
    this.method = method;
    this.path = path;
    this.query = Collections.unmodifiableMap(new LinkedHashMap<>(query));
    Map<String, String> lower = new LinkedHashMap<>();
    headers.forEach((k, v) -> lower.putIfAbsent(k.toLowerCase(Locale.ROOT), v));
    this.headers = Collections.unmodifiableMap(lower);
    this.body = body.clone();
  }

  /** Reads the exchange (headers, query, body). */
  static RpcRequest read(HttpExchange exchange) throws IOException {
    Map<String, String> headers = new LinkedHashMap<>();
    for (Map.Entry<String, List<String>> e : exchange.getRequestHeaders().entrySet()) {
      if (e.getKey() != null && e.getValue() != null && !e.getValue().isEmpty()) {
        headers.putIfAbsent(e.getKey().toLowerCase(Locale.ROOT), e.getValue().get(0));
      }
    }
    byte[] body;
    try (InputStream in = exchange.getRequestBody()) {
      body = in.readNBytes(MAX_BODY_BYTES + 1);
    }
    if (body.length > MAX_BODY_BYTES) {
      throw ApiException.badRequest("InvalidParameter", "The request body is too large.");
    }
    String rawPath = exchange.getRequestURI().getRawPath();
    return new RpcRequest(exchange.getRequestMethod(), rawPath == null ? "" : rawPath,
        parseQuery(exchange.getRequestURI().getRawQuery()), headers, body);
  }

  /**
   * Decodes a raw query string ({@code a=1&b=x%20y}, {@code +} means space) into an ordered map.
   *
   * @throws ApiException {@code InvalidParameter} on broken percent-encoding or a repeated name
   */
  static Map<String, String> parseQuery(String rawQuery) {
    Map<String, String> params = new LinkedHashMap<>();
    if (rawQuery == null || rawQuery.isEmpty()) {
      return params;
    }
    for (String part : rawQuery.split("&")) {
      if (part.isEmpty()) {
        continue;
      }
      int eq = part.indexOf('=');
      String name = decode(eq < 0 ? part : part.substring(0, eq));
      String value = eq < 0 ? "" : decode(part.substring(eq + 1));
      if (params.put(name, value) != null) {
        throw ApiException.badRequest("InvalidParameter", "The parameter \"" + name + "\" is repeated.");
      }
    }
    return params;
  }

  private static String decode(String s) {
    try {
      return URLDecoder.decode(s, StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      throw ApiException.badRequest("InvalidParameter", "The query string is not correctly percent-encoded.");
    }
  }

  String method() {
    return method;
  }

  String path() {
    return path;
  }

  /** API parameters (decoded query). */
  Map<String, String> query() {
    return query;
  }

  /** Header by lower-case name, or null. */
  String header(String lowerCaseName) {
    return headers.get(lowerCaseName);
  }

  Map<String, String> headers() {
    return headers;
  }

  byte[] body() {
    return body.clone();
  }

  /** The action named by {@code x-acs-action} (or the legacy {@code Action} query parameter). */
  String action() {
    String a = header("x-acs-action");
    return a != null && !a.isBlank() ? a.trim() : query.get("Action");
  }

  /** The version named by {@code x-acs-version} (or the legacy {@code Version} query parameter). */
  String version() {
    String v = header("x-acs-version");
    return v != null && !v.isBlank() ? v.trim() : query.get("Version");
  }
}
