package dev.alicloud.ipam.cloud;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

@Tag("unit")
class ErrorClassifierTest {

  @ParameterizedTest(name = "{0} / HTTP {1} -> {2}")
  @CsvSource(nullValues = "NULL", value = {
      // the seed (DeleteIpamPoolAllocation), with the statuses it documents
      "DryRunOperation,                          400, DRY_RUN_PASSED",
      "ResourceNotFound.IpamPoolAllocation,      400, ALLOCATION_GONE",
      "ResourceNotFound.IpamPool,                404, POOL_GONE",
      "OperationDenied.ResourceTypeIsNotCustom,  400, TERMINAL",
      "OperationDenied.UnexpectedResourceType,   400, TERMINAL",
      "OperationDenied.Ipv6VpcNotSupport,        400, TERMINAL",
      "OperationDenied.Unauthorized,             400, UNAUTHORIZED",
      "OperationDenied.RequestRegionInvalid,     400, TERMINAL",
      // from the VpcIpam error-code page and the Terraform provider's handling
      "OperationConflict,                        400, UNAVAILABLE",
      "OperationDenied.IpamPoolAllocationExist,  400, UNAVAILABLE",
      "DependencyViolation.CustomPoolAllocation, 400, TERMINAL",
      "DependencyViolation.PoolCidr,             400, TERMINAL",
      "DependencyViolation.ShareResource,        400, TERMINAL",
      "DependencyViolation.Anything,             400, TERMINAL",
      "IncorrectStatus.IpamPool,                 400, TERMINAL",
      // throttling family
      "Throttling,                               400, THROTTLED",
      "Throttling.User,                          400, THROTTLED",
      "Throttling.Api,                           400, THROTTLED",
      "Rejected.Throttling,                      400, THROTTLED",
      "Throttling.Concurrent.Limit,              503, THROTTLED",
      "NULL,                                     429, THROTTLED",
      "Some.Unknown,                             429, THROTTLED",
      // temporary failures
      "ServiceUnavailable,                       503, UNAVAILABLE",
      "InternalError,                            500, UNAVAILABLE",
      "InternalError,                            400, UNAVAILABLE",
      "SignatureNonceUsed,                       400, UNAVAILABLE",
      "TransportError,                           0,   UNAVAILABLE",
      "Some.Unknown,                             500, UNAVAILABLE",
      "Some.Unknown,                             502, UNAVAILABLE",
      "Some.Unknown,                             504, UNAVAILABLE",
      "NULL,                                     500, UNAVAILABLE",
      "NULL,                                     0,   UNAVAILABLE",
      "'',                                       503, UNAVAILABLE",
      "UnknownError,                             0,   UNAVAILABLE",
      "UnknownError,                             200, UNAVAILABLE",
      "UnknownError,                             502, UNAVAILABLE",
      // credentials and RAM
      "Forbidden.RAM,                            403, UNAUTHORIZED",
      "InvalidAccessKeyId.NotFound,              404, UNAUTHORIZED",
      "InvalidAccessKeyId.Inactive,              400, UNAUTHORIZED",
      "SignatureDoesNotMatch,                    400, UNAUTHORIZED",
      "InvalidSecurityToken.Expired,             400, UNAUTHORIZED",
      "InvalidCredentials,                       0,   UNAUTHORIZED",
      "MissingSecurityToken,                     400, UNAUTHORIZED",
      "IncompleteSignature,                      400, UNAUTHORIZED",
      "OperationDenied.Unauthorized,             503, UNAUTHORIZED",
      // terminal
      "InvalidTimeStamp.Expired,                 400, TERMINAL",
      "InvalidParameter,                         400, TERMINAL",
      "InvalidParameter.CidrMask,                400, TERMINAL",
      "IllegalParam.Cidr,                        400, TERMINAL",
      "MissingParameter,                         400, TERMINAL",
      "MissingParameter.RegionId,                400, TERMINAL",
      "IdempotentParameterMismatch,              400, TERMINAL",
      "DependencyViolation.CustomPoolAllocation, 400, TERMINAL",
      "DuplicatedParam.TagKey,                   400, TERMINAL",
      "Forbidden.IpResourceAccess,               403, TERMINAL",
      "OperationDenied.Anything,                 500, TERMINAL",
      "Some.Unknown,                             400, TERMINAL",
      "Some.Unknown,                             404, TERMINAL",
      "Some.Unknown,                             0,   TERMINAL",
      "NULL,                                     400, TERMINAL",
      "UnknownError,                             400, TERMINAL",
  })
  void classifiesByCodeFirstThenStatus(String code, int status, ErrorKind expected) {
    assertThat(ErrorClassifier.classify(code, status)).isEqualTo(expected);
  }

  @Test
  void allocationNotFoundIsGoneWhateverTheStatus() {
    assertThat(ErrorClassifier.classify("ResourceNotFound.IpamPoolAllocation", 404))
        .isEqualTo(ErrorKind.ALLOCATION_GONE);
    assertThat(ErrorClassifier.classify(" ResourceNotFound.IpamPoolAllocation ", 400))
        .isEqualTo(ErrorKind.ALLOCATION_GONE);
  }

  @Test
  void onlyThrottledAndUnavailableAreRetryable() {
    for (ErrorKind kind : ErrorKind.values()) {
      boolean expected = kind == ErrorKind.THROTTLED || kind == ErrorKind.UNAVAILABLE;
      assertThat(kind.isRetryable()).as(kind.name()).isEqualTo(expected);
      assertThat(kind.isTransient()).as(kind.name()).isEqualTo(expected);
    }
    assertThat(ErrorKind.UNAUTHORIZED.needsAttention()).isTrue();
    assertThat(ErrorKind.TERMINAL.needsAttention()).isTrue();
    assertThat(ErrorKind.ALLOCATION_GONE.needsAttention()).isFalse();
  }

  @Test
  void cloudExceptionCarriesTheClassification() {
    CloudException e = new CloudException("DeleteIpamPoolAllocation", "Throttling.User", 400, "req-1", "slow down",
        null);
    assertThat(e.kind()).isEqualTo(ErrorKind.THROTTLED);
    assertThat(e.retryable()).isTrue();
    assertThat(e.getMessage()).contains("DeleteIpamPoolAllocation", "Throttling.User", "HTTP 400", "slow down",
        "req-1");
    assertThat(new CloudException("GetIpamPoolAllocation", null, 0, null, null, null).code())
        .isEqualTo(ErrorClassifier.UNKNOWN_ERROR);
  }
}
