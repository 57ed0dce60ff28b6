package dev.alicloud.ipam.config;

import dev.alicloud.ipam.cloud.ApiQuotas;
import dev.alicloud.ipam.cloud.CloudCredentials;
import dev.alicloud.ipam.cloud.CloudEndpoint;
import java.time.Duration;
import java.util.Objects;
import java.util.Set;

/**
 * Every knob of the operator in one immutable value, so production, the sandbox and the tests wire the same
 * operator and differ only here.
 *
 * @param clusterId identifies this cluster in the ownership tag written on every allocation
 * @param cloudEndpoint where the VpcIpam API lives (default: the public regional endpoint)
 * @param defaultCredentials the operator's own identity, used when a resource names no Secret
 * @param driftInterval how often a Ready allocation is compared with the cloud (jittered)
 * @param transientRetryInitial first delay after throttling, 5xx or a transport failure
 * @param transientRetryMax cap of the exponential delay after transient failures
 * @param stalledRetryInterval slow retry of terminal errors, in case the world changed
 * @param unauthorizedRetryInterval slow retry of authorization errors (fixed outside the spec, often quickly)
 * @param namespaces namespaces to watch; empty means all
 * @param labelSelector only reconcile resources matching this selector; null means all
 * @param useServerSideApply JOSDK's SSA for the finalizer; the CRUD mock server of the tests cannot do SSA
 * @param leaderElection how replicas agree on one active instance; null: no election, this instance works alone
 * @param throughput how many resources are worked on at once and how fast the cloud may be called
 * @param routineEvents also record a Normal event for transitions the Ready condition already shows (Allocated,
 *     Adopted, DryRunOperation, Released): two more API writes per lifecycle
 * @param driftReads whether drift checks share a List snapshot per pool or Get each allocation
 * @param adoptionSettle how long an adoption waits after writing its ownership tag before it reads the tag again
 *     and counts itself the owner; longer than the time between the read that allowed a claim and the claim's write
 *     (a claim that took more than a quarter of it is not written)
 * @param consistencyGrace how long after sending a create a read that misses the allocation proves nothing: IPAM
 *     reads are eventually consistent, so within it the allocation is neither lost nor released; zero: reads are
 *     trusted at once
 */
public record OperatorConfig(
    String clusterId,
    CloudEndpoint cloudEndpoint,
    CloudCredentials defaultCredentials,
    Duration driftInterval,
    Duration transientRetryInitial,
    Duration transientRetryMax,
    Duration stalledRetryInterval,
    Duration unauthorizedRetryInterval,
    Set<String> namespaces,
    String labelSelector,
    boolean useServerSideApply,
    LeaderElection leaderElection,
    Throughput throughput,
    boolean routineEvents,
    DriftReads driftReads,
    Duration adoptionSettle,
    Duration consistencyGrace) {

  /** Cluster ids end up in allocation descriptions: short, lower-case, no separators of the tag. */
  public static final String CLUSTER_ID_PATTERN = "^[a-z0-9]([a-z0-9-]{0,30}[a-z0-9])?$";

  public OperatorConfig {
    Objects.requireNonNull(clusterId, "clusterId");
    if (!clusterId.matches(CLUSTER_ID_PATTERN)) {
      throw new IllegalArgumentException("cluster id must match " + CLUSTER_ID_PATTERN + ": " + clusterId);
    }
    Objects.requireNonNull(cloudEndpoint, "cloudEndpoint");
    Objects.requireNonNull(defaultCredentials, "defaultCredentials");
    namespaces = Set.copyOf(namespaces);
    Objects.requireNonNull(throughput, "throughput");
    Objects.requireNonNull(driftReads, "driftReads");
    if (adoptionSettle == null || adoptionSettle.isNegative() || adoptionSettle.isZero()) {
      throw new IllegalArgumentException("adoptionSettle must be positive: " + adoptionSettle);
    }
    if (consistencyGrace == null || consistencyGrace.isNegative()) {
      throw new IllegalArgumentException("consistencyGrace must not be negative: " + consistencyGrace);
    }
  }

  /** Production defaults: public endpoint, default credentials chain, drift check every 10 minutes. */
  public static OperatorConfig defaults() {
    return new OperatorConfig("default", CloudEndpoint.defaults(), CloudCredentials.defaultChain(),
        Duration.ofMinutes(10), Duration.ofSeconds(1), Duration.ofMinutes(5), Duration.ofMinutes(10),
        Duration.ofMinutes(2), Set.of(), null, true, null, Throughput.DEFAULT, false, DriftReads.LIST,
        Duration.ofSeconds(10), Duration.ofSeconds(30));
  }

  public OperatorConfig withClusterId(String value) {
    return new OperatorConfig(value, cloudEndpoint, defaultCredentials, driftInterval, transientRetryInitial,
        transientRetryMax, stalledRetryInterval, unauthorizedRetryInterval, namespaces, labelSelector,
        useServerSideApply, leaderElection, throughput, routineEvents, driftReads, adoptionSettle, consistencyGrace);
  }

  public OperatorConfig withCloud(CloudEndpoint endpoint, CloudCredentials credentials) {
    return new OperatorConfig(clusterId, endpoint, credentials, driftInterval, transientRetryInitial,
        transientRetryMax, stalledRetryInterval, unauthorizedRetryInterval, namespaces, labelSelector,
        useServerSideApply, leaderElection, throughput, routineEvents, driftReads, adoptionSettle, consistencyGrace);
  }

  public OperatorConfig withRetries(Duration transientInitial, Duration transientMax, Duration stalled,
      Duration unauthorized) {
    return new OperatorConfig(clusterId, cloudEndpoint, defaultCredentials, driftInterval, transientInitial,
        transientMax, stalled, unauthorized, namespaces, labelSelector, useServerSideApply,
        leaderElection, throughput, routineEvents, driftReads, adoptionSettle, consistencyGrace);
  }

  public OperatorConfig withDriftInterval(Duration value) {
    return new OperatorConfig(clusterId, cloudEndpoint, defaultCredentials, value, transientRetryInitial,
        transientRetryMax, stalledRetryInterval, unauthorizedRetryInterval, namespaces, labelSelector,
        useServerSideApply, leaderElection, throughput, routineEvents, driftReads, adoptionSettle, consistencyGrace);
  }

  public OperatorConfig withWatch(Set<String> watchNamespaces, String selector) {
    return new OperatorConfig(clusterId, cloudEndpoint, defaultCredentials, driftInterval, transientRetryInitial,
        transientRetryMax, stalledRetryInterval, unauthorizedRetryInterval, watchNamespaces, selector,
        useServerSideApply, leaderElection, throughput, routineEvents, driftReads, adoptionSettle, consistencyGrace);
  }

  public OperatorConfig withServerSideApply(boolean value) {
    return new OperatorConfig(clusterId, cloudEndpoint, defaultCredentials, driftInterval, transientRetryInitial,
        transientRetryMax, stalledRetryInterval, unauthorizedRetryInterval, namespaces, labelSelector, value,
        leaderElection, throughput, routineEvents, driftReads, adoptionSettle, consistencyGrace);
  }

  public OperatorConfig withLeaderElection(LeaderElection value) {
    return new OperatorConfig(clusterId, cloudEndpoint, defaultCredentials, driftInterval, transientRetryInitial,
        transientRetryMax, stalledRetryInterval, unauthorizedRetryInterval, namespaces, labelSelector,
        useServerSideApply, value, throughput, routineEvents, driftReads, adoptionSettle, consistencyGrace);
  }

  public OperatorConfig withRoutineEvents(boolean value) {
    return new OperatorConfig(clusterId, cloudEndpoint, defaultCredentials, driftInterval, transientRetryInitial,
        transientRetryMax, stalledRetryInterval, unauthorizedRetryInterval, namespaces, labelSelector,
        useServerSideApply, leaderElection, throughput, value, driftReads, adoptionSettle, consistencyGrace);
  }

  public OperatorConfig withThroughput(Throughput value) {
    return new OperatorConfig(clusterId, cloudEndpoint, defaultCredentials, driftInterval, transientRetryInitial,
        transientRetryMax, stalledRetryInterval, unauthorizedRetryInterval, namespaces, labelSelector,
        useServerSideApply, leaderElection, value, routineEvents, driftReads, adoptionSettle, consistencyGrace);
  }

  public OperatorConfig withDriftReads(DriftReads value) {
    return new OperatorConfig(clusterId, cloudEndpoint, defaultCredentials, driftInterval, transientRetryInitial,
        transientRetryMax, stalledRetryInterval, unauthorizedRetryInterval, namespaces, labelSelector,
        useServerSideApply, leaderElection, throughput, routineEvents, value, adoptionSettle, consistencyGrace);
  }

  public OperatorConfig withAdoptionSettle(Duration value) {
    return new OperatorConfig(clusterId, cloudEndpoint, defaultCredentials, driftInterval, transientRetryInitial,
        transientRetryMax, stalledRetryInterval, unauthorizedRetryInterval, namespaces, labelSelector,
        useServerSideApply, leaderElection, throughput, routineEvents, driftReads, value, consistencyGrace);
  }

  public OperatorConfig withConsistencyGrace(Duration value) {
    return new OperatorConfig(clusterId, cloudEndpoint, defaultCredentials, driftInterval, transientRetryInitial,
        transientRetryMax, stalledRetryInterval, unauthorizedRetryInterval, namespaces, labelSelector,
        useServerSideApply, leaderElection, throughput, routineEvents, driftReads, adoptionSettle, value);
  }

  /**
   * How a drift check reads what the cloud holds. A List page returns 100 allocations of the pool, whoever owns them;
   * a Get returns one. {@link #LIST} is cheaper wherever the operator's resources are a good share of their pools
   * (10,000 resources in 10 pools: 100 calls per round instead of 10,000); {@link #GET} is cheaper for a few resources
   * in a large shared pool (5 resources in a pool of 20,000 allocations: 5 calls instead of 200).
   */
  public enum DriftReads {
    /** One List snapshot per pool, region and identity, in pages of 100, shared by every resource in the pool. */
    LIST,
    /** One GetIpamPoolAllocation per resource and check. */
    GET
  }

  /**
   * How much work runs at once: resources reconciled in parallel, and the API rate limits the operator keeps per
   * identity, region and API action, so that it stays under the cloud's quota instead of provoking throttling.
   *
   * @param workers resources reconciled at once (JOSDK's reconciliation threads)
   * @param quotas the rate limit of each action
   */
  public record Throughput(int workers, ApiQuotas quotas) {

    /**
     * 100 workers: a create pass waits for a paced slot, so JOSDK's 50 threads could not keep a fast quota busy
     * (docs/benchmarks.md); waiting threads only sleep. The published API rate limits.
     */
    public static final Throughput DEFAULT = new Throughput(100, ApiQuotas.PUBLISHED);

    public Throughput {
      if (workers < 1) {
        throw new IllegalArgumentException("workers must be at least 1: " + workers);
      }
      Objects.requireNonNull(quotas, "quotas");
    }
  }

  /**
   * Leader election over a coordination.k8s.io Lease: only the holder reconciles, the others wait to take over.
   *
   * @param leaseName the Lease's name; releases that shard one cluster need different names
   * @param leaseNamespace the Lease's namespace; null: the namespace of the client's configuration (the pod's)
   * @param identity this instance's name in the Lease (the pod name); null lets JOSDK choose
   * @param exitOnStopLeading stop the operator when it loses the lease while running (production: the process exits
   *     and the pod restarts clean); false keeps it as a standby
   */
  public record LeaderElection(String leaseName, String leaseNamespace, String identity, boolean exitOnStopLeading) {
    public LeaderElection {
      Objects.requireNonNull(leaseName, "leaseName");
    }
  }
}
