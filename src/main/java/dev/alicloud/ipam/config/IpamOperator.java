package dev.alicloud.ipam.config;

import dev.alicloud.ipam.api.v1alpha1.IpamPoolAllocation;
import dev.alicloud.ipam.cloud.VpcIpamClientFactory;
import dev.alicloud.ipam.reconciler.CredentialsResolver;
import dev.alicloud.ipam.reconciler.EventRecorder;
import dev.alicloud.ipam.reconciler.IpamPoolAllocationReconciler;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.Operator;
import io.javaoperatorsdk.operator.processing.retry.GenericRetry;
import java.time.Clock;
import java.time.Duration;

/**
 * Wires the JOSDK operator from an {@link OperatorConfig}: the one factory production, the sandbox and the tests
 * share, so none of them runs a copy.
 */
public final class IpamOperator implements AutoCloseable {

  private final Operator operator;
  private final IpamPoolAllocationReconciler reconciler;

  private IpamOperator(Operator operator, IpamPoolAllocationReconciler reconciler) {
    this.operator = operator;
    this.reconciler = reconciler;
  }

  /** Builds and registers the controller; call {@link #start()} to run it. */
  public static IpamOperator create(KubernetesClient client, OperatorConfig config) {
    Clock clock = Clock.systemUTC();
    var reconciler = new IpamPoolAllocationReconciler(config, new VpcIpamClientFactory(config.cloudEndpoint()),
        new CredentialsResolver(client, config.defaultCredentials()), new EventRecorder(client, clock), clock);
    Operator operator = new Operator(o -> o
        .withKubernetesClient(client)
        .withCloseClientOnStop(false)
        .withUseSSAToPatchPrimaryResource(config.useServerSideApply())
        .withStopOnInformerErrorDuringStartup(true)
        .withCacheSyncTimeout(Duration.ofMinutes(2)));
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
    return new IpamOperator(operator, reconciler);
  }

  public IpamOperator start() {
    operator.start();
    return this;
  }

  public IpamPoolAllocationReconciler reconciler() {
    return reconciler;
  }

  @Override
  public void close() {
    operator.stop();
  }
}
