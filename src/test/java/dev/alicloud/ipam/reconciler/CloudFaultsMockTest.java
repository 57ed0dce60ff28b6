package dev.alicloud.ipam.reconciler;

import static dev.alicloud.ipam.testing.Fixtures.POOL;
import static org.assertj.core.api.Assertions.assertThat;

import dev.alicloud.ipam.simulator.SimAllocation;
import dev.alicloud.ipam.testing.AllocationBuilder;
import dev.alicloud.ipam.testing.OperatorHarness;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Throttling, 5xx, connection resets and lost answers: every resource converges, none is allocated twice. */
@Tag("mock")
class CloudFaultsMockTest {

  private OperatorHarness harness;

  @BeforeEach
  void start() {
    harness = OperatorHarness.create().startOperator();
  }

  @AfterEach
  void stop() {
    harness.close();
  }

  private List<SimAllocation> ownedBy(String uid) {
    return harness.simulator().state().allocations(POOL).stream()
        .filter(a -> OwnershipTag.parse(a.description()).map(t -> t.uid().equals(uid)).orElse(false))
        .toList();
  }

  @Test
  void aThrottlingBurstShowsAsReconcilingThenConverges() {
    harness.simulator().faults().throttleRate(1.0);
    harness.apply(AllocationBuilder.named("burst").cidrMask(24).build());

    var throttled = harness.awaitCondition("burst", "Reconciling", "True", "Throttled");
    assertThat(throttled.getStatus().getLastError().getCode()).isEqualTo("Throttling.User");
    assertThat(throttled.getStatus().getLastError().getRetryable()).isTrue();
    assertThat(harness.condition("burst", "Stalled")).hasValueSatisfying(c -> assertThat(c.getStatus()).isEqualTo("False"));

    harness.simulator().faults().clear();
    var ready = harness.awaitCondition("burst", "Ready", "True", "Allocated");
    assertThat(ready.getStatus().getLastError()).isNull();
    assertThat(ownedBy(ready.getMetadata().getUid())).hasSize(1);
  }

  @Test
  void serverErrorsShowAsCloudUnavailableThenConverge() {
    harness.simulator().faults().serverErrorRate(1.0);
    harness.apply(AllocationBuilder.named("five-xx").cidrMask(24).build());

    harness.awaitCondition("five-xx", "Reconciling", "True", "CloudUnavailable");

    harness.simulator().faults().clear();
    harness.awaitCondition("five-xx", "Ready", "True", "Allocated");
  }

  @Test
  void mixedFaultsEveryResourceConvergesAndIsReleasedExactlyOnce() {
    harness.simulator().faults().throttleRate(0.3).serverErrorRate(0.1).resetRate(0.05)
        .latency(Duration.ofMillis(1), Duration.ofMillis(20));
    List<String> names = IntStream.range(0, 12).mapToObj(i -> "mixed-" + i).toList();
    names.forEach(n -> harness.apply(AllocationBuilder.named(n).cidrMask(26).build()));

    for (String n : names) {
      var ready = harness.awaitCondition(n, "Ready", "True", "Allocated");
      assertThat(ownedBy(ready.getMetadata().getUid())).as(n + " has exactly one allocation").hasSize(1);
    }
    assertThat(harness.simulator().calls().count("CreateIpamPoolAllocation", "Throttling.User"))
        .as("the faults really happened").isPositive();

    names.forEach(harness::delete);
    names.forEach(harness::awaitGone);
    assertThat(harness.simulator().state().allocations(POOL))
        .noneMatch(a -> OwnershipTag.parse(a.description()).isPresent());
  }

  @Test
  void aLostCreateAnswerNeverYieldsASecondAllocation() {
    harness.simulator().faults().onlyActions(Set.of("CreateIpamPoolAllocation")).lostResponseRate(1.0);
    var created = harness.apply(AllocationBuilder.named("lost").cidrMask(24).build());
    String uid = created.getMetadata().getUid();
    org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> !ownedBy(uid).isEmpty());

    harness.simulator().faults().clear();
    var ready = harness.awaitCondition("lost", "Ready", "True", "Allocated");

    assertThat(ownedBy(uid)).hasSize(1).first()
        .satisfies(a -> assertThat(a.allocationId()).isEqualTo(ready.getStatus().getAllocationId()));
  }

  @Test
  void aLostAnswerAndARestartWithTheCloudHavingForgottenTheTokenStillYieldOneAllocation() {
    harness.simulator().state().clientTokenTtl(Duration.ZERO);
    harness.simulator().faults().onlyActions(Set.of("CreateIpamPoolAllocation")).lostResponseRate(1.0);
    var created = harness.apply(AllocationBuilder.named("forgotten").cidrMask(24).build());
    String uid = created.getMetadata().getUid();
    org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> !ownedBy(uid).isEmpty());

    harness.stopOperator();
    harness.simulator().faults().clear();
    harness.startOperator();

    var ready = harness.awaitCondition("forgotten", "Ready", "True", "Allocated");
    assertThat(ownedBy(uid)).hasSize(1);
    assertThat(ready.getStatus().getAllocationId()).isEqualTo(ownedBy(uid).get(0).allocationId());
    assertThat(harness.events("forgotten")).extracting(e -> e.getReason()).contains("Recovered");
  }
}
