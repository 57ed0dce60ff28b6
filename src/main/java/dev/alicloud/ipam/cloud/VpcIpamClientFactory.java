package dev.alicloud.ipam.cloud;

import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * Hands out one {@link VpcIpamClient} per (region, credentials) at a fixed endpoint, so that reconcilers do not build
 * a client per call. Thread-safe. A rotated secret is a new key; {@link #invalidate} drops clients of old keys.
 */
public class VpcIpamClientFactory {

  /** Above this many cached clients the cache is emptied (clients are cheap to rebuild; keys must not pile up). */
  static final int MAX_CACHED = 256;

  private final CloudEndpoint endpoint;
  private final CloudCallListener listener;
  private final CallRateLimiter limiter;
  private final ConcurrentMap<Key, VpcIpamClient> clients = new ConcurrentHashMap<>();

  public VpcIpamClientFactory(CloudEndpoint endpoint) {
    this(endpoint, CloudCallListener.NONE);
  }

  /** Clients that tell {@code listener} of every call they make. */
  public VpcIpamClientFactory(CloudEndpoint endpoint, CloudCallListener listener) {
    this(endpoint, listener, CallRateLimiter.NONE);
  }

  /** Clients that tell {@code listener} of every call and share {@code limiter}'s slots (one per region, action). */
  public VpcIpamClientFactory(CloudEndpoint endpoint, CloudCallListener listener, CallRateLimiter limiter) {
    this.endpoint = Objects.requireNonNull(endpoint, "endpoint");
    this.listener = Objects.requireNonNull(listener, "listener");
    this.limiter = Objects.requireNonNull(limiter, "limiter");
  }

  /** The endpoint every client of this factory calls. */
  public CloudEndpoint endpoint() {
    return endpoint;
  }

  /** The cached client for a region and an identity, built on first use. */
  public VpcIpamClient forRegion(String regionId, CloudCredentials credentials) {
    Key key = new Key(CloudEndpoint.checkRegion(regionId), Objects.requireNonNull(credentials, "credentials"));
    VpcIpamClient client = clients.get(key);
    if (client != null) {
      return client;
    }
    if (clients.size() >= MAX_CACHED) {
      clients.clear();
    }
    return clients.computeIfAbsent(key, k -> newClient(k.regionId(), k.credentials()));
  }

  /** Drops every cached client signing as {@code credentials} (e.g. after its Secret changed or was deleted). */
  public void invalidate(CloudCredentials credentials) {
    clients.keySet().removeIf(k -> k.credentials().equals(credentials));
  }

  /** How many clients are cached. */
  public int size() {
    return clients.size();
  }

  /** Builds a client; tests override it to avoid the SDK. */
  protected VpcIpamClient newClient(String regionId, CloudCredentials credentials) {
    return new VpcIpamClient(endpoint, regionId, credentials, listener, limiter);
  }

  private record Key(String regionId, CloudCredentials credentials) {
  }
}
