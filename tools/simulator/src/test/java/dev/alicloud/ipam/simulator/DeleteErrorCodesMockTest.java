package dev.alicloud.ipam.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import com.aliyun.tea.TeaException;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Every error code of the DeleteIpamPoolAllocation seed page, with its HTTP status, plus the success path. */
@Tag("mock")
class DeleteErrorCodesMockTest extends SimulatorFixture {

  private String customAllocation() throws Exception {
    return (String) client.call("CreateIpamPoolAllocation",
        Map.of("RegionId", REGION, "IpamPoolId", POOL, "CidrMask", 24)).get("IpamPoolAllocationId");
  }

  private TeaException delete(String id, Object... extra) {
    Map<String, Object> params = new java.util.HashMap<>(Map.of("RegionId", REGION, "IpamPoolAllocationId", id));
    for (int i = 0; i < extra.length; i += 2) {
      params.put((String) extra[i], extra[i + 1]);
    }
    return client.error("DeleteIpamPoolAllocation", params);
  }

  private static void assertCode(TeaException e, String code, int status) {
    assertThat(e.getCode()).as(e.getMessage()).isEqualTo(code);
    assertThat(e.getStatusCode()).isEqualTo(status);
    assertThat(e.getData()).containsEntry("Code", code).containsKey("RequestId");
  }

  @Test
  void successReleasesTheBlockForReuse() throws Exception {
    String id = customAllocation();
    Map<String, Object> body = client.call("DeleteIpamPoolAllocation",
        Map.of("RegionId", REGION, "IpamPoolAllocationId", id));
    assertThat(body).containsOnlyKeys("RequestId");
    assertThat(sim.state().allocations()).isEmpty();
    assertThat(sim.state().allocation(id)).isEmpty();
    String next = customAllocation();
    assertThat(sim.state().allocation(next).orElseThrow().cidr()).isEqualTo("10.0.0.0/24");
  }

  @Test
  void dryRunOperation() throws Exception {
    String id = customAllocation();
    assertCode(delete(id, "DryRun", true), "DryRunOperation", 400);
    assertThat(sim.state().allocations()).hasSize(1);
  }

  @Test
  void resourceNotFoundIpamPoolAllocation() throws Exception {
    assertCode(delete("ipam-alloc-doesnotexist0000000000"), "ResourceNotFound.IpamPoolAllocation", 400);
    String id = customAllocation();
    client.call("DeleteIpamPoolAllocation", Map.of("RegionId", REGION, "IpamPoolAllocationId", id));
    assertCode(delete(id), "ResourceNotFound.IpamPoolAllocation", 400);
  }

  @Test
  void resourceNotFoundIpamPoolWhenThePoolWasDeleted() throws Exception {
    String id = customAllocation();
    sim.state().removePool(POOL);
    assertCode(delete(id), "ResourceNotFound.IpamPool", 404);
    // the confirming read says the allocation is gone too
    TeaException read = client.error("GetIpamPoolAllocation", Map.of("RegionId", REGION, "IpamPoolAllocationId", id));
    assertCode(read, "ResourceNotFound.IpamPoolAllocation", 400);
    assertThat(sim.state().allocations()).isEmpty();
  }

  @Test
  void resourceTypeIsNotCustomForVpcAndSubPoolAllocations() {
    SimAllocation vpc = sim.state().seedAllocation(POOL, "10.0.0.0/24", "VPC", "vpc-bp1xyz");
    SimAllocation subPool = sim.state().seedAllocation(POOL, "10.0.16.0/20", "IpamPool", "ipam-pool-child");
    assertCode(delete(vpc.allocationId()), "OperationDenied.ResourceTypeIsNotCustom", 400);
    assertCode(delete(subPool.allocationId(), "DryRun", true), "OperationDenied.ResourceTypeIsNotCustom", 400);
    assertThat(sim.state().allocations()).hasSize(2);
  }

  @Test
  void unexpectedResourceTypeForOtherTypes() {
    SimAllocation odd = sim.state().seedAllocation(POOL, "10.0.1.0/24", "VSwitch", "vsw-bp1abc");
    assertCode(delete(odd.allocationId()), "OperationDenied.UnexpectedResourceType", 400);
    assertThat(sim.state().allocation(odd.allocationId())).isPresent();
  }

  @Test
  void ipv6VpcNotSupport() {
    SimAllocation v6 = sim.state().seedIpv6VpcAllocation(POOL, "2408:4005:3ab:e00::/56", "vpc-v6");
    assertCode(delete(v6.allocationId()), "OperationDenied.Ipv6VpcNotSupport", 400);
    assertThat(sim.state().allocation(v6.allocationId())).isPresent();
  }

  @Test
  void unauthorizedByAllowListOrPoolDeny() throws Exception {
    String id = customAllocation();
    sim.state().restrictAccessKey(AK, Set.of("CreateIpamPoolAllocation", "GetIpamPoolAllocation"));
    assertCode(delete(id), "OperationDenied.Unauthorized", 400);
    sim.state().unrestrictAccessKey(AK);
    sim.state().denyPool(AK, POOL);
    assertCode(delete(id), "OperationDenied.Unauthorized", 400);
    assertThat(sim.state().allocations()).hasSize(1);
  }

  @Test
  void requestRegionInvalid() throws Exception {
    String id = customAllocation();
    TeaException e = client.error("DeleteIpamPoolAllocation",
        Map.of("RegionId", "cn-shanghai", "IpamPoolAllocationId", id));
    assertCode(e, "OperationDenied.RequestRegionInvalid", 400);
    assertThat(sim.state().allocations()).hasSize(1);
  }

  @Test
  void missingParameters() {
    assertCode(client.error("DeleteIpamPoolAllocation", Map.of("RegionId", REGION)), "MissingParameter", 400);
    assertCode(client.error("DeleteIpamPoolAllocation", Map.of("IpamPoolAllocationId", "x")), "MissingParameter",
        400);
  }

  @Test
  void otherPoolsAreUnaffected() throws Exception {
    sim.state().addPool("ipam-pool-other", REGION, List.of("192.168.0.0/16"), 16, 28);
    String other = (String) client.call("CreateIpamPoolAllocation",
        Map.of("RegionId", REGION, "IpamPoolId", "ipam-pool-other", "CidrMask", 24)).get("IpamPoolAllocationId");
    String mine = customAllocation();
    client.call("DeleteIpamPoolAllocation", Map.of("RegionId", REGION, "IpamPoolAllocationId", mine));
    assertThat(sim.state().allocations()).extracting(SimAllocation::allocationId).containsExactly(other);
  }
}
