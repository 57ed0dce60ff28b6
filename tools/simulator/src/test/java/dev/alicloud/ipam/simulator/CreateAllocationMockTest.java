package dev.alicloud.ipam.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import com.aliyun.tea.TeaException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("mock")
class CreateAllocationMockTest extends SimulatorFixture {

  private static Map<String, Object> create(Object... kv) {
    Map<String, Object> m = new HashMap<>();
    m.put("RegionId", REGION);
    m.put("IpamPoolId", POOL);
    for (int i = 0; i < kv.length; i += 2) {
      m.put((String) kv[i], kv[i + 1]);
    }
    return m;
  }

  private void assertError(Map<String, Object> params, String code, int status) {
    TeaException e = client.error("CreateIpamPoolAllocation", params);
    assertThat(e.getCode()).as(e.getMessage()).isEqualTo(code);
    assertThat(e.getStatusCode()).isEqualTo(status);
  }

  @Test
  void createByCidrReservesExactlyThatBlock() throws Exception {
    Map<String, Object> body = client.call("CreateIpamPoolAllocation",
        create("Cidr", "10.0.8.0/24", "IpamPoolAllocationName", "team-a", "IpamPoolAllocationDescription", "Team A"));
    assertThat(body).containsKeys("RequestId", "IpamPoolAllocationId");
    assertThat(body.get("Cidr")).isEqualTo("10.0.8.0/24");
    assertThat(body.get("SourceCidr")).isEqualTo("10.0.0.0/16");
    assertThat((String) body.get("IpamPoolAllocationId")).matches("ipam-pool-alloc-[a-z0-9]{22}");
    SimAllocation stored = sim.state().allocation((String) body.get("IpamPoolAllocationId")).orElseThrow();
    assertThat(stored.cidr()).isEqualTo("10.0.8.0/24");
    assertThat(stored.name()).isEqualTo("team-a");
    assertThat(stored.description()).isEqualTo("Team A");
    assertThat(stored.resourceType()).isEqualTo("Custom");
    assertThat(stored.status()).isEqualTo("Created");
    assertThat(stored.creationTime()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\+08:00");
  }

  @Test
  void createByMaskPlacesLowestFreeAlignedBlock() throws Exception {
    sim.state().seedAllocation(POOL, "10.0.0.0/24", "VPC", "vpc-seeded");
    Map<String, Object> first = client.call("CreateIpamPoolAllocation", create("CidrMask", 24));
    Map<String, Object> second = client.call("CreateIpamPoolAllocation", create("CidrMask", 26));
    Map<String, Object> third = client.call("CreateIpamPoolAllocation", create("CidrMask", 22));
    assertThat(first.get("Cidr")).isEqualTo("10.0.1.0/24");
    assertThat(second.get("Cidr")).isEqualTo("10.0.2.0/26");
    assertThat(third.get("Cidr")).isEqualTo("10.0.4.0/22");
    assertThat(sim.state().allocations(POOL)).hasSize(4);
  }

  @Test
  void overlappingCidrIsRejectedAndNothingIsAdded() throws Exception {
    client.call("CreateIpamPoolAllocation", create("Cidr", "10.0.0.0/20"));
    assertError(create("Cidr", "10.0.4.0/24"), "OperationDenied.CidrOverlap", 400);
    assertError(create("Cidr", "10.0.0.0/16"), "OperationDenied.CidrOverlap", 400);
    assertThat(sim.state().allocations()).hasSize(1);
  }

  @Test
  void maskOutsidePoolRangeIsRejected() {
    assertError(create("CidrMask", 29), "OperationDenied.CidrMaskOutOfRange", 400);
    assertError(create("CidrMask", 15), "OperationDenied.CidrMaskOutOfRange", 400);
    assertError(create("Cidr", "10.0.0.0/30"), "OperationDenied.CidrMaskOutOfRange", 400);
    assertError(create("CidrMask", 33), "IllegalParam.CidrMask", 400);
    assertThat(sim.state().allocations()).isEmpty();
  }

  @Test
  void cidrOutsideProvisionedCidrsIsRejected() {
    assertError(create("Cidr", "10.1.0.0/24"), "OperationDenied.CidrNotInPool", 400);
    assertError(create("Cidr", "192.168.0.0/24"), "OperationDenied.CidrNotInPool", 400);
  }

  @Test
  void fullPoolHasNoAvailableCidr() throws Exception {
    sim.state().addPool("ipam-pool-small", REGION, List.of("172.16.0.0/24"), 24, 28);
    Map<String, Object> whole = client.call("CreateIpamPoolAllocation",
        Map.of("RegionId", REGION, "IpamPoolId", "ipam-pool-small", "CidrMask", 24));
    assertThat(whole.get("Cidr")).isEqualTo("172.16.0.0/24");
    TeaException e = client.error("CreateIpamPoolAllocation",
        Map.of("RegionId", REGION, "IpamPoolId", "ipam-pool-small", "CidrMask", 28));
    assertThat(e.getCode()).isEqualTo("OperationDenied.NoAvailableCidr");
    sim.state().addPool("ipam-pool-empty", REGION, List.of(), 8, 28);
    assertThat(client.error("CreateIpamPoolAllocation",
        Map.of("RegionId", REGION, "IpamPoolId", "ipam-pool-empty", "CidrMask", 24)).getCode())
        .isEqualTo("OperationDenied.PoolCidrNotProvisioned");
  }

  @Test
  void parameterValidation() {
    assertError(Map.of("IpamPoolId", POOL, "CidrMask", 24), "MissingParameter", 400);
    assertError(Map.of("RegionId", REGION, "CidrMask", 24), "MissingParameter", 400);
    assertError(create(), "MissingParameter.CidrOrCidrMask", 400);
    assertError(create("Cidr", "10.0.0.0/24", "CidrMask", 24), "InvalidParameter.CidrAndCidrMask", 400);
    assertError(create("Cidr", "10.0.0.1/24"), "IllegalParam.Cidr", 400);
    assertError(create("Cidr", "not-a-cidr"), "IllegalParam.Cidr", 400);
    assertError(create("CidrMask", 24, "IpamPoolAllocationName", "http://x"), "IllegalParam.IpamPoolAllocationName",
        400);
    assertError(create("CidrMask", 24, "IpamPoolAllocationName", "n".repeat(129)),
        "IllegalParam.IpamPoolAllocationName", 400);
    assertError(create("CidrMask", 24, "IpamPoolAllocationDescription", "1 starts with a digit"),
        "IllegalParam.IpamPoolAllocationDescription", 400);
    assertError(create("CidrMask", 24, "IpamPoolAllocationDescription", "https://example.com"),
        "IllegalParam.IpamPoolAllocationDescription", 400);
    assertError(create("CidrMask", 24, "DryRun", "maybe"), "IllegalParam.DryRun", 400);
    assertError(create("CidrMask", 24, "ClientToken", "t".repeat(65)), "IllegalParam.ClientToken", 400);
    assertThat(sim.state().allocations()).isEmpty();
  }

  @Test
  void chineseDescriptionIsAccepted() throws Exception {
    Map<String, Object> body = client.call("CreateIpamPoolAllocation",
        create("CidrMask", 24, "IpamPoolAllocationDescription", "生产环境 reserved"));
    assertThat(sim.state().allocation((String) body.get("IpamPoolAllocationId")).orElseThrow().description())
        .isEqualTo("生产环境 reserved");
  }

  @Test
  void missingPoolWrongRegionAndPoolDeny() {
    TeaException missing = client.error("CreateIpamPoolAllocation",
        Map.of("RegionId", REGION, "IpamPoolId", "ipam-pool-nope", "CidrMask", 24));
    assertThat(missing.getCode()).isEqualTo("ResourceNotFound.IpamPool");
    assertThat(missing.getStatusCode()).isEqualTo(404);
    TeaException region = client.error("CreateIpamPoolAllocation",
        Map.of("RegionId", "cn-beijing", "IpamPoolId", POOL, "CidrMask", 24));
    assertThat(region.getCode()).isEqualTo("OperationDenied.RequestRegionInvalid");
    assertThat(region.getStatusCode()).isEqualTo(400);
    sim.state().denyPool(AK, POOL);
    assertThat(client.error("CreateIpamPoolAllocation", create("CidrMask", 24)).getCode())
        .isEqualTo("OperationDenied.Unauthorized");
    assertThat(sim.state().allocations()).isEmpty();
  }

  @Test
  void dryRunChecksEverythingAndChangesNothing() {
    TeaException passed = client.error("CreateIpamPoolAllocation", create("CidrMask", 24, "DryRun", true));
    assertThat(passed.getCode()).isEqualTo("DryRunOperation");
    assertThat(passed.getStatusCode()).isEqualTo(400);
    assertThat(passed.getData().get("Message")).isEqualTo("Request validation has been passed with DryRun flag set.");
    TeaException failing = client.error("CreateIpamPoolAllocation", create("CidrMask", 30, "DryRun", true));
    assertThat(failing.getCode()).isEqualTo("OperationDenied.CidrMaskOutOfRange");
    assertThat(sim.state().allocations()).isEmpty();
  }
}
