package dev.alicloud.ipam.cloud;

/**
 * Any failed VpcIpam call, API error or transport failure, already classified, so that callers never see a Tea SDK
 * exception. Messages never contain the access key secret or the security token.
 */
public class CloudException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final String action;
  private final String code;
  private final int httpStatus;
  private final String requestId;
  private final String cloudMessage;
  private final ErrorKind kind;

  /**
   * @param action the API action, e.g. {@code DeleteIpamPoolAllocation}
   * @param code the Alibaba code, {@code TransportError} or {@code UnknownError}; null becomes {@code UnknownError}
   * @param httpStatus HTTP status, 0 when no answer arrived
   * @param requestId the RequestId, may be null
   * @param cloudMessage the API's message, already free of secrets; may be null
   * @param cause an underlying exception that carries no secrets (never a Tea exception), may be null
   */
  public CloudException(String action, String code, int httpStatus, String requestId, String cloudMessage,
      Throwable cause) {
    super(format(action, code, httpStatus, requestId, cloudMessage), cause);
    this.action = action;
    this.code = code == null || code.isBlank() ? ErrorClassifier.UNKNOWN_ERROR : code;
    this.httpStatus = httpStatus;
    this.requestId = requestId;
    this.cloudMessage = cloudMessage;
    this.kind = ErrorClassifier.classify(this.code, httpStatus);
  }

  /** The Alibaba error code, {@code TransportError} or {@code UnknownError}; never null. */
  public String code() {
    return code;
  }

  /** The HTTP status, 0 when no answer arrived. */
  public int httpStatus() {
    return httpStatus;
  }

  /** The RequestId of the failed call, for support; may be null. */
  public String requestId() {
    return requestId;
  }

  /** The API's Message (or a description of the transport failure), without secrets; may be null. */
  public String cloudMessage() {
    return cloudMessage;
  }

  /** The API action that failed. */
  public String action() {
    return action;
  }

  /** What this outcome means for the operator. */
  public ErrorKind kind() {
    return kind;
  }

  /** True when the same request may succeed later by itself. */
  public boolean retryable() {
    return kind.isRetryable();
  }

  /** The actionable hint for this code. */
  public String hint() {
    return ErrorHints.hintFor(code);
  }

  private static String format(String action, String code, int httpStatus, String requestId, String message) {
    StringBuilder sb = new StringBuilder();
    sb.append(action == null ? "VpcIpam call" : action).append(" failed: ")
        .append(code == null || code.isBlank() ? ErrorClassifier.UNKNOWN_ERROR : code);
    if (httpStatus > 0) {
      sb.append(" (HTTP ").append(httpStatus).append(')');
    }
    if (message != null && !message.isBlank()) {
      sb.append(": ").append(message);
    }
    if (requestId != null) {
      sb.append(" [RequestId ").append(requestId).append(']');
    }
    return sb.toString();
  }
}
