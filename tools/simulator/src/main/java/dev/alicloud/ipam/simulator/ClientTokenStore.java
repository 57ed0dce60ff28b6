package dev.alicloud.ipam.simulator;

import java.time.Clock;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@code ClientToken} idempotency: remembers, per (access key, action, token), the fingerprint of the request's
 * parameters and the successful answer, for a configurable TTL. A repeat with the same parameters gets the same
 * answer (with a fresh {@code RequestId}); a repeat with other parameters answers {@code IdempotentParameterMismatch}.
 * Only successes are remembered: a failed call may be retried with the same token. Callers hold the state lock, so
 * check-then-remember is atomic with the change it protects.
 */
final class ClientTokenStore {

  private record Entry(String fingerprint, Map<String, Object> answer, long expiresAtMillis) {
  }

  private final Map<String, Entry> entries = new ConcurrentHashMap<>();
  private final Clock clock;
  private volatile Duration ttl;
  private final AtomicLong puts = new AtomicLong();

  ClientTokenStore(Clock clock, Duration ttl) {
    this.clock = clock;
    this.ttl = ttl;
  }

  void ttl(Duration value) {
    if (value == null || value.isNegative()) {
      throw new IllegalArgumentException("ttl must be >= 0");
    }
    this.ttl = value;
  }

  Duration ttl() {
    return ttl;
  }

  /**
   * The remembered answer for this token, if any.
   *
   * @throws ApiException {@code IdempotentParameterMismatch} when the token was used with other parameters
   */
  Optional<Map<String, Object>> replay(String accessKeyId, String action, String token, String fingerprint) {
    if (token == null) {
      return Optional.empty();
    }
    String k = key(accessKeyId, action, token);
    Entry e = entries.get(k);
    if (e == null) {
      return Optional.empty();
    }
    if (e.expiresAtMillis() <= clock.millis()) {
      entries.remove(k, e);
      return Optional.empty();
    }
    if (!e.fingerprint().equals(fingerprint)) {
      throw ApiException.badRequest("IdempotentParameterMismatch",
          "The request uses the same client token as a previous, but non-identical request.");
    }
    return Optional.of(new LinkedHashMap<>(e.answer()));
  }

  /** Remembers a successful answer (without its RequestId). */
  void remember(String accessKeyId, String action, String token, String fingerprint, Map<String, Object> answer) {
    Duration currentTtl = ttl;
    if (token == null || currentTtl.isZero()) {
      return;
    }
    long now = clock.millis();
    if (puts.incrementAndGet() % 256 == 0) {
      entries.values().removeIf(e -> e.expiresAtMillis() <= now);
    }
    long expiry = now + Math.min(currentTtl.toMillis(), Long.MAX_VALUE / 4);
    entries.put(key(accessKeyId, action, token), new Entry(fingerprint,
        Collections.unmodifiableMap(new LinkedHashMap<>(answer)), expiry));
  }

  /** Forgets every token (simulates the cloud's memory running out). */
  void clear() {
    entries.clear();
  }

  int size() {
    return entries.size();
  }

  private static String key(String accessKeyId, String action, String token) {
    return accessKeyId + '\n' + action + '\n' + token;
  }
}
