package dev.alicloud.ipam.benchmark;

import dev.alicloud.ipam.api.v1alpha1.IpamPoolAllocation;
import dev.alicloud.ipam.api.v1alpha1.IpamPoolAllocationSpec;
import dev.alicloud.ipam.cloud.ApiQuota;
import dev.alicloud.ipam.cloud.ApiQuotas;
import dev.alicloud.ipam.cloud.CloudCredentials;
import dev.alicloud.ipam.cloud.CloudEndpoint;
import dev.alicloud.ipam.cloud.VpcIpamClient;
import dev.alicloud.ipam.config.IpamOperator;
import dev.alicloud.ipam.config.OperatorConfig;
import dev.alicloud.ipam.monitoring.OperatorMetrics;
import dev.alicloud.ipam.kubeapi.ApiCall;
import dev.alicloud.ipam.kubeapi.EmbeddedApiServer;
import dev.alicloud.ipam.sandbox.Sandbox;
import dev.alicloud.ipam.simulator.world.SandboxWorld;
import dev.alicloud.ipam.simulator.world.SimulatorSeeders;
import dev.alicloud.ipam.simulator.SimulatorConfig;
import dev.alicloud.ipam.simulator.VpcIpamSimulator;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.IntConsumer;
import java.util.stream.IntStream;

/**
 * One scenario's world, from the same parts as the sandbox: the embedded Kubernetes API, the VpcIpam simulator over
 * real HTTP seeded with the {@link SandboxWorld} (its keys and its pool, 10.0.0.0/8 with masks /16 to /28), and the
 * real operator wired by {@link IpamOperator} with production defaults except the cluster id, the cloud endpoint and
 * server-side apply (the embedded API has none). The driver (the benchmark itself) has a client of its own with its
 * own User-Agent, so the API server can tell its calls from the operator's.
 */
final class BenchWorld implements AutoCloseable {

  static final String DRIVER_AGENT = "vpc-ipam-benchmark-driver";
  static final String CLUSTER_ID = "benchmark";
  static final String NAMESPACE = Sandbox.NAMESPACE;
  static final String REGION = SandboxWorld.REGION;
  static final String POOL = SandboxWorld.POOL;
  /** Every action the operator may call: each has its own quota. */
  static final List<String> ACTIONS = List.of("CreateIpamPoolAllocation", "DeleteIpamPoolAllocation",
      "ListIpamPoolAllocations", "GetIpamPoolAllocation", "UpdateIpamPoolAllocation", "ListIpamPools",
      "ListIpamPoolCidrs");
  /** Request workers of the simulator: enough that a 20 ms latency, not the simulator, bounds its throughput. */
  static final int SIMULATOR_THREADS = 64;

  final EmbeddedApiServer api;
  final VpcIpamSimulator simulator;
  final KubernetesClient driver;
  final CallTally tally = new CallTally();
  private IpamOperator operator;
  private ScheduledExecutorService pruner;
  private ApiQuotas operatorQuotas = ApiQuotas.UNLIMITED;

  private BenchWorld(EmbeddedApiServer api, VpcIpamSimulator simulator, KubernetesClient driver) {
    this.api = api;
    this.simulator = simulator;
    this.driver = driver;
  }

  static BenchWorld start() {
    EmbeddedApiServer api = EmbeddedApiServer.start("127.0.0.1", 0);
    VpcIpamSimulator simulator = null;
    try {
      simulator = VpcIpamSimulator.start(SimulatorConfig.defaults().withThreads(SIMULATOR_THREADS));
      SandboxWorld.seed(SimulatorSeeders.into(simulator.state()));
      KubernetesClient driver = new KubernetesClientBuilder().withConfig(new ConfigBuilder(
          api.client().getConfiguration()).withUserAgent(DRIVER_AGENT).build()).build();
      return new BenchWorld(api, simulator, driver);
    } catch (RuntimeException e) {
      if (simulator != null) {
        simulator.close();
      }
      api.close();
      throw e;
    }
  }

  /**
   * Production defaults pointed at this world, with the operator's rate limits set to the quotas the scenario gives
   * the cloud ({@link #operatorQuotas}; none when there is no quota), as an operator would be configured for its
   * account.
   */
  OperatorConfig config() {
    return OperatorConfig.defaults()
        .withClusterId(CLUSTER_ID)
        .withCloud(endpoint(), operatorCredentials())
        .withThroughput(new OperatorConfig.Throughput(OperatorConfig.Throughput.DEFAULT.workers(), operatorQuotas))
        .withServerSideApply(false);
  }

  /** The operator's rate limits for the next {@link #config()}: the scenario's quotas, unlimited for none. */
  void operatorQuotas(ApiQuotas quotas) {
    this.operatorQuotas = quotas;
  }

  CloudEndpoint endpoint() {
    return CloudEndpoint.of("http://" + simulator.endpoint());
  }

  static CloudCredentials operatorCredentials() {
    return CloudCredentials.accessKey(SandboxWorld.OPERATOR_KEY_ID, SandboxWorld.OPERATOR_KEY_SECRET, null);
  }

  /** A client of the cloud with the operator's identity, for the driver's own calls (not counted by the tap). */
  VpcIpamClient cloudClient() {
    return new VpcIpamClient(endpoint(), REGION, operatorCredentials());
  }

  /** Latency before every call and each action's quota (unlimited: none), fresh windows. */
  void cloudLimits(Duration latency, ApiQuotas quotas) {
    var faults = simulator.faults().clear();
    if (!latency.isZero()) {
      faults.latency(latency);
    }
    for (String action : ACTIONS) {
      ApiQuota quota = quotas.forAction(action);
      faults.quota(action, quota.calls(), quota.period());
    }
  }

  /** Another pool in the world's region, 10.0.0.0/8 with masks /8 to /28 (a pool of its own scope). */
  void addPool(String poolId) {
    simulator.state().addPool(poolId, REGION, List.of("10.0.0.0/8"), 8, 28);
  }

  IpamOperator startOperator(OperatorConfig config) {
    createOperator(config).start();
    return operator;
  }

  /** Wires a new operator (stopping the running one), not started yet. */
  IpamOperator createOperator(OperatorConfig config) {
    stopOperator();
    operator = IpamOperator.create(api.client(), config, tally);
    return operator;
  }

  IpamOperator operator() {
    return operator;
  }

  void stopOperator() {
    if (operator != null) {
      operator.close();
      operator = null;
    }
  }

  /** Resources the running operator's last pass left Ready (its {@code ipam_allocations{state="ready"}} gauge). */
  long readyInOperator() {
    Gauge gauge = operator.metrics().registry().find(OperatorMetrics.ALLOCATIONS).tag("state", "ready").gauge();
    return gauge == null ? 0 : (long) gauge.value();
  }

  /** Reconcile and cleanup passes the running operator started (JOSDK's counter). */
  long reconcilesStarted() {
    return reconcilesStarted(operator);
  }

  static long reconcilesStarted(IpamOperator operator) {
    return (long) operator.metrics().registry().find("operator.sdk.reconciliations.started").counters().stream()
        .mapToDouble(Counter::count).sum();
  }

  /** A {@code cidrMask} resource in the default namespace. */
  static IpamPoolAllocation allocation(String name, String poolId, int mask) {
    IpamPoolAllocation r = new IpamPoolAllocation();
    r.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace(NAMESPACE).build());
    IpamPoolAllocationSpec spec = new IpamPoolAllocationSpec();
    spec.setRegionId(REGION);
    spec.setIpamPoolId(poolId);
    spec.setCidrMask(mask);
    r.setSpec(spec);
    return r;
  }

  void create(IpamPoolAllocation r) {
    driver.resource(r).create();
  }

  void delete(String name) {
    driver.resources(IpamPoolAllocation.class).inNamespace(NAMESPACE).withName(name).delete();
  }

  IpamPoolAllocation get(String name) {
    return driver.resources(IpamPoolAllocation.class).inNamespace(NAMESPACE).withName(name).get();
  }

  /**
   * The operator's writes to the API since {@link EmbeddedApiServer#recordCalls}, by verb and resource (e.g.
   * {@code patch ipampoolallocations/status}); the driver's own calls are not recorded.
   */
  Map<String, Long> operatorWrites() {
    Map<String, Long> writes = new TreeMap<>();
    for (Map.Entry<ApiCall, Long> e : api.recordedCalls().entrySet()) {
      ApiCall c = e.getKey();
      if (Set.of("create", "update", "patch", "delete", "deletecollection").contains(c.verb())) {
        writes.merge(c.verb() + " " + c.resource(), e.getValue(), Long::sum);
      }
    }
    return writes;
  }

  /** Runs {@code task(i)} for i in [0, n) on {@code threads} threads and waits; rethrows the first failure. */
  static void parallel(int n, int threads, IntConsumer task) throws InterruptedException {
    ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, Math.min(threads, n)));
    try {
      List<Future<?>> futures = new ArrayList<>(n);
      for (int i = 0; i < n; i++) {
        int k = i;
        futures.add(pool.submit(() -> task.accept(k)));
      }
      for (Future<?> f : futures) {
        try {
          f.get();
        } catch (ExecutionException e) {
          throw e.getCause() instanceof RuntimeException re ? re : new IllegalStateException(e.getCause());
        }
      }
    } finally {
      pool.shutdownNow();
    }
  }

  /**
   * Deletes the namespace's Events every second from now on (the driver's calls, not counted as the operator's).
   * The CRUD mock scans every stored object on each request, Events included, where a real API server does not:
   * without this, the events of a thousand lifecycles would triple the cost of every write the operator makes. The
   * operator's event creations are still counted, by {@link EmbeddedApiServer#recordCalls}.
   */
  void pruneEvents() {
    if (pruner == null) {
      pruner = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "benchmark-event-pruner");
        t.setDaemon(true);
        return t;
      });
      pruner.scheduleWithFixedDelay(() -> {
        try {
          driver.v1().events().inNamespace(NAMESPACE).delete();
        } catch (RuntimeException e) {
          // the next round tries again
        }
      }, 1, 1, TimeUnit.SECONDS);
    }
  }

  /** {@code prefix-00000} to {@code prefix-(n-1)}. */
  static List<String> names(String prefix, int n) {
    return IntStream.range(0, n).mapToObj(i -> String.format("%s-%05d", prefix, i)).toList();
  }

  /** Seconds between two {@link System#nanoTime()} stamps. */
  static double seconds(long fromNanos, long toNanos) {
    return (toNanos - fromNanos) / 1e9;
  }

  /** Records each {@code Action/Result} count as a figure {@code prefix.Action/Result}, divided by {@code per}. */
  static void callFigures(ScenarioResult r, String prefix, Map<String, Long> calls, double per, String unit) {
    calls.forEach((k, v) -> r.figure(prefix + "." + k, per == 1 ? (Object) v : v / per, unit));
  }

  @Override
  public void close() {
    if (pruner != null) {
      pruner.shutdownNow();
    }
    stopOperator();
    driver.close();
    simulator.close();
    api.close();
  }
}
