package dev.alicloud.ipam;

import dev.alicloud.ipam.config.ClusterIdentity;
import dev.alicloud.ipam.config.IpamOperator;
import dev.alicloud.ipam.config.OperatorConfig;
import dev.alicloud.ipam.config.OperatorOptions;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * The production mode: the operator against the cluster of the current kubeconfig context, or the in-cluster
 * service account when it runs in a pod, like any operator.
 */
@Command(name = "run", mixinStandardHelpOptions = true,
    description = "Run the operator against the cluster of the current kubeconfig context "
        + "(or the pod's service account). Cloud credentials come from the Alibaba Cloud default chain "
        + "(ALIBABA_CLOUD_ACCESS_KEY_ID/SECRET, RRSA, profile, ECS RAM role) unless a resource names a Secret.")
public final class RunCommand implements Callable<Integer> {

  private static final Logger LOG = LoggerFactory.getLogger(RunCommand.class);

  @Mixin
  OperatorOptions options;

  private final ShutdownSignal givenSignal;

  /** Stops on SIGTERM / Ctrl-C. */
  public RunCommand() {
    this(null);
  }

  /** Stops when {@code signal} is triggered (in-process runs); null installs the JVM hook. */
  public RunCommand(ShutdownSignal signal) {
    this.givenSignal = signal;
  }

  @Override
  public Integer call() throws InterruptedException {
    ShutdownSignal signal = givenSignal != null ? givenSignal : ShutdownSignal.install();
    try (KubernetesClient client = new KubernetesClientBuilder().build()) {
      OperatorConfig config = options.applyTo(OperatorConfig.defaults());
      if (options.clusterId() == null) {
        config = config.withClusterId(ClusterIdentity.derive(client));
      }
      LOG.info("vpc-ipam-operator {} connecting to {} (cluster id {}, cloud {}, namespaces {})",
          VersionProvider.version(), client.getMasterUrl(), config.clusterId(),
          config.cloudEndpoint().isOverridden() ? config.cloudEndpoint().override() : "regional endpoints",
          config.namespaces().isEmpty() ? "all" : config.namespaces());
      try (IpamOperator operator = IpamOperator.create(client, config)) {
        operator.start();
        signal.await();
        LOG.info("stopping");
      }
      return 0;
    } catch (RuntimeException e) {
      LOG.error("cannot run the operator: {}. Is the CRD installed (kubectl apply -f crds/) and does the service "
          + "account have the RBAC of deploy/?", e.getMessage(), e);
      return 1;
    } finally {
      signal.done();
    }
  }
}
