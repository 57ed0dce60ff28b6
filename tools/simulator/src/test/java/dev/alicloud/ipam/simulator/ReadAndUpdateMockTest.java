package dev.alicloud.ipam.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import com.aliyun.tea.TeaException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("mock")
class ReadAndUpdateMockTest extends SimulatorFixture {

  private String create(int mask, String name) throws Exception {
    Map<String, Object> p = new HashMap<>(Map.of("RegionId", REGION, "IpamPoolId", POOL, "CidrMask", mask));
    if (name != null) {
      p.put("IpamPoolAllocationName", name);
    }
    return (String) client.call("CreateIpamPoolAllocation", p).get("IpamPoolAllocationId");
  }

  private Map<String, Object> get(String id) throws Exception {
    return client.call("GetIpamPoolAllocation", Map.of("RegionId", REGION, "IpamPoolAllocationId", id));
  }

  @Test
  void getReturnsEveryDocumentedField() throws Exception {
    String id = create(24, "web");
    Map<String, Object> body = get(id);
    assertThat(body).containsKeys("RequestId", "IpamPoolAllocationId", "Cidr", "SourceCidr", "IpamPoolId", "RegionId",
        "CreationTime", "IpamPoolAllocationName", "IpamPoolAllocationDescription", "ResourceId", "ResourceOwnerId",
        "ResourceRegionId", "ResourceType", "Status");
    assertThat(body.get("IpamPoolAllocationId")).isEqualTo(id);
    assertThat(body.get("Cidr")).isEqualTo("10.0.0.0/24");
    assertThat(body.get("SourceCidr")).isEqualTo("10.0.0.0/16");
    assertThat(body.get("IpamPoolId")).isEqualTo(POOL);
    assertThat(body.get("RegionId")).isEqualTo(REGION);
    assertThat(body.get("ResourceRegionId")).isEqualTo(REGION);
    assertThat(body.get("ResourceType")).isEqualTo("Custom");
    assertThat(body.get("Status")).isEqualTo("Created");
    assertThat(body.get("IpamPoolAllocationName")).isEqualTo("web");
    assertThat(((Number) body.get("ResourceOwnerId")).longValue()).isEqualTo(sim.config().accountId());
    assertThat(body.get("CreationTime")).asString().matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\+08:00");
  }

  @Test
  void withAReadLagANewAllocationIsMissingFromReadsButNotFromWrites() throws Exception {
    sim.faults().readLag(java.time.Duration.ofSeconds(2));
    String id = create(24, "lagging");
    assertThat(client.error("GetIpamPoolAllocation", Map.of("RegionId", REGION, "IpamPoolAllocationId", id))
        .getCode()).isEqualTo("ResourceNotFound.IpamPoolAllocation");
    assertThat(client.call("ListIpamPoolAllocations", Map.of("RegionId", REGION, "IpamPoolId", POOL))
        .get("IpamPoolAllocations").toString()).doesNotContain(id);
    assertThat(client.error("DeleteIpamPoolAllocation", Map.of("RegionId", REGION, "IpamPoolAllocationId", id,
        "DryRun", true)).getCode()).as("writes see it at once").isEqualTo("DryRunOperation");
    org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10)).ignoreExceptions().untilAsserted(() ->
        assertThat(get(id).get("IpamPoolAllocationName")).isEqualTo("lagging"));
    sim.faults().clear();
  }

  @Test
  void getErrors() throws Exception {
    TeaException missing = client.error("GetIpamPoolAllocation",
        Map.of("RegionId", REGION, "IpamPoolAllocationId", "ipam-alloc-nothere"));
    assertThat(missing.getCode()).isEqualTo("ResourceNotFound.IpamPoolAllocation");
    assertThat(missing.getStatusCode()).isEqualTo(400);
    String id = create(24, null);
    assertThat(client.error("GetIpamPoolAllocation", Map.of("RegionId", "cn-beijing", "IpamPoolAllocationId", id))
        .getCode()).isEqualTo("OperationDenied.RequestRegionInvalid");
  }

  @Test
  void pagingOverMoreThanOneHundredAllocations() throws Exception {
    for (int i = 0; i < 130; i++) {
      sim.state().seedAllocation(POOL, "10.0." + i + ".0/24", "VPC", "vpc-" + i);
    }
    Set<String> seen = new LinkedHashSet<>();
    List<Integer> pageSizes = new ArrayList<>();
    String token = null;
    do {
      Map<String, Object> p = new HashMap<>(Map.of("RegionId", REGION, "IpamPoolId", POOL, "MaxResults", 100));
      if (token != null) {
        p.put("NextToken", token);
      }
      Map<String, Object> page = client.call("ListIpamPoolAllocations", p);
      @SuppressWarnings("unchecked")
      List<Map<String, Object>> items = (List<Map<String, Object>>) page.get("IpamPoolAllocations");
      assertThat(((Number) page.get("TotalCount")).intValue()).isEqualTo(130);
      assertThat(((Number) page.get("Count")).intValue()).isEqualTo(items.size());
      assertThat(((Number) page.get("MaxResults")).intValue()).isEqualTo(100);
      items.forEach(item -> assertThat(seen.add((String) item.get("IpamPoolAllocationId"))).isTrue());
      pageSizes.add(items.size());
      token = (String) page.get("NextToken");
    } while (token != null && !token.isEmpty());
    assertThat(pageSizes).containsExactly(100, 30);
    assertThat(new ArrayList<>(seen)).isEqualTo(sim.state().allocations(POOL).stream()
        .map(SimAllocation::allocationId).toList()); // stable creation order
  }

  @Test
  void defaultPageSizeAndFilters() throws Exception {
    String a = create(24, "alpha");
    String b = create(24, "beta");
    for (int i = 0; i < 12; i++) {
      create(28, null);
    }
    Map<String, Object> first = client.call("ListIpamPoolAllocations", Map.of("RegionId", REGION, "IpamPoolId", POOL));
    assertThat(((Number) first.get("Count")).intValue()).isEqualTo(10);
    assertThat((String) first.get("NextToken")).isNotEmpty();
    Map<String, Object> byName = client.call("ListIpamPoolAllocations",
        Map.of("RegionId", REGION, "IpamPoolId", POOL, "IpamPoolAllocationName", "beta"));
    assertThat(((Number) byName.get("TotalCount")).intValue()).isEqualTo(1);
    Map<String, Object> byIds = client.call("ListIpamPoolAllocations",
        Map.of("RegionId", REGION, "IpamPoolId", POOL, "IpamPoolAllocationIds", List.of(a, b)));
    assertThat(((Number) byIds.get("TotalCount")).intValue()).isEqualTo(2);
    assertThat(byIds.get("NextToken")).isEqualTo("");
    Map<String, Object> byCidr = client.call("ListIpamPoolAllocations",
        Map.of("RegionId", REGION, "IpamPoolId", POOL, "Cidr", "10.0.1.0/24"));
    @SuppressWarnings("unchecked")
    List<Map<String, Object>> items = (List<Map<String, Object>>) byCidr.get("IpamPoolAllocations");
    assertThat(items).singleElement().satisfies(m -> assertThat(m.get("IpamPoolAllocationId")).isEqualTo(b));
  }

  @Test
  void listErrors() throws Exception {
    assertThat(client.error("ListIpamPoolAllocations", Map.of("RegionId", REGION)).getCode())
        .isEqualTo("MissingParameter");
    TeaException pool = client.error("ListIpamPoolAllocations", Map.of("RegionId", REGION, "IpamPoolId", "nope"));
    assertThat(pool.getCode()).isEqualTo("ResourceNotFound.IpamPool");
    assertThat(pool.getStatusCode()).isEqualTo(404);
    assertThat(client.error("ListIpamPoolAllocations",
        Map.of("RegionId", REGION, "IpamPoolId", POOL, "NextToken", "garbage!")).getCode())
        .isEqualTo("InvalidParameter.NextToken");
    assertThat(client.error("ListIpamPoolAllocations",
        Map.of("RegionId", REGION, "IpamPoolId", POOL, "MaxResults", 101)).getCode())
        .isEqualTo("IllegalParam.MaxResults");
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < 21; i++) {
      ids.add("ipam-alloc-" + i);
    }
    assertThat(client.error("ListIpamPoolAllocations",
        Map.of("RegionId", REGION, "IpamPoolId", POOL, "IpamPoolAllocationIds", ids)).getCode())
        .isEqualTo("IllegalParam.IpamPoolAllocationIds");
    // a token of one listing is not valid for another
    for (int i = 0; i < 11; i++) {
      create(28, "x");
    }
    String token = (String) client.call("ListIpamPoolAllocations", Map.of("RegionId", REGION, "IpamPoolId", POOL))
        .get("NextToken");
    assertThat(client.error("ListIpamPoolAllocations",
        Map.of("RegionId", REGION, "IpamPoolId", POOL, "IpamPoolAllocationName", "x", "NextToken", token)).getCode())
        .isEqualTo("InvalidParameter.NextToken");
  }

  @Test
  void updateChangesOnlyNameAndDescription() throws Exception {
    String id = create(24, "old");
    Map<String, Object> body = client.call("UpdateIpamPoolAllocation", Map.of("RegionId", REGION,
        "IpamPoolAllocationId", id, "IpamPoolAllocationName", "new", "IpamPoolAllocationDescription", "Changed"));
    assertThat(body).containsOnlyKeys("RequestId");
    SimAllocation after = sim.state().allocation(id).orElseThrow();
    assertThat(after.name()).isEqualTo("new");
    assertThat(after.description()).isEqualTo("Changed");
    assertThat(after.cidr()).isEqualTo("10.0.0.0/24");
    assertThat(get(id).get("IpamPoolAllocationName")).isEqualTo("new");
  }

  @Test
  void updateValidationDryRunAndErrors() throws Exception {
    String id = create(24, "keep");
    assertThat(client.error("UpdateIpamPoolAllocation", Map.of("RegionId", REGION, "IpamPoolAllocationId", id,
        "IpamPoolAllocationName", "https://nope")).getCode()).isEqualTo("IllegalParam.IpamPoolAllocationName");
    assertThat(client.error("UpdateIpamPoolAllocation", Map.of("RegionId", REGION, "IpamPoolAllocationId", id,
        "IpamPoolAllocationName", "dry", "DryRun", true)).getCode()).isEqualTo("DryRunOperation");
    assertThat(client.error("UpdateIpamPoolAllocation", Map.of("RegionId", REGION,
        "IpamPoolAllocationId", "ipam-alloc-missing", "IpamPoolAllocationName", "x")).getCode())
        .isEqualTo("ResourceNotFound.IpamPoolAllocation");
    assertThat(client.error("UpdateIpamPoolAllocation", Map.of("RegionId", "cn-beijing",
        "IpamPoolAllocationId", id, "IpamPoolAllocationName", "x")).getCode())
        .isEqualTo("OperationDenied.RequestRegionInvalid");
    assertThat(sim.state().allocation(id).orElseThrow().name()).isEqualTo("keep");
  }

  @Test
  void poolReads() throws Exception {
    sim.state().addPool("ipam-pool-bbb", REGION, List.of("172.16.0.0/12"), 12, 24);
    sim.state().addPool("ipam-pool-elsewhere", "cn-beijing", List.of("192.168.0.0/16"), 16, 24);
    Map<String, Object> pools = client.call("ListIpamPools", Map.of("RegionId", REGION, "MaxResults", 1));
    assertThat(((Number) pools.get("TotalCount")).intValue()).isEqualTo(2);
    Map<String, Object> page2 = client.call("ListIpamPools",
        Map.of("RegionId", REGION, "MaxResults", 1, "NextToken", pools.get("NextToken")));
    @SuppressWarnings("unchecked")
    List<Map<String, Object>> items = (List<Map<String, Object>>) page2.get("IpamPools");
    assertThat(items).singleElement().satisfies(p -> assertThat(p.get("IpamPoolId")).isEqualTo("ipam-pool-bbb"));
    assertThat(page2.get("NextToken")).isEqualTo("");
    Map<String, Object> cidrs = client.call("ListIpamPoolCidrs", Map.of("RegionId", REGION, "IpamPoolId", POOL));
    assertThat(cidrs.get("IpamPoolCidrs").toString()).contains("10.0.0.0/16");
    create(24, null);
    Map<String, Object> next = client.call("GetIpamPoolNextAvailableCidr",
        Map.of("RegionId", REGION, "IpamPoolId", POOL, "CidrMask", 24));
    assertThat(next.get("CidrBlock")).isEqualTo("10.0.1.0/24");
    assertThat(sim.state().allocations()).hasSize(1); // a preview reserves nothing
  }
}
