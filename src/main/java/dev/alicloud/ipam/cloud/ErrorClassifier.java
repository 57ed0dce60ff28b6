package dev.alicloud.ipam.cloud;

import java.util.Set;

/**
 * The one place where every VpcIpam / gateway error code gets its {@link ErrorKind}. The code decides first; the HTTP
 * status is only the fallback for codes nobody knows ({@code ResourceNotFound.IpamPoolAllocation} is HTTP 400, so
 * status alone would mislead).
 */
public final class ErrorClassifier {

  /** Code used for failures where no HTTP answer arrived (refused, reset, timeout). */
  public static final String TRANSPORT_ERROR = "TransportError";
  /** Code used when the answer could not be understood (no JSON, no Code). */
  public static final String UNKNOWN_ERROR = "UnknownError";
  /** Code the SDK uses (and this client reuses) when no credentials could be obtained. */
  public static final String INVALID_CREDENTIALS = "InvalidCredentials";

  private static final Set<String> UNAVAILABLE_CODES = Set.of(TRANSPORT_ERROR, "ServiceUnavailable",
      "InternalError", "InternalServerError", "ServiceTimeout", "SignatureNonceUsed", "ServiceBusy", "SystemBusy",
      "OperationConflict", "LastTokenProcessing");
  private static final Set<String> UNAUTHORIZED_CODES = Set.of("OperationDenied.Unauthorized", "Forbidden.RAM",
      "Forbidden", "SignatureDoesNotMatch", "IncompleteSignature", INVALID_CREDENTIALS, "NoPermission",
      "Forbidden.NoPermission", "MissingSecurityToken", "InvalidAccessKeyId", "InvalidAccessKeyId.NotFound", "InvalidAccessKeyId.Inactive");
  private static final String[] UNAUTHORIZED_PREFIXES = {"InvalidAccessKeyId.", "InvalidSecurityToken",
      "Forbidden.RAM", "Forbidden.AccessKey", "Forbidden.Unauthorized"};

  private ErrorClassifier() {
  }

  /**
   * Classifies an outcome.
   *
   * @param code the Alibaba error code; null or blank when none was readable
   * @param httpStatus the HTTP status, 0 when no answer arrived
   */
  public static ErrorKind classify(String code, int httpStatus) {
    String c = code == null ? "" : code.strip();
    if (c.isEmpty() || "null".equals(c)) {
      return httpStatus == 0 ? ErrorKind.UNAVAILABLE : byStatus(httpStatus);
    }
    switch (c) {
      case "DryRunOperation":
        return ErrorKind.DRY_RUN_PASSED;
      case "ResourceNotFound.IpamPoolAllocation":
        return ErrorKind.ALLOCATION_GONE;
      case "ResourceNotFound.IpamPool":
        return ErrorKind.POOL_GONE;
      case "InvalidTimeStamp.Expired":
      case "InvalidTimeStamp.Format":
        return ErrorKind.TERMINAL; // a wrong clock is not fixed by retrying
      case UNKNOWN_ERROR:
        return httpStatus >= 400 && httpStatus < 500 ? byStatus(httpStatus) : ErrorKind.UNAVAILABLE;
      default:
        break;
    }
    if (c.contains("Throttling")) {
      return ErrorKind.THROTTLED;
    }
    if (UNAVAILABLE_CODES.contains(c) || c.startsWith("InternalError.") || c.startsWith("ServiceUnavailable.")) {
      return ErrorKind.UNAVAILABLE;
    }
    if (UNAUTHORIZED_CODES.contains(c)) {
      return ErrorKind.UNAUTHORIZED;
    }
    for (String prefix : UNAUTHORIZED_PREFIXES) {
      if (c.startsWith(prefix)) {
        return ErrorKind.UNAUTHORIZED;
      }
    }
    if (isKnownTerminalFamily(c)) {
      return ErrorKind.TERMINAL;
    }
    return byStatus(httpStatus);
  }

  private static boolean isKnownTerminalFamily(String c) {
    return c.startsWith("OperationDenied") || c.startsWith("InvalidParam") || c.startsWith("IllegalParam")
        || c.startsWith("MissingParam") || c.startsWith("DependencyViolation") || c.startsWith("DuplicatedParam")
        || c.startsWith("ResourceNotFound") || c.startsWith("IncorrectStatus") || c.startsWith("QuotaExceeded")
        || c.startsWith("Forbidden") || c.startsWith("UnsupportedOperation")
        || "IdempotentParameterMismatch".equals(c);
  }

  /** Fallback for unknown codes: 429 throttled, 5xx unavailable, everything else (4xx, no status) terminal. */
  private static ErrorKind byStatus(int httpStatus) {
    if (httpStatus == 429) {
      return ErrorKind.THROTTLED;
    }
    if (httpStatus >= 500) {
      return ErrorKind.UNAVAILABLE;
    }
    return ErrorKind.TERMINAL;
  }
}
