package dev.alicloud.ipam.simulator;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Typed, validating access to the API parameters of a request (required / optional strings, booleans, integers,
 * flattened lists {@code Name.1..N}), each failure answered with the Alibaba-style error code. An empty value counts
 * as "not given", as on the real gateway.
 */
final class RequestParams {

  static final int MAX_CLIENT_TOKEN = 64;

  private final Map<String, String> query;

  RequestParams(Map<String, String> query) {
    this.query = query;
  }

  /** The value, or {@code MissingParameter}. */
  String required(String name) {
    String v = optional(name);
    if (v == null) {
      throw ApiException.missing(name);
    }
    return v;
  }

  /** The value, or null when absent or empty. */
  String optional(String name) {
    String v = query.get(name);
    return v == null || v.isEmpty() ? null : v;
  }

  /** {@code true}/{@code false} (any case), default false; anything else is {@code IllegalParam.<name>}. */
  boolean bool(String name) {
    String v = optional(name);
    if (v == null) {
      return false;
    }
    switch (v.toLowerCase(Locale.ROOT)) {
      case "true":
        return true;
      case "false":
        return false;
      default:
        throw ApiException.badRequest("IllegalParam." + name, "The parameter " + name + " must be true or false.");
    }
  }

  /** A decimal integer within [min, max], or null when absent; else {@code IllegalParam.<name>}. */
  Integer integer(String name, int min, int max) {
    String v = optional(name);
    if (v == null) {
      return null;
    }
    try {
      int i = Integer.parseInt(v.trim());
      if (i >= min && i <= max) {
        return i;
      }
    } catch (NumberFormatException e) {
      // fall through
    }
    throw ApiException.badRequest("IllegalParam." + name,
        "The parameter " + name + " must be an integer from " + min + " to " + max + ".");
  }

  /** Values of {@code name.1}, {@code name.2}, ... in index order; {@code IllegalParam.<name>} over maxItems. */
  List<String> list(String name, int maxItems) {
    TreeMap<Integer, String> items = new TreeMap<>();
    String prefix = name + ".";
    for (Map.Entry<String, String> e : query.entrySet()) {
      if (!e.getKey().startsWith(prefix) || e.getValue().isEmpty()) {
        continue;
      }
      try {
        items.put(Integer.parseInt(e.getKey().substring(prefix.length())), e.getValue());
      } catch (NumberFormatException ex) {
        throw ApiException.badRequest("IllegalParam." + name, "The parameter " + e.getKey() + " is not valid.");
      }
    }
    if (items.size() > maxItems) {
      throw ApiException.badRequest("IllegalParam." + name,
          "The parameter " + name + " accepts at most " + maxItems + " items.");
    }
    return new ArrayList<>(items.values());
  }

  /** {@code ClientToken}: printable ASCII, at most 64 characters; else {@code IllegalParam.ClientToken}. */
  String clientToken() {
    String v = optional("ClientToken");
    if (v == null) {
      return null;
    }
    boolean ascii = StandardCharsets.US_ASCII.newEncoder().canEncode(v) && v.chars().allMatch(c -> c > 31 && c < 127);
    if (!ascii || v.length() > MAX_CLIENT_TOKEN) {
      throw ApiException.badRequest("IllegalParam.ClientToken",
          "The ClientToken must consist of at most " + MAX_CLIENT_TOKEN + " printable ASCII characters.");
    }
    return v;
  }

  /** Every parameter except the ones named, sorted: the fingerprint compared for idempotent replays. */
  String fingerprint(String... excluded) {
    TreeMap<String, String> sorted = new TreeMap<>(query);
    for (String e : excluded) {
      sorted.remove(e);
    }
    sorted.values().removeIf(String::isEmpty);
    return sorted.toString();
  }
}
