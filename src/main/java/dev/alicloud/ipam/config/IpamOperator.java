package dev.alicloud.ipam.config;

import dev.alicloud.ipam.api.v1alpha1.IpamPoolAllocation;
import dev.alicloud.ipam.cloud.CallRateLimiter;
import dev.alicloud.ipam.cloud.CloudCallListener;
import dev.alicloud.ipam.cloud.VpcIpamClientFactory;
import dev.alicloud.ipam.monitoring.OperatorHttpServer.Health;
import dev.alicloud.ipam.monitoring.OperatorMetrics;
import dev.alicloud.ipam.reconciler.CredentialsResolver;
import dev.alicloud.ipam.reconciler.EventRecorder;
import dev.alicloud.ipam.reconciler.IpamPoolAllocationReconciler;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderCallbacks;
import io.javaoperatorsdk.operator.Operator;
import io.javaoperatorsdk.operator.RuntimeInfo;
import io.javaoperatorsdk.operator.api.config.LeaderElectionConfiguration;
import io.javaoperatorsdk.operator.processing.retry.GenericRetry;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Wires the JOSDK operator from an {@link OperatorConfig}: the one factory production, the sandbox and the tests
 * share, so none of them runs a copy.
 */
public final class IpamOperator implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(IpamOperator.class);

  private final Operator operator;
  private final IpamPoolAllocationReconciler reconciler;
  private final OperatorMetrics metrics;
  private final AtomicBoolean stopped;
  private final AtomicReference<String> fatal;
  private final AtomicReference<Consumer<String>> onFatal;

  private IpamOperator(Operator operator, IpamPoolAllocationReconciler reconciler, OperatorMetrics metrics,
      AtomicBoolean stopped, AtomicReference<String> fatal, AtomicReference<Consumer<String>> onFatal) {
    this.operator = operator;
    this.reconciler = reconciler;
    this.metrics = metrics;
    this.stopped = stopped;
    this.fatal = fatal;
    this.onFatal = onFatal;
  }

  /** Builds and registers the controller; call {@link #start()} to run it. */
  public static IpamOperator create(KubernetesClient client, OperatorConfig config) {
    return create(client, config, CloudCallListener.NONE);
  }

  /**
   * Like {@link #create(KubernetesClient, OperatorConfig)}, with {@code tap} hearing every cloud call after the
   * metrics do: the benchmark counts calls there, the chaos tests stop the operator right after a call succeeded.
   */
  public static IpamOperator create(KubernetesClient client, OperatorConfig config, CloudCallListener tap) {
    Clock clock = Clock.systemUTC();
    OperatorMetrics metrics = new OperatorMetrics();
    CloudCallListener calls = (action, region, result, nanos) -> {
      metrics.onCall(action, region, result, nanos);
      tap.onCall(action, region, result, nanos);
    };
    AtomicBoolean stopped = new AtomicBoolean();
    AtomicReference<String> fatal = new AtomicReference<>();
    AtomicReference<Consumer<String>> onFatal = new AtomicReference<>(reason -> LOG.error("{}", reason));
    Consumer<String> fail = reason -> {
      fatal.set(reason);
      onFatal.get().accept(reason);
    };
    var reconciler = new IpamPoolAllocationReconciler(config,
        new VpcIpamClientFactory(config.cloudEndpoint(), calls,
            new CallRateLimiter(config.throughput().quotas())),
        new CredentialsResolver(client, config.defaultCredentials()), new EventRecorder(client, clock, config.routineEvents()), clock,
        metrics);
    Operator operator = new Operator(o -> {
      o.withKubernetesClient(client)
          .withCloseClientOnStop(false)
          .withUseSSAToPatchPrimaryResource(config.useServerSideApply())
          .withStopOnInformerErrorDuringStartup(true)
          .withInformerStoppedHandler((informer, error) -> {
            if (error != null && informer.hasSynced() && !stopped.get()) {
              fail.accept("the informer " + informer + " stopped (" + error + "): nothing is reconciled "
                  + "any more");
            }
          })
          .withCacheSyncTimeout(Duration.ofMinutes(2))
          .withConcurrentReconciliationThreads(config.throughput().workers())
          .withMetrics(metrics.josdkMetrics());
      if (config.leaderElection() != null) {
        o.withLeaderElectionConfiguration(leaderElection(config.leaderElection(), metrics, () -> {
          if (!stopped.get() && config.leaderElection().exitOnStopLeading()) {
            fail.accept("lost the lease " + config.leaderElection().leaseName() + " while running");
          }
        }));
      }
    });
    if (config.leaderElection() == null) {
      metrics.leading(true);
    }
    // Kubernetes API failures (not cloud errors, which the reconciler handles itself) retry without end, capped.
    var apiRetry = new GenericRetry().setInitialInterval(Duration.ofSeconds(1)).setIntervalMultiplier(2)
        .setMaxInterval(Duration.ofMinutes(2).toMillis()).withoutMaxAttempts();
    operator.register(reconciler, c -> {
      c.withFinalizer(IpamPoolAllocation.FINALIZER)
          .withRetry(apiRetry)
          .withReconciliationMaxInterval(config.driftInterval().multipliedBy(2));
      if (config.namespaces().isEmpty()) {
        c.watchingAllNamespaces();
      } else {
        c.settingNamespaces(config.namespaces());
      }
      if (config.labelSelector() != null) {
        c.withLabelSelector(config.labelSelector());
      }
    });
    return new IpamOperator(operator, reconciler, metrics, stopped, fatal, onFatal);
  }

  /**
   * JOSDK's own exit on lost leadership is off: it calls System.exit, which deadlocks when leadership ends because
   * the JVM is already shutting down. A loss while running is handed to {@link #onFatal} instead.
   */
  private static LeaderElectionConfiguration leaderElection(OperatorConfig.LeaderElection election,
      OperatorMetrics metrics, Runnable lost) {
    var callbacks = new LeaderCallbacks(
        () -> {
          LOG.info("leading: this instance now reconciles (lease {})", election.leaseName());
          metrics.leading(true);
        },
        () -> {
          LOG.info("stopped leading (lease {})", election.leaseName());
          metrics.leading(false);
          lost.run();
        },
        leader -> LOG.info("lease {} held by {}", election.leaseName(), leader));
    return new LeaderElectionConfiguration(election.leaseName(), election.leaseNamespace(),
        LeaderElectionConfiguration.LEASE_DURATION_DEFAULT_VALUE,
        LeaderElectionConfiguration.RENEW_DEADLINE_DEFAULT_VALUE,
        LeaderElectionConfiguration.RETRY_PERIOD_DEFAULT_VALUE, election.identity(), callbacks, false);
  }

  /**
   * What to do when this instance can no longer do its job while running: it lost its lease (and the configuration
   * asks to stop then: a standby that keeps its informers would reconcile nothing), or an informer stopped for good.
   * JOSDK would call System.exit for the latter; production stops in order instead, exits 1 and the pod restarts
   * clean. Until then the liveness probe fails.
   */
  public IpamOperator onFatal(Consumer<String> action) {
    onFatal.set(action);
    return this;
  }

  public IpamOperator start() {
    operator.start();
    return this;
  }

  public IpamPoolAllocationReconciler reconciler() {
    return reconciler;
  }

  /** The registry behind {@code /metrics}. */
  public OperatorMetrics metrics() {
    return metrics;
  }

  /**
   * What the probes report: live until stopped; ready once started with every informer connected (standby replicas
   * too: their informers run, only event processing waits for the lease, so a rollout never waits on them).
   */
  public Health health() {
    if (stopped.get()) {
      return new Health(false, false, "operator stopped");
    }
    if (fatal.get() != null) {
      return new Health(false, false, fatal.get());
    }
    RuntimeInfo info = operator.getRuntimeInfo();
    if (!info.isStarted()) {
      return new Health(true, false, "starting");
    }
    if (!info.allEventSourcesAreHealthy()) {
      return new Health(true, false, "informers not connected: " + info.unhealthyEventSources().keySet());
    }
    return new Health(true, true, "running");
  }

  @Override
  public void close() {
    stopped.set(true);
    operator.stop();
  }
}
