package dev.alicloud.ipam.monitoring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.alicloud.ipam.reconciler.AllocationStateListener.State;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("unit")
class OperatorMetricsTest {

  private final OperatorMetrics metrics = new OperatorMetrics();

  @Test
  void cloudCallsAreCountedByActionRegionAndResultWithLatencyBuckets() {
    metrics.onCall("CreateIpamPoolAllocation", "cn-hangzhou", "OK", TimeUnit.MILLISECONDS.toNanos(30));
    metrics.onCall("CreateIpamPoolAllocation", "cn-hangzhou", "Throttling.User", TimeUnit.MILLISECONDS.toNanos(5));
    metrics.onCall("CreateIpamPoolAllocation", "cn-hangzhou", "OK", TimeUnit.MILLISECONDS.toNanos(300));

    String text = metrics.scrape();

    assertThat(text)
        .contains("ipam_cloud_calls_seconds_count{action=\"CreateIpamPoolAllocation\",app=\"vpc-ipam-operator\","
            + "region=\"cn-hangzhou\",result=\"OK\"} 2")
        .contains("result=\"Throttling.User\"} 1")
        .contains("ipam_cloud_calls_seconds_bucket{action=\"CreateIpamPoolAllocation\",app=\"vpc-ipam-operator\","
            + "region=\"cn-hangzhou\",result=\"OK\",le=\"0.05\"} 1")
        .contains("le=\"0.5\"} 2");
  }

  @Test
  void allocationsAreGaugedByTheirLastStateAndForgottenWhenGone() {
    ResourceID a = new ResourceID("a", "default");
    ResourceID b = new ResourceID("b", "default");
    metrics.settled(a, State.PROGRESSING);
    metrics.settled(a, State.READY);
    metrics.settled(b, State.STALLED);
    metrics.forgotten(b);

    String text = metrics.scrape();

    assertThat(text).contains("ipam_allocations{app=\"vpc-ipam-operator\",state=\"ready\"} 1")
        .contains("ipam_allocations{app=\"vpc-ipam-operator\",state=\"stalled\"} 0")
        .contains("ipam_allocations{app=\"vpc-ipam-operator\",state=\"progressing\"} 0");
  }

  @Test
  void leadershipIsAGauge() {
    assertThat(metrics.scrape()).contains("ipam_leader{app=\"vpc-ipam-operator\"} 0");
    metrics.leading(true);
    assertThat(metrics.scrape()).contains("ipam_leader{app=\"vpc-ipam-operator\"} 1");
  }
}
