package dev.alicloud.ipam.simulator;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Checks the ACS3-HMAC-SHA256 signature of a request exactly as Alibaba's gateway defines it, written from the
 * specification (not by calling the SDK), and the replay defences around it (timestamp window, nonce reuse, STS
 * token). Returns the calling {@link AccessKey} or throws the gateway's error.
 *
 * <p>Canonical request: {@code METHOD \n URI \n canonicalQuery \n canonicalHeaders \n signedHeaders \n hashedPayload}
 * where the query is sorted by raw name and RFC 3986 percent-encoded ({@code name=value}, joined by {@code &}), the
 * canonical headers are {@code name:trimmedValue\n} for every signed header in the listed (sorted, lower-case)
 * order, and the hashed payload is the {@code x-acs-content-sha256} header. String to sign:
 * {@code "ACS3-HMAC-SHA256\n" + hex(sha256(canonicalRequest))}; signature: {@code hex(hmacSha256(secret, sts))}.
 *
 * <p>Error codes: no {@code Authorization} → 400 {@code MissingParameter}; malformed one, unsupported algorithm or a
 * required header left unsigned → 400 {@code IncompleteSignature}; missing x-acs-date / nonce / content hash → 400
 * {@code MissingParameter}; unknown key → 404 {@code InvalidAccessKeyId.NotFound}; bad date → 400
 * {@code InvalidTimeStamp.Format}; skew → 400 {@code InvalidTimeStamp.Expired}; STS token absent → 400
 * {@code MissingSecurityToken}, wrong → 400 {@code InvalidSecurityToken.Malformed}, sent for a non-STS key → 400
 * {@code InvalidSecurityToken.MismatchWithAccessKey}; wrong signature or payload hash → 400
 * {@code SignatureDoesNotMatch}; reused nonce → 400 {@code SignatureNonceUsed}.
 */
final class Acs3SignatureVerifier {

  static final String ALGORITHM = "ACS3-HMAC-SHA256";
  private static final List<String> MUST_BE_SIGNED = List.of("host", "x-acs-action", "x-acs-version", "x-acs-date",
      "x-acs-signature-nonce", "x-acs-content-sha256");
  private static final char[] HEX = "0123456789abcdef".toCharArray();
  private static final char[] HEX_UPPER = "0123456789ABCDEF".toCharArray();

  private final Function<String, AccessKey> keys;
  private final Clock clock;
  private final Duration maxSkew;
  private final NonceCache nonces;

  Acs3SignatureVerifier(Function<String, AccessKey> keys, Clock clock, Duration maxSkew, NonceCache nonces) {
    this.keys = keys;
    this.clock = clock;
    this.maxSkew = maxSkew;
    this.nonces = nonces;
  }

  /** Parsed {@code Authorization} header. */
  record Authorization(String algorithm, String accessKeyId, List<String> signedHeaders, String signature) {
  }

  /** Verifies the request; returns the caller's key. */
  AccessKey verify(RpcRequest request) {
    String header = request.header("authorization");
    if (header == null || header.isBlank()) {
      throw ApiException.missing("Authorization");
    }
    Authorization auth = parseAuthorization(header);
    for (String required : MUST_BE_SIGNED) {
      if (!auth.signedHeaders().contains(required)) {
        throw ApiException.badRequest("IncompleteSignature",
            "The request signature does not conform to Aliyun standards: header " + required + " must be signed.");
      }
    }
    String date = requiredHeader(request, "x-acs-date");
    String nonce = requiredHeader(request, "x-acs-signature-nonce");
    String payloadHash = requiredHeader(request, "x-acs-content-sha256");
    AccessKey key = keys.apply(auth.accessKeyId());
    if (key == null) {
      throw new ApiException(404, "InvalidAccessKeyId.NotFound", "Specified access key is not found.");
    }
    checkTimestamp(date);
    checkSecurityToken(request, key, auth);
    String canonical = canonicalRequest(request, auth.signedHeaders(), payloadHash);
    String stringToSign = stringToSign(canonical);
    String expected = sign(key.secret(), stringToSign);
    if (!MessageDigest.isEqual(expected.getBytes(StandardCharsets.US_ASCII),
        auth.signature().toLowerCase(Locale.ROOT).getBytes(StandardCharsets.US_ASCII))) {
      throw ApiException.badRequest("SignatureDoesNotMatch",
          "Specified signature does not match our calculation. server string to sign is:" + stringToSign);
    }
    if (!payloadHash.equalsIgnoreCase(hex(sha256(request.body())))) {
      throw ApiException.badRequest("SignatureDoesNotMatch",
          "The x-acs-content-sha256 header does not match the hash of the request body.");
    }
    if (!nonces.firstUse(key.id(), nonce)) {
      throw ApiException.badRequest("SignatureNonceUsed", "Specified signature nonce was used already.");
    }
    return key;
  }

  /** Parses {@code ACS3-HMAC-SHA256 Credential=..,SignedHeaders=a;b,Signature=..}. */
  static Authorization parseAuthorization(String header) {
    String trimmed = header.trim();
    int space = trimmed.indexOf(' ');
    if (space < 0) {
      throw incomplete("no credential part");
    }
    String algorithm = trimmed.substring(0, space);
    if (!ALGORITHM.equals(algorithm)) {
      throw incomplete("unsupported signature algorithm " + algorithm);
    }
    Map<String, String> parts = new LinkedHashMap<>();
    for (String part : trimmed.substring(space + 1).split(",")) {
      int eq = part.indexOf('=');
      if (eq <= 0) {
        throw incomplete("malformed part '" + part.trim() + "'");
      }
      parts.put(part.substring(0, eq).trim(), part.substring(eq + 1).trim());
    }
    String credential = parts.get("Credential");
    String signedHeaders = parts.get("SignedHeaders");
    String signature = parts.get("Signature");
    if (credential == null || credential.isEmpty() || signedHeaders == null || signedHeaders.isEmpty()
        || signature == null || !signature.matches("[0-9a-fA-F]{64}")) {
      throw incomplete("Credential, SignedHeaders and a 64 hex digit Signature are required");
    }
    List<String> names = new ArrayList<>();
    for (String name : signedHeaders.split(";")) {
      if (name.isEmpty() || !name.equals(name.toLowerCase(Locale.ROOT))) {
        throw incomplete("SignedHeaders must be lower-case names separated by ';'");
      }
      names.add(name);
    }
    return new Authorization(algorithm, credential, List.copyOf(names), signature);
  }

  private static ApiException incomplete(String why) {
    return ApiException.badRequest("IncompleteSignature",
        "The request signature does not conform to Aliyun standards: " + why + ".");
  }

  private static String requiredHeader(RpcRequest request, String name) {
    String v = request.header(name);
    if (v == null || v.isBlank()) {
      throw ApiException.missing(name);
    }
    return v.trim();
  }

  private void checkTimestamp(String date) {
    Instant when;
    try {
      when = Instant.parse(date);
    } catch (DateTimeParseException e) {
      throw ApiException.badRequest("InvalidTimeStamp.Format",
          "Specified time stamp or date value is not well formatted.");
    }
    Duration skew = Duration.between(when, clock.instant()).abs();
    if (skew.compareTo(maxSkew) > 0) {
      throw ApiException.badRequest("InvalidTimeStamp.Expired", "Specified time stamp or date value is expired.");
    }
  }

  private static void checkSecurityToken(RpcRequest request, AccessKey key, Authorization auth) {
    String token = request.header("x-acs-security-token");
    if (key.securityToken() == null) {
      if (token != null && !token.isBlank()) {
        throw ApiException.badRequest("InvalidSecurityToken.MismatchWithAccessKey",
            "The security token does not match the access key.");
      }
      return;
    }
    if (token == null || token.isBlank()) {
      throw ApiException.badRequest("MissingSecurityToken", "The security token is required for this access key.");
    }
    if (!auth.signedHeaders().contains("x-acs-security-token")) {
      throw incomplete("header x-acs-security-token must be signed");
    }
    if (!MessageDigest.isEqual(token.trim().getBytes(StandardCharsets.UTF_8),
        key.securityToken().getBytes(StandardCharsets.UTF_8))) {
      throw ApiException.badRequest("InvalidSecurityToken.Malformed", "The security token you provided is invalid.");
    }
  }

  /** The canonical request for the given signed headers and hashed payload. */
  static String canonicalRequest(RpcRequest request, List<String> signedHeaders, String hashedPayload) {
    StringBuilder headers = new StringBuilder();
    for (String name : signedHeaders) {
      String value = request.header(name);
      if (value == null) {
        throw incomplete("signed header " + name + " is missing from the request");
      }
      headers.append(name).append(':').append(value.trim()).append('\n');
    }
    String uri = request.path().isEmpty() ? "/" : request.path();
    return request.method().toUpperCase(Locale.ROOT) + "\n" + uri + "\n" + canonicalQuery(request.query()) + "\n"
        + headers + "\n" + String.join(";", signedHeaders) + "\n" + hashedPayload;
  }

  /** Query parameters sorted by raw name, each {@code enc(name)=enc(value)}, joined by {@code &}. */
  static String canonicalQuery(Map<String, String> query) {
    String[] names = query.keySet().toArray(new String[0]);
    Arrays.sort(names);
    StringBuilder sb = new StringBuilder();
    for (String name : names) {
      if (sb.length() > 0) {
        sb.append('&');
      }
      sb.append(percentEncode(name)).append('=');
      String value = query.get(name);
      if (value != null && !value.isEmpty()) {
        sb.append(percentEncode(value));
      }
    }
    return sb.toString();
  }

  /** RFC 3986: keeps {@code A-Z a-z 0-9 - _ . ~}, encodes every other UTF-8 byte as {@code %XX}. */
  static String percentEncode(String value) {
    byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
    StringBuilder sb = new StringBuilder(bytes.length * 3);
    for (byte b : bytes) {
      int c = b & 0xFF;
      if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_'
          || c == '.' || c == '~') {
        sb.append((char) c);
      } else {
        sb.append('%').append(HEX_UPPER[c >> 4]).append(HEX_UPPER[c & 0xF]);
      }
    }
    return sb.toString();
  }

  static String stringToSign(String canonicalRequest) {
    return ALGORITHM + "\n" + hex(sha256(canonicalRequest.getBytes(StandardCharsets.UTF_8)));
  }

  static String sign(String secret, String stringToSign) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      return hex(mac.doFinal(stringToSign.getBytes(StandardCharsets.UTF_8)));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 unavailable", e);
    }
  }

  static byte[] sha256(byte[] data) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(data);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("SHA-256 unavailable", e);
    }
  }

  static String hex(byte[] bytes) {
    char[] out = new char[bytes.length * 2];
    for (int i = 0; i < bytes.length; i++) {
      out[2 * i] = HEX[(bytes[i] >> 4) & 0xF];
      out[2 * i + 1] = HEX[bytes[i] & 0xF];
    }
    return new String(out);
  }
}
