package dev.alicloud.ipam.cloud;

import java.util.Map;

/**
 * A short, actionable hint per error code, for condition messages and events: what the code means for this operator
 * and what a person can do about it.
 */
public final class ErrorHints {

  /** RAM actions the operator's identity needs, for the authorization hints. */
  public static final String RAM_ACTIONS = "vpc:CreateIpamPoolAllocation, vpc:GetIpamPoolAllocation, "
      + "vpc:ListIpamPoolAllocations, vpc:UpdateIpamPoolAllocation and vpc:DeleteIpamPoolAllocation";
  /** Returned for codes without a specific hint. */
  public static final String GENERIC = "the VPC IPAM API rejected the request: see the error code and message, and "
      + "the Alibaba Cloud VpcIpam error code reference";

  private static final String GRANT = "grant the identity the operator uses (spec.credentialsSecretRef or the "
      + "default credentials) " + RAM_ACTIONS + " (Create and Delete may be scoped to "
      + "acs:vpc:<region>:<account>:ipampool/<pool ID>; Get, List and Update need \"*\")";
  private static final String TRANSIENT = "a temporary failure of the VPC IPAM service: the operator retries with "
      + "backoff; if it persists, contact Alibaba Cloud support with the RequestId";
  private static final String THROTTLED = "the API is throttling requests (flow control): the operator retries with "
      + "backoff; if it persists, reduce the number of resources reconciled at once or ask for a higher API quota";

  private static final String ONE_OF_CIDR_OR_MASK = "set exactly one of spec.cidr and spec.cidrMask";

  private static final Map<String, String> HINTS = Map.ofEntries(
      Map.entry("DryRunOperation", "the dry run passed: the cloud would accept this request and nothing was "
          + "changed; set spec.dryRun: false to apply it"),
      Map.entry("ResourceNotFound.IpamPoolAllocation", "the allocation does not exist (already released, or the "
          + "ID is wrong): nothing is left to release; check spec.allocationId if you meant to adopt one"),
      Map.entry("ResourceNotFound.IpamPool", "the IPAM pool does not exist in this region: check spec.ipamPoolId "
          + "and spec.regionId; if the pool was deleted, its allocations are gone with it"),
      Map.entry("OperationDenied.ResourceTypeIsNotCustom", "this allocation belongs to a VPC or a sub-pool and "
          + "cannot be released through the IPAM API: delete the VPC or sub-pool that owns it, or set "
          + "spec.deletionPolicy: Orphan"),
      Map.entry("OperationDenied.UnexpectedResourceType", "the allocation's resource type does not allow this "
          + "operation (only Custom allocations can be changed or released here): release it through the VPC or "
          + "sub-pool that owns it, or set spec.deletionPolicy: Orphan"),
      Map.entry("OperationDenied.Ipv6VpcNotSupport", "allocations of IPv6 VPCs cannot be deleted through the IPAM "
          + "API: remove the IPv6 block from the VPC (or delete the VPC), or set spec.deletionPolicy: Orphan"),
      Map.entry("OperationDenied.Unauthorized", "the caller is not authorized for this pool: " + GRANT),
      Map.entry("OperationDenied.RequestRegionInvalid", "the call was not made in the pool's region: set "
          + "spec.regionId to the region of the IPAM pool"),
      Map.entry("InvalidSecurityToken.MismatchWithAccessKey", "the STS security token does not belong to this access "
          + "key: a permanent key (LTAI...) takes no token, so remove securityToken from the credentials Secret; an "
          + "STS key (STS...) needs the token issued with it"),
      Map.entry("Forbidden.RAM", "the RAM policy denies this call: " + GRANT),
      Map.entry("Forbidden", "access denied: " + GRANT),
      Map.entry("NoPermission", "access denied: " + GRANT),
      Map.entry("InvalidAccessKeyId.NotFound", "the AccessKey ID does not exist: check the key in the Secret named "
          + "by spec.credentialsSecretRef (or the operator's default credentials)"),
      Map.entry("InvalidAccessKeyId.Inactive", "the AccessKey is disabled: enable it in the RAM console or put an "
          + "active key in the credentials Secret"),
      Map.entry("SignatureDoesNotMatch", "the AccessKey secret does not match the AccessKey ID: check the secret "
          + "in the credentials Secret (no extra characters) and that it belongs to this ID"),
      Map.entry("IncompleteSignature", "the request signature is incomplete: check the credentials in the Secret"),
      Map.entry(ErrorClassifier.INVALID_CREDENTIALS, "no usable credentials: set spec.credentialsSecretRef, or give "
          + "the operator default credentials (RRSA/OIDC, environment variables, ECS RAM role)"),
      Map.entry("InvalidTimeStamp.Expired", "the request time is outside the allowed window: the clock of the node "
          + "running the operator is wrong; fix its time synchronisation (NTP)"),
      Map.entry("SignatureNonceUsed", "a request nonce was reused: transient, the operator retries with a new one"),
      Map.entry("IdempotentParameterMismatch", "the ClientToken was already used for a request with different "
          + "parameters (the spec changed while a request was pending): revert the change or recreate the "
          + "resource so that a new token is used"),
      Map.entry("ServiceUnavailable", TRANSIENT),
      Map.entry("InternalError", TRANSIENT),
      Map.entry("OperationConflict", "another operation on the same resource is in progress: the operator retries"),
      Map.entry("LastTokenProcessing", "the previous request with the same ClientToken is still being processed: "
          + "the operator retries"),
      Map.entry(ErrorClassifier.TRANSPORT_ERROR, "the VPC IPAM endpoint could not be reached (refused, reset or "
          + "timed out): check DNS, egress network policy, proxies and the configured endpoint; the operator "
          + "retries with backoff"),
      Map.entry(ErrorClassifier.UNKNOWN_ERROR, "the endpoint answered something that is not a VpcIpam API "
          + "response: check the configured endpoint and any proxy in between"),
      Map.entry("MissingParameter", "a required parameter is missing: check spec.regionId, spec.ipamPoolId and "
          + "one of spec.cidr / spec.cidrMask"),
      Map.entry("InvalidTimeStamp.Format", "the request time was not understood: check the clock and time zone "
          + "of the node running the operator"),
      Map.entry("MissingSecurityToken", "the AccessKey is an STS key but no security token was sent: add the "
          + "token to the credentials Secret"),
      Map.entry("InvalidVersion", "the endpoint does not serve VpcIpam API version 2023-02-28: check the "
          + "configured endpoint"),
      Map.entry("InvalidAction.NotFound", "the endpoint does not know this action: check that the configured "
          + "endpoint serves VpcIpam API version 2023-02-28"),
      Map.entry("OperationDenied.NoAvailableCidr", "the pool has no free block of the requested size: use a "
          + "larger spec.cidrMask (smaller block), provision another CIDR to the pool, or release allocations"),
      Map.entry("OperationDenied.PoolCidrNotProvisioned", "the pool has no provisioned CIDR yet: add one to the "
          + "pool (AddIpamPoolCidr) before allocating from it"),
      Map.entry("OperationDenied.CidrOverlap", "spec.cidr overlaps another allocation of the pool: choose a free "
          + "block, or use spec.cidrMask to let the pool choose"),
      Map.entry("OperationDenied.CidrNotInPool", "spec.cidr is not inside any CIDR provisioned to the pool: choose "
          + "a block inside the pool, or use spec.cidrMask"),
      Map.entry("InvalidParameter.CidrAndCidrMask", ONE_OF_CIDR_OR_MASK),
      Map.entry("InvalidParameter.CidrBlockOrCidrMask", ONE_OF_CIDR_OR_MASK),
      Map.entry("MissingParameter.CidrOrCidrMask", ONE_OF_CIDR_OR_MASK),
      Map.entry("DependencyViolation.CustomPoolAllocation", "the pool still has custom allocations that depend on "
          + "it: release them first"));

  private ErrorHints() {
  }

  /** The hint for a code; never null, {@link #GENERIC} when nothing specific is known. */
  public static String hintFor(String code) {
    if (code == null || code.isBlank()) {
      return GENERIC;
    }
    String c = code.strip();
    String exact = HINTS.get(c);
    if (exact != null) {
      return exact;
    }
    if (c.contains("Throttling")) {
      return THROTTLED;
    }
    if (c.startsWith("InvalidSecurityToken")) {
      return "the STS security token is invalid or expired: put a fresh token in the credentials Secret, or use "
          + "RRSA / default credentials, which refresh by themselves";
    }
    if (c.startsWith("InvalidAccessKeyId")) {
      return HINTS.get("InvalidAccessKeyId.NotFound");
    }
    if (c.startsWith("InternalError") || c.startsWith("ServiceUnavailable")) {
      return TRANSIENT;
    }
    if (c.startsWith("ResourceNotFound.IpamPool")) {
      return HINTS.get("ResourceNotFound.IpamPool");
    }
    String family = familyHint(c);
    return family != null ? family : GENERIC;
  }

  /** Hints for families whose exact codes are not all documented (mask, CIDR, name, description, dependencies). */
  private static String familyHint(String c) {
    boolean param = c.startsWith("InvalidParam") || c.startsWith("IllegalParam") || c.startsWith("MissingParam")
        || c.startsWith("OperationFailed") || c.startsWith("OperationDenied") || c.startsWith("QuotaExceeded");
    if (c.contains("Mask")) {
      return "the CIDR mask is not allowed by this pool: choose spec.cidrMask within the pool's minimum and "
          + "maximum allocation mask (and the pool's address family)";
    }
    if (param && c.contains("Cidr")) {
      return "the CIDR block is not usable in this pool: it must be a canonical block (no host bits) inside a CIDR "
          + "provisioned to the pool, within the pool's allowed mask range, and not overlap another allocation; "
          + "check spec.cidr, or use spec.cidrMask to let the pool choose";
    }
    if (param && c.contains("Name")) {
      return "the allocation name is invalid: 1-128 characters, not starting with http:// or https://";
    }
    if (param && c.contains("Description")) {
      return "the description is invalid: 1-256 characters, starting with a letter or a Chinese character, not "
          + "with http:// or https://";
    }
    if (param && c.contains("ClientToken")) {
      return "the ClientToken is invalid: it must be ASCII and at most 64 characters";
    }
    if (c.startsWith("InvalidParam") || c.startsWith("IllegalParam") || c.startsWith("MissingParam")) {
      return "a request parameter is invalid: check the spec fields named in the message";
    }
    if (c.startsWith("DependencyViolation")) {
      return "other resources still depend on this one: remove the dependants named in the message first";
    }
    if (c.startsWith("QuotaExceeded")) {
      return "a quota is exhausted: release unused allocations or ask Alibaba Cloud for a higher quota";
    }
    if (c.startsWith("IncorrectStatus")) {
      return "the pool or allocation is in a state that does not allow this operation (e.g. still being "
          + "created or deleted): wait and retry, or check the resource in the console";
    }
    return null;
  }
}
