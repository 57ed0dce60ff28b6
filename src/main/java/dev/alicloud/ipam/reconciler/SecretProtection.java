package dev.alicloud.ipam.reconciler;

import dev.alicloud.ipam.api.v1alpha1.IpamPoolAllocation;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.javaoperatorsdk.operator.api.reconciler.ResourceCache;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the Secret of {@code spec.credentialsSecretRef} from going away while a resource still needs it to release
 * its allocation: the Secret carries the finalizer {@value #FINALIZER} from the first time credentials are read
 * from it until no resource in the operator's cache uses it any more. A Secret deleted meanwhile (a namespace being
 * torn down) stays readable, Terminating, until the last release is done.
 *
 * <p>Only {@code metadata.finalizers} of a Secret is ever written, with a JSON patch guarded by a {@code test} of the
 * resourceVersion that was read (a concurrent change makes it fail; it is read and tried again). Secret data is
 * never logged.
 *
 * <p>Races. Adding (in {@link #readAndProtect}) and removing (in {@link #releaseIfUnused}) take the same per-Secret
 * lock, and the add decides from a Secret read under that lock. A removal decides from the primary cache: a resource
 * that reaches the cache before the removal's check keeps the finalizer; one that reaches it later is reconciled
 * later too, and its resolve re-adds the finalizer. Resources whose cleanup has finished in this process count as
 * gone although the cache may still show them with their finalizer, so that of two resources finishing at once the
 * second always removes the finalizer. Everything is idempotent. Not covered: a resource another operator instance
 * reconciles (another shard) re-adds the finalizer only at its own next pass.
 */
public final class SecretProtection {

  /** The finalizer the operator holds on a credentials Secret while resources use it. */
  public static final String FINALIZER = IpamPoolAllocation.GROUP + "/credentials-in-use";

  private static final Logger log = LoggerFactory.getLogger(SecretProtection.class);
  private static final int ATTEMPTS = 5;

  /** A Secret, by namespace and name. */
  record SecretKey(String namespace, String name) {
    @Override
    public String toString() {
      return namespace + "/" + name;
    }
  }

  private final KubernetesClient client;
  private final ConcurrentMap<SecretKey, ReentrantLock> locks = new ConcurrentHashMap<>();
  /** The Secrets each resource (by UID) read credentials from in this process, to notice a switch to another. */
  private final ConcurrentMap<String, Set<SecretKey>> used = new ConcurrentHashMap<>();
  /** Resources (by UID) whose cleanup is done: the cache may show them a little longer, but they use nothing. */
  private final ConcurrentMap<String, ResourceID> finalized = new ConcurrentHashMap<>();
  private final Set<SecretKey> forbiddenReported = ConcurrentHashMap.newKeySet();

  public SecretProtection(KubernetesClient client) {
    this.client = client;
  }

  /**
   * Reads the Secret a resource names and, unless it is already being deleted (no finalizer can be added then),
   * makes sure it carries the finalizer. Returns the Secret (as read, or as patched), or null when it does not exist.
   */
  Secret readAndProtect(IpamPoolAllocation resource, String secretName) {
    SecretKey key = new SecretKey(resource.getMetadata().getNamespace(), secretName);
    String uid = resource.getMetadata().getUid();
    return locked(key, () -> {
      Secret secret = get(key);
      if (uid != null) {
        finalized.remove(uid); // its cleanup runs again (the finalizer removal failed): it uses the Secret again
        used.computeIfAbsent(uid, u -> ConcurrentHashMap.newKeySet()).add(key);
      }
      if (secret == null || hasFinalizer(secret) || secret.isMarkedForDeletion()) {
        return secret;
      }
      Secret patched = patchFinalizers(key, secret, true);
      return patched == null ? secret : patched;
    });
  }

  /**
   * After a reconcile: if the resource read its credentials from another Secret before (its spec now names another
   * one, or none), that Secret loses the finalizer unless another resource still uses it.
   */
  void reconciled(IpamPoolAllocation resource, ResourceCache<IpamPoolAllocation> cache) {
    String uid = resource.getMetadata().getUid();
    if (uid == null) {
      return;
    }
    Set<SecretKey> before = used.get(uid);
    if (before == null) {
      return;
    }
    SecretKey now = keyOf(resource);
    for (SecretKey key : List.copyOf(before)) {
      if (!key.equals(now) && before.remove(key)) {
        releaseIfUnused(key, cache);
      }
    }
  }

  /**
   * After a cleanup that lets the resource go (released, orphaned, or nothing to release): its Secret (and the one it
   * used before, if it switched) loses the finalizer unless another resource still uses it.
   */
  void finalized(IpamPoolAllocation resource, ResourceCache<IpamPoolAllocation> cache) {
    String uid = resource.getMetadata().getUid();
    Set<SecretKey> keys = new LinkedHashSet<>();
    if (keyOf(resource) != null) {
      keys.add(keyOf(resource));
    }
    if (uid != null) {
      finalized.put(uid, ResourceID.fromResource(resource));
      Set<SecretKey> before = used.remove(uid);
      if (before != null) {
        keys.addAll(before);
      }
    }
    keys.forEach(k -> releaseIfUnused(k, cache));
  }

  /** Removes the finalizer from the Secret when the cache shows no resource that still uses it. */
  void releaseIfUnused(SecretKey key, ResourceCache<IpamPoolAllocation> cache) {
    locked(key, () -> {
      finalized.entrySet().removeIf(e -> cache.get(e.getValue())
          .map(r -> !e.getKey().equals(r.getMetadata().getUid())).orElse(true));
      List<String> users = cache.list(key.namespace(), r -> usesSecret(r, key)).map(r -> r.getMetadata().getName())
          .toList();
      if (!users.isEmpty()) {
        log.debug("Secret {} is still used by {}: keeping finalizer {}", key, users, FINALIZER);
        return null;
      }
      Secret secret = get(key);
      if (secret != null && hasFinalizer(secret)) {
        patchFinalizers(key, secret, false);
      }
      return null;
    });
  }

  /**
   * A resource uses the Secret while it exists, names it, and may still need credentials: anything but a resource
   * whose cleanup is done (here, or its finalizer is gone so no cleanup will run).
   */
  private boolean usesSecret(IpamPoolAllocation r, SecretKey key) {
    if (!key.equals(keyOf(r)) || finalized.containsKey(r.getMetadata().getUid())) {
      return false;
    }
    return !r.isMarkedForDeletion() || r.hasFinalizer(IpamPoolAllocation.FINALIZER);
  }

  private static SecretKey keyOf(IpamPoolAllocation r) {
    var ref = r.getSpec() == null ? null : r.getSpec().getCredentialsSecretRef();
    return ref == null || ref.getName() == null ? null : new SecretKey(r.getMetadata().getNamespace(), ref.getName());
  }

  private static boolean hasFinalizer(Secret secret) {
    var finalizers = secret.getMetadata().getFinalizers();
    return finalizers != null && finalizers.contains(FINALIZER);
  }

  private Secret get(SecretKey key) {
    return client.secrets().inNamespace(key.namespace()).withName(key.name()).get();
  }

  /**
   * Adds or removes the finalizer with a JSON patch that first tests the resourceVersion read, so it never
   * overwrites a concurrent change of the finalizers; on a conflict the Secret is read again. Returns the Secret as
   * patched, or null when nothing was written.
   */
  private Secret patchFinalizers(SecretKey key, Secret secret, boolean add) {
    Secret current = secret;
    for (int attempt = 1; ; attempt++) {
      List<String> finalizers = new ArrayList<>(Objects.requireNonNullElse(current.getMetadata().getFinalizers(),
          List.of()));
      if (finalizers.contains(FINALIZER) == add || (add && current.isMarkedForDeletion())) {
        return null;
      }
      if (add) {
        finalizers.add(FINALIZER);
      } else {
        finalizers.removeIf(FINALIZER::equals);
      }
      String patch = Serialization.asJson(List.of(
          Map.of("op", "test", "path", "/metadata/resourceVersion", "value",
              current.getMetadata().getResourceVersion()),
          Map.of("op", "add", "path", "/metadata/finalizers", "value", finalizers)));
      try {
        Secret patched = client.secrets().inNamespace(key.namespace()).withName(key.name())
            .patch(PatchContext.of(PatchType.JSON), patch);
        log.info("{} finalizer {} {} Secret {}", add ? "added" : "removed", FINALIZER, add ? "to" : "from", key);
        return patched;
      } catch (KubernetesClientException e) {
        if (e.getCode() == 404) {
          return null;
        }
        if (e.getCode() == 403) {
          if (forbiddenReported.add(key)) {
            log.warn("cannot {} finalizer {} on Secret {}: the operator needs the RBAC verb patch on secrets; "
                + "until then the Secret is not protected against deletion ({})", add ? "add" : "remove", FINALIZER,
                key, e.getStatus() == null ? e.getCode() : e.getStatus().getMessage());
          }
          return null;
        }
        if (attempt >= ATTEMPTS || !isConflict(e)) {
          throw e;
        }
        log.debug("Secret {} changed while its finalizers were patched (attempt {}): reading it again", key, attempt);
        current = get(key);
        if (current == null) {
          return null;
        }
      }
    }
  }

  /** A failed test operation: 422 from kube-apiserver; 409 on a resourceVersion precondition; 500 from some mocks. */
  private static boolean isConflict(KubernetesClientException e) {
    return e.getCode() == 409 || e.getCode() == 422 || e.getCode() == 500;
  }

  private <T> T locked(SecretKey key, Supplier<T> work) {
    ReentrantLock lock = locks.computeIfAbsent(key, k -> new ReentrantLock());
    lock.lock();
    try {
      return work.get();
    } finally {
      lock.unlock();
    }
  }
}
