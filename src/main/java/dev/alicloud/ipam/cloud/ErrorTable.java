package dev.alicloud.ipam.cloud;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * Every VpcIpam and gateway error code the operator knows, with what kind of failure it is and what a person can do,
 * in one table, so that a code's retry behaviour and its advice never disagree. Codes come from the API reference of
 * each call, the VpcIpam error-code page, the gateway's common codes and the codes the Terraform provider handles
 * (docs/cloud-api.md lists the sources). Exact codes first; then families, in order, for the codes that are not all
 * documented. A row may leave the kind to the rows below (null) and so only add advice.
 */
final class ErrorTable {

  /** The RAM actions the operator's identity needs. */
  static final String RAM_ACTIONS = "vpc:CreateIpamPoolAllocation, vpc:GetIpamPoolAllocation, "
      + "vpc:ListIpamPoolAllocations, vpc:UpdateIpamPoolAllocation and vpc:DeleteIpamPoolAllocation";
  static final String GENERIC = "the VPC IPAM API rejected the request: see the error code and message, and "
      + "the Alibaba Cloud VpcIpam error code reference";

  private static final String GRANT = "grant the identity the operator uses (spec.credentialsSecretRef or the "
      + "default credentials) " + RAM_ACTIONS + " (Create and Delete may be scoped to "
      + "acs:vpc:<region>:<account>:ipampool/<pool ID>; Get, List and Update need \"*\")";
  private static final String TRANSIENT = "a temporary failure of the VPC IPAM service: the operator retries with "
      + "backoff; if it persists, contact Alibaba Cloud support with the RequestId";
  private static final String THROTTLED = "the API is throttling requests (flow control): the operator retries with "
      + "backoff; if it persists, other clients share the account's quota: lower --cloud-rate-limit for this action "
      + "or ask for a higher API quota in Quota Center";
  private static final String ONE_OF_CIDR_OR_MASK = "set exactly one of spec.cidr and spec.cidrMask";
  private static final String KEY_NOT_FOUND = "the AccessKey ID does not exist: check the key in the Secret named "
      + "by spec.credentialsSecretRef (or the operator's default credentials)";
  private static final String POOL_NOT_FOUND = "the IPAM pool does not exist in this region: check spec.ipamPoolId "
      + "and spec.regionId; if the pool was deleted, its allocations are gone with it";

  /** One row: which codes, their kind (null: decided below), their advice (null: found below). */
  record Row(String name, Predicate<String> matches, ErrorKind kind, String hint) {
  }

  private static final Map<String, Row> EXACT = new HashMap<>();
  private static final List<Row> FAMILIES;

  static {
    exact("DryRunOperation", ErrorKind.DRY_RUN_PASSED, "the dry run passed: the cloud would accept this request and "
        + "nothing was changed; set spec.dryRun: false to apply it");
    exact("ResourceNotFound.IpamPoolAllocation", ErrorKind.ALLOCATION_GONE, "the allocation does not exist (already "
        + "released, or the ID is wrong): nothing is left to release; check spec.allocationId if you meant to adopt "
        + "one");
    exact("ResourceNotFound.IpamPool", ErrorKind.POOL_GONE, POOL_NOT_FOUND);
    exact("OperationDenied.ResourceTypeIsNotCustom", ErrorKind.TERMINAL, "this allocation belongs to a VPC or a "
        + "sub-pool and cannot be released through the IPAM API: delete the VPC or sub-pool that owns it, or set "
        + "spec.deletionPolicy: Orphan");
    exact("OperationDenied.UnexpectedResourceType", ErrorKind.TERMINAL, "the allocation's resource type does not "
        + "allow this operation (only Custom allocations can be changed or released here): release it through the "
        + "VPC or sub-pool that owns it, or set spec.deletionPolicy: Orphan");
    exact("OperationDenied.Ipv6VpcNotSupport", ErrorKind.TERMINAL, "allocations of IPv6 VPCs cannot be deleted "
        + "through the IPAM API: remove the IPv6 block from the VPC (or delete the VPC), or set "
        + "spec.deletionPolicy: Orphan");
    exact("OperationDenied.Unauthorized", ErrorKind.UNAUTHORIZED, "the caller is not authorized for this pool: "
        + GRANT);
    exact("OperationDenied.RequestRegionInvalid", ErrorKind.TERMINAL, "the call was not made in the pool's region: "
        + "set spec.regionId to the region of the IPAM pool");
    exact("OperationDenied.NoAvailableCidr", ErrorKind.TERMINAL, "the pool has no free block of the requested size: "
        + "use a larger spec.cidrMask (smaller block), provision another CIDR to the pool, or release allocations");
    exact("OperationDenied.PoolCidrNotProvisioned", ErrorKind.TERMINAL, "the pool has no provisioned CIDR yet: add "
        + "one to the pool (AddIpamPoolCidr) before allocating from it");
    exact("OperationDenied.CidrOverlap", ErrorKind.TERMINAL, "spec.cidr overlaps another allocation of the pool: "
        + "choose a free block, or use spec.cidrMask to let the pool choose");
    exact("OperationDenied.CidrNotInPool", ErrorKind.TERMINAL, "spec.cidr is not inside any CIDR provisioned to the "
        + "pool: choose a block inside the pool, or use spec.cidrMask");
    exact("OperationDenied.IpamPoolAllocationExist", ErrorKind.UNAVAILABLE, "allocations still exist where the "
        + "cloud expected none (a pool CIDR being withdrawn while blocks in it are still being released): the "
        + "operator retries, as the Terraform provider does, until the releases complete");
    exact("OperationConflict", ErrorKind.UNAVAILABLE, "another operation on the same resource is in progress: the "
        + "operator retries");
    exact("DependencyViolation.CustomPoolAllocation", ErrorKind.TERMINAL, "the pool still has custom allocations "
        + "that depend on it: release them first");
    exact("DependencyViolation.PoolCidr", ErrorKind.TERMINAL, "the pool's CIDR still holds allocations or sub-pool "
        + "CIDRs that depend on it: release them first");
    exact("DependencyViolation.ShareResource", ErrorKind.TERMINAL, "the pool is shared with other accounts "
        + "(Resource Access Management sharing): stop sharing it, or act from the account that owns the pool");
    exact("InvalidParameter.CidrAndCidrMask", ErrorKind.TERMINAL, ONE_OF_CIDR_OR_MASK);
    exact("InvalidParameter.CidrBlockOrCidrMask", ErrorKind.TERMINAL, ONE_OF_CIDR_OR_MASK);
    exact("MissingParameter.CidrOrCidrMask", ErrorKind.TERMINAL, ONE_OF_CIDR_OR_MASK);
    exact("MissingParameter", ErrorKind.TERMINAL, "a required parameter is missing: check spec.regionId, "
        + "spec.ipamPoolId and one of spec.cidr / spec.cidrMask");
    exact("IdempotentParameterMismatch", ErrorKind.TERMINAL, "the ClientToken was already used for a request with "
        + "different parameters (the spec changed while a request was pending): revert the change or recreate the "
        + "resource so that a new token is used");
    exact("LastTokenProcessing", ErrorKind.UNAVAILABLE, "the previous request with the same ClientToken is still "
        + "being processed: the operator retries");
    // gateway and credentials
    exact("InvalidSecurityToken.MismatchWithAccessKey", ErrorKind.UNAUTHORIZED, "the STS security token does not "
        + "belong to this access key: a permanent key (LTAI...) takes no token, so remove securityToken from the "
        + "credentials Secret; an STS key (STS...) needs the token issued with it");
    exact("Forbidden.RAM", ErrorKind.UNAUTHORIZED, "the RAM policy denies this call: " + GRANT);
    exact("Forbidden", ErrorKind.UNAUTHORIZED, "access denied: " + GRANT);
    exact("Forbidden.NoPermission", ErrorKind.UNAUTHORIZED, "access denied: " + GRANT);
    exact("NoPermission", ErrorKind.UNAUTHORIZED, "access denied: " + GRANT);
    exact("InvalidAccessKeyId", ErrorKind.UNAUTHORIZED, KEY_NOT_FOUND);
    exact("InvalidAccessKeyId.NotFound", ErrorKind.UNAUTHORIZED, KEY_NOT_FOUND);
    exact("InvalidAccessKeyId.Inactive", ErrorKind.UNAUTHORIZED, "the AccessKey is disabled: enable it in the RAM "
        + "console or put an active key in the credentials Secret");
    exact("SignatureDoesNotMatch", ErrorKind.UNAUTHORIZED, "the AccessKey secret does not match the AccessKey ID: "
        + "check the secret in the credentials Secret (no extra characters) and that it belongs to this ID");
    exact("IncompleteSignature", ErrorKind.UNAUTHORIZED, "the request signature is incomplete: check the "
        + "credentials in the Secret");
    exact("MissingSecurityToken", ErrorKind.UNAUTHORIZED, "the AccessKey is an STS key but no security token was "
        + "sent: add the token to the credentials Secret");
    exact(ErrorClassifier.INVALID_CREDENTIALS, ErrorKind.UNAUTHORIZED, "no usable credentials: set "
        + "spec.credentialsSecretRef, or give the operator default credentials (RRSA/OIDC, environment variables, "
        + "ECS RAM role)");
    exact("InvalidTimeStamp.Expired", ErrorKind.TERMINAL, "the request time is outside the allowed window: the clock "
        + "of the node running the operator is wrong; fix its time synchronisation (NTP)");
    exact("InvalidTimeStamp.Format", ErrorKind.TERMINAL, "the request time was not understood: check the clock and "
        + "time zone of the node running the operator");
    exact("SignatureNonceUsed", ErrorKind.UNAVAILABLE, "a request nonce was reused: transient, the operator retries "
        + "with a new one");
    exact("InvalidVersion", ErrorKind.TERMINAL, "the endpoint does not serve VpcIpam API version 2023-02-28: check "
        + "the configured endpoint");
    exact("InvalidAction.NotFound", ErrorKind.TERMINAL, "the endpoint does not know this action: check that the "
        + "configured endpoint serves VpcIpam API version 2023-02-28");
    for (String code : List.of("ServiceUnavailable", "InternalError", "InternalServerError", "ServiceTimeout",
        "ServiceBusy", "SystemBusy")) {
      exact(code, ErrorKind.UNAVAILABLE, TRANSIENT);
    }
    exact(ErrorClassifier.TRANSPORT_ERROR, ErrorKind.UNAVAILABLE, "the VPC IPAM endpoint could not be reached "
        + "(refused, reset or timed out): check DNS, egress network policy, proxies and the configured endpoint; "
        + "the operator retries with backoff");
    exact(ErrorClassifier.UNKNOWN_ERROR, null, "the endpoint answered something that is not a VpcIpam API "
        + "response: check the configured endpoint and any proxy in between");

    Predicate<String> param = c -> c.startsWith("InvalidParam") || c.startsWith("IllegalParam")
        || c.startsWith("MissingParam") || c.startsWith("OperationFailed") || c.startsWith("OperationDenied")
        || c.startsWith("QuotaExceeded");
    FAMILIES = List.of(
        family("*Throttling*", c -> c.contains("Throttling"), ErrorKind.THROTTLED, THROTTLED),
        family("InternalError.*, ServiceUnavailable.*", c -> c.startsWith("InternalError")
            || c.startsWith("ServiceUnavailable"), ErrorKind.UNAVAILABLE, TRANSIENT),
        family("InvalidSecurityToken*", c -> c.startsWith("InvalidSecurityToken"), ErrorKind.UNAUTHORIZED,
            "the STS security token is invalid or expired: put a fresh token in the credentials Secret, or use "
                + "RRSA / default credentials, which refresh by themselves"),
        family("InvalidAccessKeyId.*", c -> c.startsWith("InvalidAccessKeyId"), ErrorKind.UNAUTHORIZED,
            KEY_NOT_FOUND),
        family("Forbidden.RAM*, Forbidden.AccessKey*, Forbidden.Unauthorized*", c -> c.startsWith("Forbidden.RAM")
            || c.startsWith("Forbidden.AccessKey") || c.startsWith("Forbidden.Unauthorized"), ErrorKind.UNAUTHORIZED,
            "access denied: " + GRANT),
        family("ResourceNotFound.IpamPool*", c -> c.startsWith("ResourceNotFound.IpamPool"), ErrorKind.TERMINAL,
            POOL_NOT_FOUND),
        family("*Mask*", c -> c.contains("Mask"), null, "the CIDR mask is not allowed by this pool: choose "
            + "spec.cidrMask within the pool's minimum and maximum allocation mask (and the pool's address family)"),
        family("parameter codes about a Cidr", c -> param.test(c) && c.contains("Cidr"), null, "the CIDR block is "
            + "not usable in this pool: it must be a canonical block (no host bits) inside a CIDR provisioned to the "
            + "pool, within the pool's allowed mask range, and not overlap another allocation; check spec.cidr, or "
            + "use spec.cidrMask to let the pool choose"),
        family("parameter codes about a Name", c -> param.test(c) && c.contains("Name"), null, "the allocation name "
            + "is invalid: 1-128 characters, not starting with http:// or https://"),
        family("parameter codes about a Description", c -> param.test(c) && c.contains("Description"), null,
            "the description is invalid: 1-256 characters, starting with a letter or a Chinese character, not "
                + "with http:// or https://"),
        family("parameter codes about the ClientToken", c -> param.test(c) && c.contains("ClientToken"), null,
            "the ClientToken is invalid: it must be ASCII and at most 64 characters"),
        family("InvalidParam*, IllegalParam*, MissingParam*", c -> c.startsWith("InvalidParam")
            || c.startsWith("IllegalParam") || c.startsWith("MissingParam"), ErrorKind.TERMINAL, "a request "
            + "parameter is invalid: check the spec fields named in the message"),
        family("DependencyViolation.*", c -> c.startsWith("DependencyViolation"), ErrorKind.TERMINAL, "other "
            + "resources still depend on this one: remove the dependants named in the message first"),
        family("QuotaExceeded*", c -> c.startsWith("QuotaExceeded"), ErrorKind.TERMINAL, "a quota is exhausted: "
            + "release unused allocations or ask Alibaba Cloud for a higher quota"),
        family("IncorrectStatus*", c -> c.startsWith("IncorrectStatus"), ErrorKind.TERMINAL, "the pool or "
            + "allocation is in a state that does not allow this operation (e.g. still being created or deleted): "
            + "wait and retry, or check the resource in the console"),
        family("OperationDenied*, DuplicatedParam*, ResourceNotFound*, Forbidden*, UnsupportedOperation*",
            c -> c.startsWith("OperationDenied") || c.startsWith("DuplicatedParam") || c.startsWith("ResourceNotFound")
                || c.startsWith("Forbidden") || c.startsWith("UnsupportedOperation"), ErrorKind.TERMINAL, null));
  }

  private ErrorTable() {
  }

  private static void exact(String code, ErrorKind kind, String hint) {
    if (EXACT.put(code, new Row(code, code::equals, kind, hint)) != null) {
      throw new IllegalStateException("error code listed twice: " + code);
    }
  }

  private static Row family(String name, Predicate<String> matches, ErrorKind kind, String hint) {
    return new Row(name, matches, kind, hint);
  }

  /** The kind the table gives a code; empty when only the HTTP status can tell. */
  static Optional<ErrorKind> kindOf(String code) {
    Row row = EXACT.get(code);
    if (row != null) {
      return Optional.ofNullable(row.kind());
    }
    return FAMILIES.stream().filter(f -> f.kind() != null && f.matches().test(code)).map(Row::kind).findFirst();
  }

  /** The advice for a code; {@link #GENERIC} when the table has none. */
  static String hintFor(String code) {
    Row row = EXACT.get(code);
    if (row != null && row.hint() != null) {
      return row.hint();
    }
    return FAMILIES.stream().filter(f -> f.hint() != null && f.matches().test(code)).map(Row::hint).findFirst()
        .orElse(GENERIC);
  }

  /** Every exact code, for tests and docs. */
  static Map<String, Row> exactCodes() {
    return Map.copyOf(EXACT);
  }
}
