package dev.alicloud.ipam.reconciler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.alicloud.ipam.cloud.UpdateAllocationRequest;
import dev.alicloud.ipam.config.OperatorConfig.DriftReads;
import dev.alicloud.ipam.testing.AllocationBuilder;
import dev.alicloud.ipam.testing.Fixtures;
import dev.alicloud.ipam.testing.OperatorHarness;
import java.time.Duration;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** {@code --drift-check get}: one Get per resource and check, no List, and drift is repaired the same way. */
@Tag("mock")
class DriftByGetMockTest {

  private static OperatorHarness harness;

  @BeforeAll
  static void start() {
    harness = OperatorHarness.create()
        .configure(c -> c.withDriftInterval(Duration.ofSeconds(2)).withDriftReads(DriftReads.GET)).startOperator();
  }

  @AfterAll
  static void stop() {
    harness.close();
  }

  @Test
  void checksEachAllocationWithItsOwnGetAndNeverLists() {
    var names = IntStream.range(0, 10).mapToObj(i -> "by-get-" + i).toList();
    names.forEach(n -> harness.apply(AllocationBuilder.named(n).cidrMask(27).build()));
    names.forEach(harness::awaitReady);
    harness.simulator().calls().reset();

    await().pollDelay(Duration.ofSeconds(5)).atMost(Duration.ofSeconds(10)).until(() -> true);

    long gets = harness.simulator().calls().count("GetIpamPoolAllocation");
    assertThat(harness.simulator().calls().count("ListIpamPoolAllocations")).as("no pool snapshot").isZero();
    assertThat(gets).as("each of the 10 checked at least once in 5 s at a 2 s interval").isGreaterThanOrEqualTo(10);
    assertThat(gets).as("about 2-3 checks each, not a busy loop").isLessThanOrEqualTo(40);
  }

  @Test
  void stillRestoresANameChangedBehindTheOperatorsBack() {
    harness.apply(AllocationBuilder.named("renamed").cidrMask(26).allocationName("db-tier").build());
    String id = harness.awaitReady("renamed").getStatus().getAllocationId();

    harness.cloudClient().update(new UpdateAllocationRequest(Fixtures.REGION, id, "renamed-by-hand", null, false,
        null));

    await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
        assertThat(harness.simulator().state().allocation(id).orElseThrow().name()).isEqualTo("db-tier"));
  }

  @Test
  void stillReallocatesWhenTheAllocationWasReleasedBehindTheOperatorsBack() {
    harness.apply(AllocationBuilder.named("released-by-hand").cidr("10.78.0.0/16").build());
    String id = harness.awaitReady("released-by-hand").getStatus().getAllocationId();

    harness.cloudClient().delete(id, false, null);

    var again = harness.awaitResource("released-by-hand", r -> r.getStatus().getAllocationId() != null
        && !r.getStatus().getAllocationId().equals(id), "a new allocation");
    assertThat(again.getStatus().getCidr()).isEqualTo("10.78.0.0/16");
  }
}
