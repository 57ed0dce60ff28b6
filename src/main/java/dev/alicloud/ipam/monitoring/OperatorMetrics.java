package dev.alicloud.ipam.monitoring;

import dev.alicloud.ipam.cloud.CloudCallListener;
import dev.alicloud.ipam.reconciler.AllocationStateListener;
import io.javaoperatorsdk.operator.api.monitoring.Metrics;
import io.javaoperatorsdk.operator.monitoring.micrometer.MicrometerMetrics;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The operator's Prometheus metrics in one registry: cloud calls by action and result with their latency, JOSDK's
 * reconcile counts and durations, allocations by state, leadership, and the JVM. Scraped at {@code /metrics}.
 */
public final class OperatorMetrics implements CloudCallListener, AllocationStateListener {

  /** Cloud calls: {@code ipam_cloud_calls_seconds_{count,sum,bucket}{action,region,result}}. */
  public static final String CLOUD_CALLS = "ipam.cloud.calls";
  /** Resources by the state their last pass left them in: {@code ipam_allocations{state}}. */
  public static final String ALLOCATIONS = "ipam.allocations";
  /** 1 while this instance holds the lease (or runs without election), else 0. */
  public static final String LEADER = "ipam.leader";

  private static final Duration[] LATENCY_BUCKETS = {Duration.ofMillis(10), Duration.ofMillis(25),
      Duration.ofMillis(50), Duration.ofMillis(100), Duration.ofMillis(250), Duration.ofMillis(500),
      Duration.ofSeconds(1), Duration.ofMillis(2500), Duration.ofSeconds(5), Duration.ofSeconds(15)};

  private final PrometheusMeterRegistry registry;
  private final Map<ResourceID, State> states = new ConcurrentHashMap<>();
  private final AtomicBoolean leader = new AtomicBoolean();
  private final MicrometerMetrics josdk;

  public OperatorMetrics() {
    this.registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    registry.config().commonTags("app", "vpc-ipam-operator");
    for (State state : State.values()) {
      Gauge.builder(ALLOCATIONS, () -> states.values().stream().filter(state::equals).count())
          .tag("state", state.name().toLowerCase(Locale.ROOT))
          .description("IpamPoolAllocations by the state their last reconcile left them in")
          .register(registry);
    }
    Gauge.builder(LEADER, () -> leader.get() ? 1 : 0)
        .description("1 while this instance is the active one (holds the lease)").register(registry);
    new JvmMemoryMetrics().bindTo(registry);
    new JvmGcMetrics().bindTo(registry);
    new JvmThreadMetrics().bindTo(registry);
    new ProcessorMetrics().bindTo(registry);
    new UptimeMetrics().bindTo(registry);
    this.josdk = MicrometerMetrics.withoutPerResourceMetrics(registry);
  }

  /** JOSDK's reconcile metrics, recorded into this registry (no per-resource series: bounded cardinality). */
  public Metrics josdkMetrics() {
    return josdk;
  }

  public MeterRegistry registry() {
    return registry;
  }

  /** The Prometheus text exposition of every meter. */
  public String scrape() {
    return registry.scrape();
  }

  /** Marks this instance as the active one or not. */
  public void leading(boolean value) {
    leader.set(value);
  }

  @Override
  public void onCall(String action, String regionId, String result, long nanos) {
    Timer.builder(CLOUD_CALLS)
        .description("VpcIpam API calls by action, region and result (OK or the error code)")
        .tag("action", action)
        .tag("region", regionId)
        .tag("result", result == null ? "Unknown" : result)
        .serviceLevelObjectives(LATENCY_BUCKETS)
        .register(registry)
        .record(nanos, TimeUnit.NANOSECONDS);
  }

  @Override
  public void settled(ResourceID resource, State state) {
    states.put(resource, state);
  }

  @Override
  public void forgotten(ResourceID resource) {
    states.remove(resource);
  }
}
