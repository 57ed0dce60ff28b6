package dev.alicloud.ipam.reconciler;

import static org.assertj.core.api.Assertions.assertThat;

import dev.alicloud.ipam.api.v1alpha1.IpamPoolAllocationStatus;
import dev.alicloud.ipam.cloud.CloudException;
import dev.alicloud.ipam.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Condition building: kstatus triples, transition times, reasons and the severity rule. */
@Tag("unit")
class StatusBuilderTest {

  private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
  private final StatusBuilder builder = new StatusBuilder(clock);

  private static CloudException error(String code, int status) {
    return new CloudException("DeleteIpamPoolAllocation", code, status, "req-1", "cloud message", null);
  }

  private static String transition(IpamPoolAllocationStatus s, String type) {
    return Conditions.find(s.getConditions(), type).orElseThrow().getLastTransitionTime();
  }

  @Test
  void readySetsTheKstatusTripleWithObservedGeneration() {
    var status = new IpamPoolAllocationStatus();
    builder.apply(status, Outcome.ready(Reasons.ALLOCATED, "ok", null), 3L);

    assertThat(status.getObservedGeneration()).isEqualTo(3L);
    assertThat(status.getConditions()).extracting(c -> c.getType() + "=" + c.getStatus() + "/" + c.getObservedGeneration())
        .containsExactlyInAnyOrder("Ready=True/3", "Reconciling=False/3", "Stalled=False/3");
  }

  @Test
  void lastTransitionTimeChangesOnlyWhenTheStatusChanges() {
    var status = new IpamPoolAllocationStatus();
    builder.apply(status, Outcome.progressing(Reasons.ALLOCATING, "working", null, null), 1L);
    String first = transition(status, "Ready");

    clock.advance(Duration.ofMinutes(5));
    builder.apply(status, Outcome.progressing(Reasons.THROTTLED, "throttled", error("Throttling.User", 400), null), 1L);
    assertThat(transition(status, "Ready")).as("False -> False keeps the time").isEqualTo(first);
    assertThat(Conditions.find(status.getConditions(), "Ready").orElseThrow().getReason()).isEqualTo("Throttled");

    clock.advance(Duration.ofMinutes(5));
    builder.apply(status, Outcome.ready(Reasons.ALLOCATED, "ok", null), 1L);
    assertThat(transition(status, "Ready")).isEqualTo("2026-01-01T00:10:00Z");
    assertThat(transition(status, "Reconciling")).as("True -> False is a transition").isEqualTo("2026-01-01T00:10:00Z");
  }

  @Test
  void stalledCarriesTheExactCodeInLastErrorAndAValidReason() {
    var status = new IpamPoolAllocationStatus();
    builder.apply(status, Outcome.stalled(Reasons.fromCode("OperationDenied.Unauthorized"), "denied",
        error("OperationDenied.Unauthorized", 400), null), 2L);

    var stalled = Conditions.find(status.getConditions(), "Stalled").orElseThrow();
    assertThat(stalled.getStatus()).isEqualTo("True");
    assertThat(stalled.getReason()).isEqualTo("OperationDeniedUnauthorized").matches(Reasons.VALID);
    assertThat(status.getLastError().getCode()).isEqualTo("OperationDenied.Unauthorized");
    assertThat(status.getLastError().getHttpStatus()).isEqualTo(400);
    assertThat(status.getLastError().getRetryable()).isFalse();
    assertThat(status.getLastError().getMessage()).contains("cloud message");
    assertThat(status.getLastRequestId()).isEqualTo("req-1");
  }

  @Test
  void aTransientErrorNeverHidesAStallOfTheSameGeneration() {
    var status = new IpamPoolAllocationStatus();
    builder.apply(status, Outcome.stalled("OperationDeniedUnauthorized", "denied",
        error("OperationDenied.Unauthorized", 400), null), 2L);
    builder.apply(status, Outcome.progressing(Reasons.THROTTLED, "throttled", error("Throttling", 400), null), 2L);

    assertThat(Conditions.isTrue(status.getConditions(), "Stalled")).isTrue();
    assertThat(status.getLastError().getCode()).isEqualTo("OperationDenied.Unauthorized");

    builder.apply(status, Outcome.progressing(Reasons.THROTTLED, "throttled", error("Throttling", 400), null), 3L);
    assertThat(Conditions.isTrue(status.getConditions(), "Reconciling")).as("a new generation starts over").isTrue();
  }

  @Test
  void successClearsTheLastError() {
    var status = new IpamPoolAllocationStatus();
    builder.apply(status, Outcome.progressing(Reasons.CLOUD_UNAVAILABLE, "5xx", error("ServiceUnavailable", 503), null),
        1L);
    assertThat(status.getLastError()).isNotNull();
    builder.apply(status, Outcome.ready(Reasons.ALLOCATED, "ok", null), 1L);
    assertThat(status.getLastError()).isNull();
  }

  @Test
  void reasonsFromCloudCodesAlwaysMatchTheKubernetesRule() {
    assertThat(Reasons.fromCode("ResourceNotFound.IpamPoolAllocation")).isEqualTo("ResourceNotFoundIpamPoolAllocation");
    assertThat(Reasons.fromCode("OperationDenied.Ipv6VpcNotSupport")).isEqualTo("OperationDeniedIpv6VpcNotSupport");
    for (String code : new String[] {"Throttling.User", "4xx-weird.code!", "123.Starts.With.Digit", "", null, "..."}) {
      assertThat(Reasons.fromCode(code)).matches(Reasons.VALID);
    }
  }
}
