package dev.alicloud.ipam.reconciler;

import dev.alicloud.ipam.cloud.CreateAllocationRequest;

/**
 * Idempotency tokens derived from the resource's UID, so a retried call (after a crash or a lost answer) is the
 * same request to the cloud and never makes a second allocation. At most 64 ASCII characters.
 */
public final class ClientTokens {

  private ClientTokens() {
  }

  /**
   * The token of a create: the UID plus a digest of the request, so a retry of the same request is idempotent while
   * a request the user corrected in between (a region fixed after a RequestRegionInvalid, say) is not refused as an
   * IdempotentParameterMismatch. A corrected request cannot double-allocate: a retry searches by tag first.
   */
  public static String create(String uid, CreateAllocationRequest request) {
    String digest = Integer.toHexString(java.util.Objects.hash(request.regionId(), request.ipamPoolId(),
        request.cidr(), request.cidrMask(), request.name(), request.description()));
    return "ipa-c-" + uid + "-" + digest;
  }

  /**
   * A new allocation after the previous one was released behind the operator's back: a token of its own, so the
   * cloud does not answer with the lost allocation, yet stable across retries of this one re-creation.
   */
  public static String recreate(String uid, String lostAllocationId) {
    return "ipa-r-" + uid + "-" + Integer.toHexString(lostAllocationId.hashCode());
  }

  /**
   * Releases are naturally idempotent; the token ties retries of one release together and names the resource that
   * released, so the cloud's audit trail shows who let an allocation go.
   */
  public static String release(String uid, String allocationId) {
    return "ipa-d-" + uid + "-" + Integer.toHexString(allocationId.hashCode());
  }
}
