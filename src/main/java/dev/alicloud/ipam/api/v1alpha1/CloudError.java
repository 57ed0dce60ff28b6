package dev.alicloud.ipam.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.Objects;

/** The last error the cloud API (or the transport to it) returned, verbatim, for people and tools to read. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class CloudError {

  @JsonPropertyDescription("The exact Alibaba Cloud error code, e.g. OperationDenied.Unauthorized; TransportError "
      + "when the API could not be reached.")
  private String code;
  @JsonPropertyDescription("HTTP status of the failed call; 0 when no answer arrived.")
  private Integer httpStatus;
  @JsonPropertyDescription("The API's message and what to do about it.")
  private String message;
  @JsonPropertyDescription("RequestId of the failed call, for Alibaba Cloud support.")
  private String requestId;
  @JsonPropertyDescription("True when the operator retries by itself (throttling, 5xx, transport); false when a person "
      + "must act (the operator still retries slowly).")
  private Boolean retryable;

  public CloudError() {
  }

  public CloudError(String code, Integer httpStatus, String message, String requestId, Boolean retryable) {
    this.code = code;
    this.httpStatus = httpStatus;
    this.message = message;
    this.requestId = requestId;
    this.retryable = retryable;
  }

  public String getCode() {
    return code;
  }

  public void setCode(String code) {
    this.code = code;
  }

  public Integer getHttpStatus() {
    return httpStatus;
  }

  public void setHttpStatus(Integer httpStatus) {
    this.httpStatus = httpStatus;
  }

  public String getMessage() {
    return message;
  }

  public void setMessage(String message) {
    this.message = message;
  }

  public String getRequestId() {
    return requestId;
  }

  public void setRequestId(String requestId) {
    this.requestId = requestId;
  }

  public Boolean getRetryable() {
    return retryable;
  }

  public void setRetryable(Boolean retryable) {
    this.retryable = retryable;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof CloudError e && Objects.equals(code, e.code) && Objects.equals(httpStatus, e.httpStatus)
        && Objects.equals(message, e.message) && Objects.equals(requestId, e.requestId)
        && Objects.equals(retryable, e.retryable);
  }

  @Override
  public int hashCode() {
    return Objects.hash(code, httpStatus, message, requestId, retryable);
  }
}
