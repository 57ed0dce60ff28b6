package dev.alicloud.ipam.simulator;

/**
 * An API error answer (HTTP status, Alibaba error code, message) raised anywhere in request handling and turned into
 * the JSON error body by {@link ErrorResponse}. Not a bug signal: it is the normal way to answer "no".
 */
final class ApiException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final int status;
  private final String code;

  ApiException(int status, String code, String message) {
    super(message, null, false, false);
    this.status = status;
    this.code = code;
  }

  int status() {
    return status;
  }

  String code() {
    return code;
  }

  static ApiException badRequest(String code, String message) {
    return new ApiException(400, code, message);
  }

  /** Alibaba's wording for a missing mandatory parameter. */
  static ApiException missing(String parameter) {
    return badRequest("MissingParameter",
        "The input parameter \"" + parameter + "\" that is mandatory for processing this request is not supplied.");
  }

  static ApiException dryRunPassed() {
    return badRequest("DryRunOperation", "Request validation has been passed with DryRun flag set.");
  }

  static ApiException allocationNotFound() {
    return badRequest("ResourceNotFound.IpamPoolAllocation",
        "The specified resource of IPAM pool allocation is not found.");
  }

  static ApiException poolNotFound() {
    return new ApiException(404, "ResourceNotFound.IpamPool", "The dependent IPAM pool is not found.");
  }

  static ApiException regionInvalid() {
    return badRequest("OperationDenied.RequestRegionInvalid",
        "The operation is not allowed because the request is not invoked in the region of the IPAM pool.");
  }

  static ApiException unauthorized() {
    return badRequest("OperationDenied.Unauthorized", "The operation is denied because the user is not authorized.");
  }

  static ApiException forbiddenRam() {
    return new ApiException(403, "Forbidden.RAM", "User not authorized to operate on the specified resource.");
  }

  static ApiException throttled() {
    return badRequest("Throttling.User", "Request was denied due to user flow control.");
  }
}
