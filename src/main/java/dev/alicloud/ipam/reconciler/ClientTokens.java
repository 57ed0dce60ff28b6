package dev.alicloud.ipam.reconciler;

/**
 * Idempotency tokens derived from the resource's UID, so a retried call (after a crash or a lost answer) is the
 * same request to the cloud and never makes a second allocation. At most 64 ASCII characters.
 */
public final class ClientTokens {

  private ClientTokens() {
  }

  public static String create(String uid) {
    return "ipa-c-" + uid;
  }

  /**
   * A new allocation after the previous one was released behind the operator's back: a token of its own, so the
   * cloud does not answer with the lost allocation, yet stable across retries of this one re-creation.
   */
  public static String recreate(String uid, String lostAllocationId) {
    return "ipa-r-" + uid + "-" + Integer.toHexString(lostAllocationId.hashCode());
  }

  /** Releases are naturally idempotent; the token only ties retries of one release together. */
  public static String release(String allocationId) {
    return "ipa-d-" + allocationId;
  }
}
