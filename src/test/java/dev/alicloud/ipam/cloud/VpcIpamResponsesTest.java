package dev.alicloud.ipam.cloud;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("unit")
class VpcIpamResponsesTest {

  static final String ALLOCATION_JSON = """
      {"IpamPoolAllocationId":"ipam-alloc-1","IpamPoolId":"ipam-pool-abc","RegionId":"cn-hangzhou",
       "Cidr":"10.1.0.0/16","SourceCidr":"10.0.0.0/8","IpamPoolAllocationName":"web",
       "IpamPoolAllocationDescription":"Web tier","ResourceType":"Custom","ResourceId":"ipam-alloc-1",
       "ResourceOwnerId":1234567890123456,"ResourceRegionId":"cn-hangzhou","Status":"Created",
       "CreationTime":"2024-10-15T10:24:19+08:00",
       "RequestId":"req-get"}""";

  @Test
  void parsesAnAllocation() {
    Allocation a = VpcIpamResponses.allocation(VpcIpamResponses.parseObject(ALLOCATION_JSON));
    assertThat(a).isEqualTo(new Allocation("ipam-alloc-1", "ipam-pool-abc", "cn-hangzhou", "10.1.0.0/16",
        "10.0.0.0/8", "web", "Web tier", "Custom", "ipam-alloc-1", "Created", "2024-10-15T10:24:19+08:00",
        "1234567890123456", "cn-hangzhou"));
    assertThat(a.holder()).as("a custom block holds itself").isEqualTo("Custom of account 1234567890123456");
    Allocation vpc = new Allocation("ipam-pool-alloc-2", "ipam-pool-abc", "cn-hangzhou", "10.2.0.0/16", null, null,
        null, "VPC", "vpc-bp1x", "Created", null, "5555", "cn-beijing");
    assertThat(vpc.holder()).isEqualTo("VPC vpc-bp1x of account 5555 in cn-beijing");
    assertThat(a.isDeleted()).isFalse();
    assertThat(a.isCustom()).isTrue();
  }

  @Test
  void parsesPoolsAndTheirCidrs() {
    var pools = VpcIpamResponses.pools(Map.of("IpamPools", List.of(
        Map.of("IpamPoolId", "ipam-pool-a", "PoolRegionId", "cn-hangzhou", "AllocationMinCidrMask", "16",
            "AllocationMaxCidrMask", 28),
        Map.of("IpamPoolId", "ipam-pool-b", "RegionId", "cn-beijing"))));
    assertThat(pools).containsExactly(new PoolInfo("ipam-pool-a", "cn-hangzhou", 16, 28),
        new PoolInfo("ipam-pool-b", "cn-beijing", null, null));
    assertThat(pools.get(0).refusesMask(30)).isTrue();
    assertThat(pools.get(0).refusesMask(16)).isFalse();
    assertThat(pools.get(1).refusesMask(0)).as("no range reported: nothing to refuse on").isFalse();

    var page = VpcIpamResponses.poolCidrs(Map.of("IpamPoolCidrs", List.of(Map.of("Cidr", "10.0.0.0/8")),
        "NextToken", "n2"));
    assertThat(page.getKey()).containsExactly("10.0.0.0/8");
    assertThat(page.getValue()).isEqualTo("n2");
  }

  @Test
  void missingFieldsAreNull() {
    Allocation a = VpcIpamResponses.allocation(VpcIpamResponses.parseObject("{\"Status\":\"Deleted\"}"));
    assertThat(a.allocationId()).isNull();
    assertThat(a.cidr()).isNull();
    assertThat(a.isDeleted()).isTrue();
  }

  @Test
  void parsesAPageWithNumbersAsStringsOrNumbers() {
    AllocationPage p = VpcIpamResponses.page(VpcIpamResponses.parseObject("{\"RequestId\":\"r\",\"TotalCount\":\"3\","
        + "\"Count\":2,\"NextToken\":\"n2\",\"IpamPoolAllocations\":[" + ALLOCATION_JSON + ",{\"Cidr\":\"10.2.0.0/16\"},"
        + "\"junk\"]}"));
    assertThat(p.allocations()).hasSize(2);
    assertThat(p.allocations().get(1).cidr()).isEqualTo("10.2.0.0/16");
    assertThat(p.nextToken()).isEqualTo("n2");
    assertThat(p.hasNext()).isTrue();
    assertThat(p.totalCount()).isEqualTo(3);
    assertThat(p.requestId()).isEqualTo("r");

    AllocationPage last = VpcIpamResponses.page(VpcIpamResponses.parseObject(
        "{\"TotalCount\":7.0,\"NextToken\":\"\",\"IpamPoolAllocations\":{\"IpamPoolAllocation\":[{\"Cidr\":\"x\"}]}}"));
    assertThat(last.allocations()).extracting(Allocation::cidr).containsExactly("x");
    assertThat(last.nextToken()).isNull();
    assertThat(last.totalCount()).isEqualTo(7);

    AllocationPage empty = VpcIpamResponses.page(Map.of());
    assertThat(empty.allocations()).isEmpty();
    assertThat(empty.totalCount()).isZero();
  }

  @Test
  void numbersAndGarbageAreReadDefensively() {
    Map<String, Object> m = VpcIpamResponses.parseObject(
        "{\"a\":12,\"b\":12345678901234,\"c\":\"42\",\"d\":\"x\",\"e\":1.5,\"f\":true,\"g\":{},\"h\":null}");
    assertThat(VpcIpamResponses.string(m, "a")).isEqualTo("12");
    assertThat(VpcIpamResponses.string(m, "b")).isEqualTo("12345678901234");
    assertThat(VpcIpamResponses.string(m, "e")).isEqualTo("1.5");
    assertThat(VpcIpamResponses.string(m, "f")).isEqualTo("true");
    assertThat(VpcIpamResponses.string(m, "g")).isNull();
    assertThat(VpcIpamResponses.string(m, "h")).isNull();
    assertThat(VpcIpamResponses.string(m, "missing")).isNull();
    assertThat(VpcIpamResponses.integer(m, "a", -1)).isEqualTo(12);
    assertThat(VpcIpamResponses.integer(m, "b", -1)).isEqualTo(Integer.MAX_VALUE);
    assertThat(VpcIpamResponses.integer(m, "c", -1)).isEqualTo(42);
    assertThat(VpcIpamResponses.integer(m, "d", -1)).isEqualTo(-1);
    assertThat(VpcIpamResponses.integer(m, "g", -1)).isEqualTo(-1);
    assertThat(VpcIpamResponses.parseObject("not json")).isNull();
    assertThat(VpcIpamResponses.parseObject("[1,2]")).isNull();
    assertThat(VpcIpamResponses.parseObject("")).isNull();
    assertThat(VpcIpamResponses.parseObject(null)).isNull();
    assertThat(VpcIpamResponses.list("x")).isEqualTo(List.of());
  }

  @Test
  void parsesCreated() {
    CreatedAllocation c = VpcIpamResponses.created(VpcIpamResponses.parseObject(
        "{\"RequestId\":\"r\",\"IpamPoolAllocationId\":\"ipam-alloc-9\",\"Cidr\":\"10.9.0.0/24\","
            + "\"SourceCidr\":\"10.0.0.0/8\"}"));
    assertThat(c).isEqualTo(new CreatedAllocation("r", "ipam-alloc-9", "10.9.0.0/24", "10.0.0.0/8"));
  }
}
