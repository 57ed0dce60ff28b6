package dev.alicloud.ipam.cloud;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@Tag("unit")
class ErrorHintsTest {

  @ParameterizedTest
  @ValueSource(strings = {"OperationDenied.ResourceTypeIsNotCustom", "DryRunOperation",
      "ResourceNotFound.IpamPoolAllocation", "OperationDenied.UnexpectedResourceType", "OperationDenied.Unauthorized",
      "OperationDenied.RequestRegionInvalid", "OperationDenied.Ipv6VpcNotSupport", "ResourceNotFound.IpamPool",
      "Throttling", "Throttling.User", "Throttling.Api", "Rejected.Throttling", "ServiceUnavailable", "InternalError",
      "TransportError", "UnknownError", "Forbidden.RAM", "InvalidAccessKeyId.NotFound", "InvalidAccessKeyId.Inactive",
      "SignatureDoesNotMatch", "InvalidSecurityToken.Expired", "InvalidCredentials", "InvalidTimeStamp.Expired",
      "SignatureNonceUsed", "IdempotentParameterMismatch", "InvalidParameter.CidrMask", "IllegalParam.CidrMask",
      "InvalidParam.Cidr", "OperationFailed.CidrConflict", "InvalidParam.IpamPoolAllocationName",
      "IllegalParam.IpamPoolAllocationDescription", "MissingParameter", "DependencyViolation.CustomPoolAllocation",
      "OperationDenied.CidrMaskOutOfRange", "OperationDenied.CidrNotInPool", "OperationDenied.CidrOverlap",
      "OperationDenied.NoAvailableCidr", "OperationDenied.PoolCidrNotProvisioned", "InvalidParameter.CidrAndCidrMask",
      "MissingParameter.CidrOrCidrMask", "IllegalParam.ClientToken", "InvalidTimeStamp.Format",
      "InvalidSecurityToken.Malformed", "InvalidAction.NotFound", "MissingSecurityToken", "InvalidVersion",
      "OperationConflict", "OperationDenied.IpamPoolAllocationExist", "DependencyViolation.PoolCidr",
      "DependencyViolation.ShareResource", "Forbidden.RAM.Whatever"})
  void knownCodesHaveSpecificHints(String code) {
    assertThat(ErrorHints.hintFor(code)).isNotBlank().isNotEqualTo(ErrorHints.GENERIC);
  }

  @Test
  void hintsSayWhatToDo() {
    assertThat(ErrorHints.hintFor("OperationDenied.ResourceTypeIsNotCustom"))
        .contains("VPC or a sub-pool", "spec.deletionPolicy: Orphan");
    assertThat(ErrorHints.hintFor("OperationDenied.RequestRegionInvalid")).contains("spec.regionId");
    assertThat(ErrorHints.hintFor("OperationDenied.Unauthorized"))
        .contains("vpc:CreateIpamPoolAllocation", "vpc:DeleteIpamPoolAllocation", "vpc:GetIpamPoolAllocation",
            "vpc:ListIpamPoolAllocations", "vpc:UpdateIpamPoolAllocation");
    assertThat(ErrorHints.hintFor("Forbidden.RAM")).contains("vpc:DeleteIpamPoolAllocation");
    assertThat(ErrorHints.hintFor("InvalidParameter.CidrMask")).contains("spec.cidrMask");
    assertThat(ErrorHints.hintFor("Throttling.Whatever")).contains("throttling");
  }

  @Test
  void everyExactCodeOfTheTableHasAdviceAndTheRetriedOnesSayThatTheOperatorRetries() {
    ErrorTable.exactCodes().forEach((code, row) -> {
      assertThat(row.hint()).as(code).isNotBlank();
      if (row.kind() != null && row.kind().isTransient()) {
        assertThat(row.hint()).as(code + " is retried: its advice must not ask a person to fix the spec")
            .contains("retr").doesNotContain("spec.");
      }
    });
    assertThat(ErrorHints.hintFor("Throttling.User")).contains("--cloud-rate-limit", "Quota Center");
  }

  @Test
  void unknownAndMissingCodesGetTheGenericHint() {
    assertThat(ErrorHints.hintFor(null)).isEqualTo(ErrorHints.GENERIC);
    assertThat(ErrorHints.hintFor(" ")).isEqualTo(ErrorHints.GENERIC);
    assertThat(ErrorHints.hintFor("Some.NeverSeen")).isEqualTo(ErrorHints.GENERIC);
  }
}
