package dev.alicloud.ipam.config;

import dev.alicloud.ipam.cloud.CloudEndpoint;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import picocli.CommandLine.Option;

/**
 * The command-line (and environment) knobs shared by {@code run} and {@code sandbox}, turned into an
 * {@link OperatorConfig}. Credentials are deliberately absent: they come from the Alibaba Cloud default chain
 * (environment, RRSA, profile, ECS RAM role) or from a Secret a resource names, never from a flag.
 */
public final class OperatorOptions {

  @Option(names = "--cloud-endpoint", paramLabel = "URL", defaultValue = "${env:IPAM_CLOUD_ENDPOINT}",
      description = "VpcIpam endpoint for every region, e.g. http://127.0.0.1:8443 or a VPC endpoint host "
          + "(env IPAM_CLOUD_ENDPOINT; default https://vpcipam.<region>.aliyuncs.com).")
  String cloudEndpoint;

  @Option(names = "--cluster-id", paramLabel = "ID", defaultValue = "${env:IPAM_CLUSTER_ID}",
      description = "Names this cluster in the ownership tag of every allocation (env IPAM_CLUSTER_ID; "
          + "default: derived from the kube-system namespace's UID).")
  String clusterId;

  @Option(names = "--namespaces", split = ",", paramLabel = "NS", defaultValue = "${env:IPAM_WATCH_NAMESPACES}",
      description = "Only watch these namespaces, comma-separated (env IPAM_WATCH_NAMESPACES; default: all).")
  List<String> namespaces = new ArrayList<>();

  @Option(names = "--label-selector", paramLabel = "SELECTOR", defaultValue = "${env:IPAM_LABEL_SELECTOR}",
      description = "Only reconcile resources matching this label selector, e.g. ipam.alicloud.dev/shard=a "
          + "(env IPAM_LABEL_SELECTOR).")
  String labelSelector;

  @Option(names = "--drift-interval", paramLabel = "DURATION", converter = DurationConverter.class,
      defaultValue = "${env:IPAM_DRIFT_INTERVAL}",
      description = "How often Ready allocations are compared with the cloud, e.g. 10m, 90s, 1h "
          + "(env IPAM_DRIFT_INTERVAL; default 10m, 30s in the sandbox).")
  Duration driftInterval;

  @Option(names = "--drift-check", paramLabel = "list|get", defaultValue = "${env:IPAM_DRIFT_CHECK}",
      description = "How drift checks read the cloud: list (one shared List snapshot per pool, in pages of 100; "
          + "cheapest when your resources are a good share of their pools) or get (one Get per resource; cheapest for "
          + "a few resources in a large shared pool) (env IPAM_DRIFT_CHECK; default list).")
  OperatorConfig.DriftReads driftReads;

  @Option(names = "--adoption-settle", paramLabel = "DURATION", converter = DurationConverter.class,
      defaultValue = "${env:IPAM_ADOPTION_SETTLE}",
      description = "How long an adoption waits after writing its ownership tag before it reads the tag again and "
          + "counts itself the owner; competing claims settle on the last one written (env IPAM_ADOPTION_SETTLE; "
          + "default 10s).")
  Duration adoptionSettle;

  @Option(names = "--consistency-grace", paramLabel = "DURATION", converter = DurationConverter.class,
      defaultValue = "${env:IPAM_CONSISTENCY_GRACE}",
      description = "How long after a create a Get or List that misses the new allocation proves nothing (IPAM reads "
          + "are eventually consistent): within it the allocation is neither declared lost nor counted as released "
          + "(env IPAM_CONSISTENCY_GRACE; default 30s).")
  Duration consistencyGrace;

  @Option(names = "--server-side-apply", negatable = true, defaultValue = "true", fallbackValue = "true",
      description = "Patch finalizers and status with server-side apply (default: ${DEFAULT-VALUE}); "
          + "--no-server-side-apply for API servers that lack it, such as the embedded one of the sandbox.")
  boolean serverSideApply = true;

  @Option(names = "--workers", paramLabel = "N", defaultValue = "${env:IPAM_WORKERS}",
      description = "Resources reconciled at once (env IPAM_WORKERS; default 100).")
  Integer workers;

  @Option(names = "--cloud-rate-limit", paramLabel = "[ACTION=]CALLS[/PERIOD],...",
      converter = RateLimitConverter.class, defaultValue = "${env:IPAM_CLOUD_RATE_LIMIT}",
      description = "Overrides of the API rate limits the operator keeps per identity, region and action, for quotas "
          + "raised in Quota Center: e.g. CreateIpamPoolAllocation=600/60s; an entry without an action sets every "
          + "action (5 = 5 per second); 0 for no limit (env IPAM_CLOUD_RATE_LIMIT; default: the published limits, "
          + "300/60s for Create, Delete, Update, Get and GetIpamPoolNextAvailableCidr, 800/60s for the Lists).")
  String cloudRateLimit;

  @Option(names = "--routine-events", negatable = true, defaultValue = "${env:IPAM_ROUTINE_EVENTS:-false}",
      fallbackValue = "true",
      description = "Also record a Normal event for transitions the Ready condition already shows (Allocated, Adopted, "
          + "DryRunOperation, Released): two more API writes per lifecycle (env IPAM_ROUTINE_EVENTS; default: "
          + "${DEFAULT-VALUE}). Warnings and unusual transitions are always recorded.")
  boolean routineEvents;

  /** The explicit cluster id, if one was given. */
  public String clusterId() {
    return blankToNull(clusterId);
  }

  /** The endpoint {@code --cloud-endpoint} (or its variable) names, normalised; empty when none. */
  public Optional<CloudEndpoint> cloudEndpoint() {
    return Optional.ofNullable(blankToNull(cloudEndpoint)).map(CloudEndpoint::of);
  }

  /** {@code base} with every option that was given applied on top; the cluster id only when given. */
  public OperatorConfig applyTo(OperatorConfig base) {
    OperatorConfig config = cloudEndpoint().map(e -> base.withCloud(e, base.defaultCredentials())).orElse(base);
    if (clusterId() != null) {
      config = config.withClusterId(clusterId());
    }
    List<String> watched = namespaces == null ? List.of()
        : namespaces.stream().map(String::trim).filter(n -> !n.isEmpty()).toList();
    config = config.withWatch(Set.copyOf(watched), blankToNull(labelSelector));
    if (driftInterval != null) {
      config = config.withDriftInterval(driftInterval);
    }
    if (driftReads != null) {
      config = config.withDriftReads(driftReads);
    }
    if (adoptionSettle != null) {
      config = config.withAdoptionSettle(adoptionSettle);
    }
    if (consistencyGrace != null) {
      config = config.withConsistencyGrace(consistencyGrace);
    }
    if (workers != null || cloudRateLimit != null) {
      config = config.withThroughput(new OperatorConfig.Throughput(
          workers != null ? workers : config.throughput().workers(),
          config.throughput().quotas().with(cloudRateLimit)));
    }
    return config.withServerSideApply(config.useServerSideApply() && serverSideApply)
        .withRoutineEvents(config.routineEvents() || routineEvents);
  }

  private static String blankToNull(String value) {
    return value == null || value.isBlank() ? null : value.trim();
  }
}
