package dev.alicloud.ipam.cloud;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("unit")
class VpcIpamRequestsTest {

  @Test
  void createByCidrWithEverything() {
    Map<String, String> q = VpcIpamRequests.create("cn-hangzhou", new CreateAllocationRequest(null,
        "ipam-pool-abc", "10.1.0.0/16", null, "web", "Web tier", true, "tok-1"));
    assertThat(q).containsExactlyInAnyOrderEntriesOf(Map.of("RegionId", "cn-hangzhou", "IpamPoolId", "ipam-pool-abc",
        "Cidr", "10.1.0.0/16", "IpamPoolAllocationName", "web", "IpamPoolAllocationDescription", "Web tier",
        "DryRun", "true", "ClientToken", "tok-1"));
  }

  @Test
  void createByMaskSendsNeitherDryRunNorTokenWhenUnset() {
    Map<String, String> q = VpcIpamRequests.create("cn-hangzhou", new CreateAllocationRequest(null,
        "ipam-pool-abc", null, 24, null, " ", false, null));
    assertThat(q).containsExactlyInAnyOrderEntriesOf(Map.of("RegionId", "cn-hangzhou", "IpamPoolId", "ipam-pool-abc",
        "CidrMask", "24"));
  }

  @Test
  void createNeedsExactlyOneOfCidrAndMask() {
    assertThatThrownBy(() -> VpcIpamRequests.create("cn-hangzhou",
        new CreateAllocationRequest(null, "ipam-pool-abc", null, null, null, null, false, null)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> VpcIpamRequests.create("cn-hangzhou",
        new CreateAllocationRequest(null, "ipam-pool-abc", "10.0.0.0/8", 8, null, null, false, null)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> VpcIpamRequests.create("cn-hangzhou",
        new CreateAllocationRequest(null, "ipam-pool-abc", null, 129, null, null, false, null)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> VpcIpamRequests.create("cn-hangzhou",
        new CreateAllocationRequest(null, " ", null, 24, null, null, false, null)))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void listFlattensIdsAndValidatesPageSize() {
    Map<String, String> q = VpcIpamRequests.list("cn-hangzhou", "ipam-pool-abc",
        List.of("ipam-alloc-1", "ipam-alloc-2"), 100, "next-1");
    assertThat(q).containsExactlyInAnyOrderEntriesOf(Map.of("RegionId", "cn-hangzhou", "IpamPoolId", "ipam-pool-abc",
        "IpamPoolAllocationIds.1", "ipam-alloc-1", "IpamPoolAllocationIds.2", "ipam-alloc-2", "MaxResults", "100",
        "NextToken", "next-1"));
    assertThat(VpcIpamRequests.list("cn-hangzhou", "ipam-pool-abc", List.of(), 1, ""))
        .containsOnlyKeys("RegionId", "IpamPoolId", "MaxResults");
    assertThatThrownBy(() -> VpcIpamRequests.list("cn-hangzhou", "p", null, 0, null))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> VpcIpamRequests.list("cn-hangzhou", "p", null, 101, null))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> VpcIpamRequests.list("cn-hangzhou", "p",
        java.util.Collections.nCopies(21, "ipam-alloc-1"), 10, null)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void getUpdateDelete() {
    assertThat(VpcIpamRequests.get("cn-hangzhou", "ipam-alloc-1"))
        .containsExactlyInAnyOrderEntriesOf(Map.of("RegionId", "cn-hangzhou", "IpamPoolAllocationId", "ipam-alloc-1"));
    assertThat(VpcIpamRequests.update("cn-hangzhou",
        new UpdateAllocationRequest(null, "ipam-alloc-1", "n", null, false, "t")))
        .containsExactlyInAnyOrderEntriesOf(Map.of("RegionId", "cn-hangzhou", "IpamPoolAllocationId", "ipam-alloc-1",
            "IpamPoolAllocationName", "n", "ClientToken", "t"));
    assertThat(VpcIpamRequests.delete("cn-hangzhou", "ipam-alloc-1", true, null))
        .containsExactlyInAnyOrderEntriesOf(Map.of("RegionId", "cn-hangzhou", "IpamPoolAllocationId", "ipam-alloc-1",
            "DryRun", "true"));
    assertThatThrownBy(() -> VpcIpamRequests.delete("cn-hangzhou", null, false, null))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void clientTokenIsAsciiAndAtMost64() {
    assertThat(VpcIpamRequests.checkClientToken(null)).isNull();
    assertThat(VpcIpamRequests.checkClientToken("a".repeat(64))).hasSize(64);
    assertThatThrownBy(() -> VpcIpamRequests.checkClientToken("a".repeat(65)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> VpcIpamRequests.checkClientToken("")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> VpcIpamRequests.checkClientToken("tök")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> VpcIpamRequests.checkClientToken("a b")).isInstanceOf(IllegalArgumentException.class);
  }
}
