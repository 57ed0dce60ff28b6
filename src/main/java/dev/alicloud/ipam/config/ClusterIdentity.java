package dev.alicloud.ipam.config;

import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.Locale;

/**
 * Derives a stable cluster id when none is configured: the UID of the {@code kube-system} namespace, which lives
 * as long as the cluster and differs between clusters, so two clusters sharing an Alibaba account never mistake
 * each other's allocations for their own.
 */
public final class ClusterIdentity {

  public static final String SOURCE_NAMESPACE = "kube-system";

  private ClusterIdentity() {
  }

  /**
   * The id for this cluster: the kube-system UID without dashes (32 characters).
   *
   * @throws IllegalStateException with what to do when the namespace cannot be read
   */
  public static String derive(KubernetesClient client) {
    Namespace ns;
    try {
      ns = client.namespaces().withName(SOURCE_NAMESPACE).get();
    } catch (KubernetesClientException e) {
      throw new IllegalStateException("cannot read namespace " + SOURCE_NAMESPACE + " to derive the cluster id ("
          + e.getCode() + "): grant 'get' on it or pass --cluster-id", e);
    }
    if (ns == null || ns.getMetadata().getUid() == null) {
      throw new IllegalStateException("namespace " + SOURCE_NAMESPACE + " not found to derive the cluster id: "
          + "pass --cluster-id (or IPAM_CLUSTER_ID)");
    }
    return fromUid(ns.getMetadata().getUid());
  }

  /** {@code 8a1f...-...} becomes {@code 8a1f...} (lower case, dashes removed), a valid {@link OperatorConfig} id. */
  public static String fromUid(String uid) {
    return uid.replace("-", "").toLowerCase(Locale.ROOT);
  }
}
