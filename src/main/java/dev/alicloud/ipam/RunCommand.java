package dev.alicloud.ipam;

import dev.alicloud.ipam.config.ClusterIdentity;
import dev.alicloud.ipam.config.IpamOperator;
import dev.alicloud.ipam.config.LoggingSetup;
import dev.alicloud.ipam.config.OperatorConfig;
import dev.alicloud.ipam.config.OperatorOptions;
import dev.alicloud.ipam.monitoring.OperatorHttpServer;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

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

  @Option(names = "--leader-election", negatable = true, defaultValue = "${env:IPAM_LEADER_ELECTION:-false}",
      fallbackValue = "true", description = "Elect one active replica through a Lease; the others stand by "
          + "(env IPAM_LEADER_ELECTION; default ${DEFAULT-VALUE}).")
  boolean leaderElection;

  @Option(names = "--leader-election-id", paramLabel = "NAME",
      defaultValue = "${env:IPAM_LEADER_ELECTION_ID:-vpc-ipam-operator}",
      description = "Name of the Lease; releases sharding one cluster need different names "
          + "(env IPAM_LEADER_ELECTION_ID; default ${DEFAULT-VALUE}).")
  String leaseName;

  @Option(names = "--leader-election-namespace", paramLabel = "NS",
      defaultValue = "${env:IPAM_LEADER_ELECTION_NAMESPACE:-${env:POD_NAMESPACE}}",
      description = "Namespace of the Lease (env IPAM_LEADER_ELECTION_NAMESPACE; default: POD_NAMESPACE, else the "
          + "namespace of the kubeconfig context or service account).")
  String leaseNamespace;

  @Option(names = "--http-port", paramLabel = "PORT", defaultValue = "${env:IPAM_HTTP_PORT:-8080}",
      description = "Port of /healthz, /readyz and /metrics; 0 picks a free one, -1 disables "
          + "(env IPAM_HTTP_PORT; default ${DEFAULT-VALUE}).")
  int httpPort;

  @Option(names = "--log-format", paramLabel = "FORMAT",
      description = "plain or json (env IPAM_LOG_FORMAT; default plain).")
  LoggingSetup.Format logFormat;

  @Option(names = "--log-level", paramLabel = "LEVEL",
      description = "TRACE, DEBUG, INFO, WARN or ERROR (env IPAM_LOG_LEVEL; default INFO).")
  String logLevel;

  private final ShutdownSignal givenSignal;
  private volatile OperatorHttpServer http;

  /** Stops on SIGTERM / Ctrl-C. */
  public RunCommand() {
    this(null);
  }

  /** Stops when {@code signal} is triggered (in-process runs); null installs the JVM hook. */
  public RunCommand(ShutdownSignal signal) {
    this.givenSignal = signal;
  }

  /** The port /healthz, /readyz and /metrics are served on, once running; -1 before or when disabled. */
  public int httpPort() {
    OperatorHttpServer server = http;
    return server == null ? -1 : server.port();
  }

  private static String blankToNull(String value) {
    return value == null || value.isBlank() ? null : value.trim();
  }

  @Override
  public Integer call() throws InterruptedException {
    if (logFormat != null || logLevel != null) {
      LoggingSetup.apply(logFormat, logLevel);
    }
    ShutdownSignal signal = givenSignal != null ? givenSignal : ShutdownSignal.install();
    try (KubernetesClient client = new KubernetesClientBuilder().build()) {
      OperatorConfig config = options.applyTo(OperatorConfig.defaults());
      if (options.clusterId() == null) {
        config = config.withClusterId(ClusterIdentity.derive(client));
      }
      if (leaderElection) {
        config = config.withLeaderElection(new OperatorConfig.LeaderElection(leaseName, blankToNull(leaseNamespace),
            blankToNull(System.getenv("POD_NAME")), true));
      }
      LOG.info("vpc-ipam-operator {} connecting to {} (cluster id {}, cloud {}, namespaces {})",
          VersionProvider.version(), client.getMasterUrl(), config.clusterId(),
          config.cloudEndpoint().isOverridden() ? config.cloudEndpoint().override() : "regional endpoints",
          config.namespaces().isEmpty() ? "all" : config.namespaces());
      try (IpamOperator operator = IpamOperator.create(client, config)) {
        if (httpPort >= 0) {
          http = OperatorHttpServer.start(httpPort, operator::health, operator.metrics()::scrape);
          LOG.info("serving /healthz, /readyz and /metrics on port {}", http.port());
        }
        AtomicBoolean failed = new AtomicBoolean();
        operator.onFatal(reason -> {
          LOG.error("{}: stopping, so that the pod restarts clean", reason);
          failed.set(true);
          signal.trigger();
        });
        operator.start();
        signal.await();
        LOG.info("stopping");
        if (failed.get()) {
          return 1;
        }
      } finally {
        if (http != null) {
          http.close();
        }
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
