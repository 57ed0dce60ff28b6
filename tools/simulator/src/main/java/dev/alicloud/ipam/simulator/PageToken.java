package dev.alicloud.ipam.simulator;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * Opaque {@code NextToken} values: a cursor (the last item of the previous page) bound to the listing it came from
 * (pool and filters), so a token from another listing or a garbled one answers {@code InvalidParameter.NextToken}.
 */
final class PageToken {

  private static final String VERSION = "v1";

  private PageToken() {
  }

  static String encode(String scope, String cursor) {
    String raw = VERSION + "\n" + scope + "\n" + cursor;
    return Base64.getUrlEncoder().withoutPadding().encodeToString(raw.getBytes(StandardCharsets.UTF_8));
  }

  /** The cursor inside a token, or {@code InvalidParameter.NextToken} when it is not one of this listing's. */
  static String decode(String token, String scope) {
    String raw;
    try {
      raw = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      throw invalid();
    }
    String[] parts = raw.split("\n", -1);
    if (parts.length != 3 || !VERSION.equals(parts[0]) || !parts[1].equals(scope) || parts[2].isEmpty()) {
      throw invalid();
    }
    return parts[2];
  }

  static ApiException invalid() {
    return ApiException.badRequest("InvalidParameter.NextToken", "The specified NextToken is invalid.");
  }
}
