package dev.alicloud.ipam.cloud;

/**
 * What an API outcome means for the operator, so that reconcilers branch on meaning rather than on codes.
 * {@link ErrorClassifier} is the one place that maps codes to kinds.
 */
public enum ErrorKind {
  /** {@code DryRunOperation}: the dry run passed, nothing changed. */
  DRY_RUN_PASSED,
  /** {@code ResourceNotFound.IpamPoolAllocation}: the allocation does not exist; counts as released / missing. */
  ALLOCATION_GONE,
  /** {@code ResourceNotFound.IpamPool}: the pool is gone; the caller confirms with a read before trusting it. */
  POOL_GONE,
  /** Flow control ({@code Throttling*}, any code containing "Throttling", HTTP 429): retry with backoff. */
  THROTTLED,
  /** 5xx, transport failures, {@code ServiceUnavailable}, {@code InternalError}, {@code SignatureNonceUsed}: retry. */
  UNAVAILABLE,
  /** Bad or insufficient credentials / RAM permissions: a person must act; retried slowly. */
  UNAUTHORIZED,
  /** Anything else, above all unknown 4xx codes: the request cannot succeed as it is. */
  TERMINAL;

  /** True when retrying the same request may succeed by itself (throttling or a temporary failure). */
  public boolean isRetryable() {
    return isTransient();
  }

  /** True for {@link #THROTTLED} and {@link #UNAVAILABLE}. */
  public boolean isTransient() {
    return this == THROTTLED || this == UNAVAILABLE;
  }

  /** True when the outcome needs a person (RAM policy, keys, spec): {@link #UNAUTHORIZED} and {@link #TERMINAL}. */
  public boolean needsAttention() {
    return this == UNAUTHORIZED || this == TERMINAL;
  }
}
