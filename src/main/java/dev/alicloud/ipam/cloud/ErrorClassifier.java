package dev.alicloud.ipam.cloud;

/**
 * Gives an outcome its {@link ErrorKind}: the code decides, through {@link ErrorTable}; the HTTP status is only the
 * fallback for codes nobody knows ({@code ResourceNotFound.IpamPoolAllocation} is HTTP 400, so status alone would
 * mislead).
 */
public final class ErrorClassifier {

  /** Code used for failures where no HTTP answer arrived (refused, reset, timeout). */
  public static final String TRANSPORT_ERROR = "TransportError";
  /** Code used when the answer could not be understood (no JSON, no Code). */
  public static final String UNKNOWN_ERROR = "UnknownError";
  /** Code the SDK uses (and this client reuses) when no credentials could be obtained. */
  public static final String INVALID_CREDENTIALS = "InvalidCredentials";

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
    if (ErrorClassifier.UNKNOWN_ERROR.equals(c)) {
      return httpStatus >= 400 && httpStatus < 500 ? byStatus(httpStatus) : ErrorKind.UNAVAILABLE;
    }
    return ErrorTable.kindOf(c).orElseGet(() -> byStatus(httpStatus));
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
