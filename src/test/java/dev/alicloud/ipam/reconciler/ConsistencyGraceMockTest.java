package dev.alicloud.ipam.reconciler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.alicloud.ipam.config.OperatorConfig;
import dev.alicloud.ipam.simulator.SimAllocation;
import dev.alicloud.ipam.testing.AllocationBuilder;
import dev.alicloud.ipam.testing.Fixtures;
import dev.alicloud.ipam.testing.OperatorHarness;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A cloud whose reads lag its writes (the simulator hides a new allocation from Get and List for a few seconds, as
 * shared-pool IPAM APIs do): within the consistency grace a miss is neither a loss nor a release. Each case also runs
 * without the grace, where the same lag makes a second allocation or leaks the first, so the test can fail.
 */
@Tag("mock")
class ConsistencyGraceMockTest {

  private static final Duration LAG = Duration.ofSeconds(3);

  private static OperatorHarness lagging(boolean grace) {
    OperatorHarness harness = OperatorHarness.create()
        .configure(c -> c.withDriftReads(OperatorConfig.DriftReads.GET)
            .withConsistencyGrace(grace ? Duration.ofSeconds(10) : Duration.ZERO));
    harness.simulator().faults().readLag(LAG);
    return harness.startOperator();
  }

  private static List<SimAllocation> inPool(OperatorHarness harness) {
    return harness.simulator().state().allocations(Fixtures.POOL);
  }

  @ParameterizedTest(name = "grace: {0}")
  @ValueSource(booleans = {true, false})
  void aCheckRightAfterTheCreateThatMissesTheAllocationMakesNoSecondOne(boolean grace) {
    try (OperatorHarness harness = lagging(grace)) {
      harness.apply(AllocationBuilder.named("young").cidrMask(24).build());
      String id = harness.awaitReady("young").getStatus().getAllocationId();
      harness.edit("young", r -> r.getSpec().setDescription("Checked at once")); // a pass within the lag: Get misses

      if (grace) {
        await().during(LAG.plusSeconds(1)).atMost(LAG.plusSeconds(10)).untilAsserted(() ->
            assertThat(inPool(harness)).as("one allocation, the first").extracting(SimAllocation::allocationId)
                .containsExactly(id));
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
            assertThat(harness.simulator().state().allocation(id).orElseThrow().description())
                .startsWith("Checked at once"));
        assertThat(harness.events("young")).extracting(e -> e.getReason())
            .doesNotContain(Reasons.ALLOCATION_LOST);
        assertThat(harness.get("young").getStatus().getAllocationId()).isEqualTo(id);
      } else {
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
            assertThat(harness.events("young")).extracting(e -> e.getReason()).contains(Reasons.ALLOCATION_LOST));
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
            assertThat(inPool(harness)).as("without the grace the lag doubles the allocation").hasSize(2));
      }
    }
  }

  @ParameterizedTest(name = "grace: {0}")
  @ValueSource(booleans = {true, false})
  void aDeleteRightAfterTheCreateReleasesTheAllocation(boolean grace) {
    try (OperatorHarness harness = lagging(grace)) {
      harness.apply(AllocationBuilder.named("brief").cidrMask(24).build());
      String id = harness.awaitReady("brief").getStatus().getAllocationId();

      harness.delete("brief");
      if (grace) {
        harness.awaitCondition("brief", "Reconciling", "True", Reasons.NOT_YET_VISIBLE);
      }
      harness.awaitGone("brief");

      if (grace) {
        assertThat(harness.simulator().state().allocation(id)).as("released, not leaked").isEmpty();
      } else {
        assertThat(harness.simulator().state().allocation(id)).as("without the grace the lag leaks it")
            .isPresent();
      }
    }
  }
}
