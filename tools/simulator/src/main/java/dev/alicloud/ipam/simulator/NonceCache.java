package dev.alicloud.ipam.simulator;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Remembers {@code x-acs-signature-nonce} values per access key for as long as a request carrying them could still
 * pass the timestamp check, so a replayed request answers {@code SignatureNonceUsed}. Memory stays bounded by
 * purging expired entries as new ones arrive.
 */
final class NonceCache {

  private final Map<String, Long> expiries = new ConcurrentHashMap<>();
  private final Clock clock;
  private final long retainMillis;
  private final AtomicLong puts = new AtomicLong();

  NonceCache(Clock clock, Duration maxSkew) {
    this.clock = clock;
    this.retainMillis = Math.max(60_000L, maxSkew.toMillis() * 2);
  }

  /** True the first time this (key, nonce) pair is seen within the retention window. */
  boolean firstUse(String accessKeyId, String nonce) {
    long now = clock.millis();
    if (puts.incrementAndGet() % 1024 == 0) {
      expiries.values().removeIf(expiry -> expiry < now);
    }
    String k = accessKeyId + '\n' + nonce;
    Long previous = expiries.putIfAbsent(k, now + retainMillis);
    if (previous == null) {
      return true;
    }
    if (previous < now) {
      return expiries.replace(k, previous, now + retainMillis);
    }
    return false;
  }

  int size() {
    return expiries.size();
  }
}
