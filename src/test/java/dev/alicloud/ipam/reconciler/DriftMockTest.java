package dev.alicloud.ipam.reconciler;

import static dev.alicloud.ipam.testing.Fixtures.POOL;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.alicloud.ipam.cloud.UpdateAllocationRequest;
import dev.alicloud.ipam.testing.AllocationBuilder;
import dev.alicloud.ipam.testing.Fixtures;
import dev.alicloud.ipam.testing.OperatorHarness;
import java.time.Duration;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The periodic drift check: shared List reads per pool, repairs of out-of-band changes. */
@Tag("mock")
class DriftMockTest {

  private static OperatorHarness harness;

  @BeforeAll
  static void start() {
    harness = OperatorHarness.create().configure(c -> c.withDriftInterval(Duration.ofSeconds(2))).startOperator();
  }

  @AfterAll
  static void stop() {
    harness.close();
  }

  @Test
  void restoresANameChangedBehindTheOperatorsBack() {
    harness.apply(AllocationBuilder.named("drifted").cidrMask(24).allocationName("web-tier").build());
    String id = harness.awaitReady("drifted").getStatus().getAllocationId();
    String description = harness.simulator().state().allocation(id).orElseThrow().description();

    harness.cloudClient().update(new UpdateAllocationRequest(Fixtures.REGION, id, "renamed-by-hand", null, false,
        null));

    await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
        assertThat(harness.simulator().state().allocation(id).orElseThrow().name()).isEqualTo("web-tier"));
    assertThat(harness.simulator().state().allocation(id).orElseThrow().description()).isEqualTo(description);
  }

  @Test
  void reallocatesWhenTheAllocationWasReleasedBehindTheOperatorsBack() {
    harness.apply(AllocationBuilder.named("lost-block").cidr("10.77.0.0/16").build());
    String id = harness.awaitReady("lost-block").getStatus().getAllocationId();

    harness.cloudClient().delete(id, false, null);

    var again = harness.awaitResource("lost-block", r -> r.getStatus().getAllocationId() != null
        && !r.getStatus().getAllocationId().equals(id), "a new allocation");
    assertThat(again.getStatus().getCidr()).isEqualTo("10.77.0.0/16");
    assertThat(harness.events("lost-block")).extracting(e -> e.getReason()).contains("AllocationLost");
  }

  @Test
  void checksManyAllocationsWithAFewListCallsNotOneGetEach() {
    var names = IntStream.range(0, 30).mapToObj(i -> "many-" + i).toList();
    names.forEach(n -> harness.apply(AllocationBuilder.named(n).cidrMask(27).build()));
    names.forEach(harness::awaitReady);
    harness.simulator().calls().reset();

    await().pollDelay(Duration.ofSeconds(5)).atMost(Duration.ofSeconds(10)).until(() -> true);

    long lists = harness.simulator().calls().count("ListIpamPoolAllocations");
    long gets = harness.simulator().calls().count("GetIpamPoolAllocation");
    assertThat(lists).as("drift checks ran").isPositive();
    assertThat(gets).as("no per-resource reads").isZero();
    assertThat(lists).as("about 2 intervals x 1 page, not 30 x 2").isLessThan(15);
    assertThat(harness.simulator().state().allocations(POOL)).hasSizeGreaterThanOrEqualTo(30);
  }
}
