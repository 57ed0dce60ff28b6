package dev.alicloud.ipam.cloud;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Objects;

/**
 * Which identity signs the calls: the default credentials chain (system properties, environment, RRSA/OIDC, CLI
 * profile, credentials file, ECS RAM role, credentials URI) or explicit keys read from a Kubernetes Secret.
 * {@link #toString()} and {@link #describe()} never reveal the secret or the token; equality covers every field, so a
 * rotated secret is a different cache key.
 */
public final class CloudCredentials {

  private static final CloudCredentials DEFAULT_CHAIN = new CloudCredentials(null, null, null);
  /** One chain client per process: the chain starts an ECS refresher thread and caches what it finds. */
  private static volatile com.aliyun.credentials.Client sharedDefaultChain;

  private final String accessKeyId;
  private final String accessKeySecret;
  private final String securityToken;

  private CloudCredentials(String accessKeyId, String accessKeySecret, String securityToken) {
    this.accessKeyId = accessKeyId;
    this.accessKeySecret = accessKeySecret;
    this.securityToken = securityToken;
  }

  /** The SDK's default credentials chain (RRSA on ACK, environment, ECS RAM role ...). */
  public static CloudCredentials defaultChain() {
    return DEFAULT_CHAIN;
  }

  /**
   * Explicit keys; surrounding whitespace (a trailing newline in a Secret) is dropped, a blank token means none.
   *
   * @throws IllegalArgumentException when the ID or the secret is blank (the message never contains the secret)
   */
  public static CloudCredentials accessKey(String accessKeyId, String accessKeySecret, String securityTokenOrNull) {
    String id = trimToNull(accessKeyId);
    String secret = trimToNull(accessKeySecret);
    if (id == null) {
      throw new IllegalArgumentException("access key ID is empty");
    }
    if (secret == null) {
      throw new IllegalArgumentException("access key secret is empty for access key " + mask(id));
    }
    return new CloudCredentials(id, secret, trimToNull(securityTokenOrNull));
  }

  /** True for the default chain, false for explicit keys. */
  public boolean isDefaultChain() {
    return accessKeyId == null;
  }

  /** True for explicit keys that carry an STS security token. */
  public boolean isSts() {
    return securityToken != null;
  }

  /** The access key ID (not a secret) for explicit keys; null for the default chain. */
  public String accessKeyId() {
    return accessKeyId;
  }

  /**
   * A credentials client for the Tea SDK: {@code access_key} or {@code sts} for explicit keys, else the default chain
   * (one instance shared by the whole process, built on first use).
   *
   * @throws RuntimeException when the chain cannot be set up (e.g. half-configured RRSA environment variables)
   */
  public com.aliyun.credentials.Client toCredentialsClient() {
    if (isDefaultChain()) {
      return defaultChainClient();
    }
    com.aliyun.credentials.models.Config config = new com.aliyun.credentials.models.Config()
        .setType(isSts() ? "sts" : "access_key")
        .setAccessKeyId(accessKeyId)
        .setAccessKeySecret(accessKeySecret);
    if (isSts()) {
      config.setSecurityToken(securityToken);
    }
    return new com.aliyun.credentials.Client(config);
  }

  private static com.aliyun.credentials.Client defaultChainClient() {
    com.aliyun.credentials.Client client = sharedDefaultChain;
    if (client == null) {
      synchronized (CloudCredentials.class) {
        client = sharedDefaultChain;
        if (client == null) {
          client = new com.aliyun.credentials.Client();
          sharedDefaultChain = client;
        }
      }
    }
    return client;
  }

  /** For people: "default credentials chain", "access key LTAI****abcd" or "STS token for access key STS.****abcd". */
  public String describe() {
    if (isDefaultChain()) {
      return "default credentials chain";
    }
    return (isSts() ? "STS token for access key " : "access key ") + mask(accessKeyId);
  }

  /** A non-reversible identifier for logs: the first 12 hex digits of SHA-256 over all fields. */
  public String fingerprint() {
    if (isDefaultChain()) {
      return "default";
    }
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      String material = accessKeyId + '\n' + accessKeySecret + '\n' + Objects.toString(securityToken, "");
      return HexFormat.of().formatHex(sha.digest(material.getBytes(StandardCharsets.UTF_8))).substring(0, 12);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is not available", e);
    }
  }

  /**
   * Whose API quota the calls count against, as far as the operator can tell without asking the cloud: the access key
   * ID, or one shared name for the default chain (the pod's own RAM role or key). Two keys of one account are two
   * identities here although the cloud counts them together; the reconciler's backoff covers that case.
   */
  public String quotaIdentity() {
    return accessKeyId == null ? "default-chain" : accessKeyId;
  }

  /** Replaces this identity's secret and token, wherever they appear in {@code text}, with {@code ****}. */
  public String redact(String text) {
    if (text == null || isDefaultChain()) {
      return text;
    }
    String out = accessKeySecret.length() >= 4 ? text.replace(accessKeySecret, "****") : text;
    return securityToken == null || securityToken.length() < 4 ? out : out.replace(securityToken, "****");
  }

  /** Shows the first 4 and last 4 characters of an ID of 12 or more characters, otherwise only {@code ****}. */
  static String mask(String id) {
    if (id == null) {
      return "****";
    }
    return id.length() >= 12 ? id.substring(0, 4) + "****" + id.substring(id.length() - 4) : "****";
  }

  private static String trimToNull(String s) {
    if (s == null) {
      return null;
    }
    String t = s.strip();
    return t.isEmpty() ? null : t;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof CloudCredentials c && Objects.equals(accessKeyId, c.accessKeyId)
        && Objects.equals(accessKeySecret, c.accessKeySecret) && Objects.equals(securityToken, c.securityToken);
  }

  @Override
  public int hashCode() {
    return Objects.hash(accessKeyId, accessKeySecret, securityToken);
  }

  @Override
  public String toString() {
    return "CloudCredentials[" + describe() + ", fingerprint=" + fingerprint() + "]";
  }
}
