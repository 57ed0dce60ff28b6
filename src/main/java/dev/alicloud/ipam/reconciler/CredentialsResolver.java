package dev.alicloud.ipam.reconciler;

import dev.alicloud.ipam.api.v1alpha1.IpamPoolAllocation;
import dev.alicloud.ipam.cloud.CloudCredentials;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;

/**
 * Chooses the identity a resource's calls are signed with: the Secret its spec names (same namespace only) or the
 * operator's own identity. Secret values are decoded here and go nowhere but the credentials object.
 *
 * <p>A Secret credentials are read from is protected by {@link SecretProtection} until no resource uses it: the
 * reconciler reports the end of each pass ({@link #afterReconcile}) and of each finished cleanup
 * ({@link #afterRelease}).
 */
public final class CredentialsResolver {

  public static final String ACCESS_KEY_ID = "accessKeyId";
  public static final String ACCESS_KEY_SECRET = "accessKeySecret";
  public static final String SECURITY_TOKEN = "securityToken";

  private final CloudCredentials operatorIdentity;
  private final SecretProtection protection;

  public CredentialsResolver(KubernetesClient client, CloudCredentials operatorIdentity) {
    this.operatorIdentity = operatorIdentity;
    this.protection = new SecretProtection(client);
  }

  /** Why credentials could not be had, phrased for the user; the reason becomes the Stalled reason. */
  public static final class CredentialsProblem extends Exception {
    private final String reason;

    CredentialsProblem(String reason, String message) {
      super(message);
      this.reason = reason;
    }

    public String reason() {
      return reason;
    }
  }

  public CloudCredentials resolve(IpamPoolAllocation resource) throws CredentialsProblem {
    var ref = resource.getSpec().getCredentialsSecretRef();
    if (ref == null) {
      return operatorIdentity;
    }
    String namespace = resource.getMetadata().getNamespace();
    Secret secret = protection.readAndProtect(resource, ref.getName());
    if (secret == null) {
      throw new CredentialsProblem(Reasons.CREDENTIALS_NOT_FOUND, "Secret " + namespace + "/" + ref.getName()
          + " named in spec.credentialsSecretRef does not exist: create it with the keys " + ACCESS_KEY_ID + " and "
          + ACCESS_KEY_SECRET + " (and " + SECURITY_TOKEN + " for STS credentials)");
    }
    String id = value(secret, ACCESS_KEY_ID);
    String key = value(secret, ACCESS_KEY_SECRET);
    if (id == null || id.isBlank() || key == null || key.isBlank()) {
      throw new CredentialsProblem(Reasons.CREDENTIALS_INVALID, "Secret " + namespace + "/" + ref.getName()
          + " must hold non-empty keys " + ACCESS_KEY_ID + " and " + ACCESS_KEY_SECRET);
    }
    String token = value(secret, SECURITY_TOKEN);
    boolean hasToken = token != null && !token.isBlank();
    if (!isPrintableAscii(id) || !isPrintableAscii(key) || (hasToken && !isPrintableAscii(token))) {
      String which = !isPrintableAscii(id) ? ACCESS_KEY_ID : !isPrintableAscii(key) ? ACCESS_KEY_SECRET : SECURITY_TOKEN;
      throw new CredentialsProblem(Reasons.CREDENTIALS_INVALID, "Secret " + namespace + "/" + ref.getName()
          + " holds a " + which + " with whitespace or non-ASCII characters: store the bare value (a trailing "
          + "newline from echo is the usual cause: use echo -n, or kubectl create secret generic --from-literal)");
    }
    return CloudCredentials.accessKey(id, key, hasToken ? token : null);
  }

  /**
   * Call after every reconcile pass: a Secret the resource no longer names loses its finalizer when no other
   * resource uses it.
   */
  public void afterReconcile(IpamPoolAllocation resource, Context<IpamPoolAllocation> context) {
    protection.reconciled(resource, context.getPrimaryCache());
  }

  /**
   * Call when a cleanup is done and the resource's finalizer is about to go: its Secret loses the finalizer when
   * no other resource uses it.
   */
  public void afterRelease(IpamPoolAllocation resource, Context<IpamPoolAllocation> context) {
    protection.finalized(resource, context.getPrimaryCache());
  }

  private static String value(Secret secret, String key) {
    Map<String, String> data = secret.getData();
    if (data != null && data.get(key) != null) {
      try {
        return new String(Base64.getDecoder().decode(data.get(key)), StandardCharsets.UTF_8);
      } catch (IllegalArgumentException e) {
        return null;
      }
    }
    Map<String, String> plain = secret.getStringData();
    return plain == null ? null : plain.get(key);
  }

  private static boolean isPrintableAscii(String s) {
    return s.chars().allMatch(c -> c > 32 && c < 127);
  }
}
