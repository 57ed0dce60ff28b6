package dev.alicloud.ipam.reconciler;

import static dev.alicloud.ipam.testing.Fixtures.POOL;
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
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The periodic drift check, in both ways of reading the cloud ({@code --drift-check list} and {@code get}): the same
 * repairs of out-of-band changes, and the calls each way costs.
 */
@Tag("mock")
class DriftMockTest {

  static final int MANY = 30;

  /** The tests, run once per mode by the nested classes below, each with its own operator. */
  @TestInstance(TestInstance.Lifecycle.PER_CLASS)
  abstract static class Checks {

    OperatorHarness harness;

    abstract DriftReads mode();

    /** What the drift checks of {@link #MANY} Ready resources cost over 5 s at a 2 s interval. */
    abstract void assertReads(long lists, long gets);

    @BeforeAll
    void start() {
      harness = OperatorHarness.create()
          .configure(c -> c.withDriftInterval(Duration.ofSeconds(2)).withDriftReads(mode())).startOperator();
    }

    @AfterAll
    void stop() {
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
    void readsTheCloudAsConfigured() {
      var names = IntStream.range(0, MANY).mapToObj(i -> "many-" + i).toList();
      names.forEach(n -> harness.apply(AllocationBuilder.named(n).cidrMask(27).build()));
      names.forEach(harness::awaitReady);
      harness.simulator().calls().reset();

      await().pollDelay(Duration.ofSeconds(5)).atMost(Duration.ofSeconds(10)).until(() -> true);

      assertReads(harness.simulator().calls().count("ListIpamPoolAllocations"),
          harness.simulator().calls().count("GetIpamPoolAllocation"));
      assertThat(harness.simulator().state().allocations(POOL)).hasSizeGreaterThanOrEqualTo(MANY);
    }
  }

  /** The default: one shared List snapshot per pool. */
  @Nested
  class ByList extends Checks {
    @Override
    DriftReads mode() {
      return DriftReads.LIST;
    }

    @Override
    void assertReads(long lists, long gets) {
      assertThat(lists).as("drift checks ran").isPositive();
      assertThat(gets).as("no per-resource reads").isZero();
      assertThat(lists).as("about 2 intervals x 1 page, not " + MANY + " x 2").isLessThan(15);
    }
  }

  /** {@code --drift-check get}: one Get per resource and check, never a List. */
  @Nested
  class ByGet extends Checks {
    @Override
    DriftReads mode() {
      return DriftReads.GET;
    }

    @Override
    void assertReads(long lists, long gets) {
      assertThat(lists).as("no pool snapshot").isZero();
      assertThat(gets).as("each of the " + MANY + " checked at least once").isGreaterThanOrEqualTo(MANY);
      assertThat(gets).as("2-3 checks each, not a busy loop").isLessThanOrEqualTo(4L * MANY);
    }
  }
}
