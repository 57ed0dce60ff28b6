package dev.alicloud.ipam.sandbox;

import dev.alicloud.ipam.simulator.world.SimulatorSeeders;

import dev.alicloud.ipam.simulator.world.SandboxWorld;


import dev.alicloud.ipam.kubeapi.EmbeddedApiServer;

import dev.alicloud.ipam.cloud.CloudCredentials;
import dev.alicloud.ipam.cloud.CloudEndpoint;
import dev.alicloud.ipam.cloud.VpcIpamClient;
import dev.alicloud.ipam.config.IpamOperator;
import dev.alicloud.ipam.config.OperatorConfig;
import dev.alicloud.ipam.monitoring.OperatorHttpServer;
import dev.alicloud.ipam.simulator.SimulatorConfig;
import dev.alicloud.ipam.simulator.VpcIpamSimulator;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;
import java.util.function.UnaryOperator;

/**
 * One process holding a whole world: an embedded Kubernetes API with the CRD, the VpcIpam simulator seeded with
 * the {@link SandboxWorld} (or another endpoint), and the real operator wired by {@link IpamOperator}, exactly as
 * in production but for the cloud endpoint and server-side apply, which the embedded API cannot do.
 */
public final class Sandbox implements AutoCloseable {

  /**
   * The sandbox's cluster id with the embedded simulator, in the ownership tag of every allocation it makes: that
   * cloud is new each run. With another endpoint the id is {@link #CLUSTER_ID}{@code -<random>}, new each run, as the
   * embedded API's objects are: a tag of an earlier run must not look like this run's.
   */
  public static final String CLUSTER_ID = "sandbox";
  public static final String NAMESPACE = "default";

  /**
   * Where things listen and what to override.
   *
   * @param host address the API server and the simulator bind (keep it local: neither checks who calls)
   * @param apiPort port of the Kubernetes API, 0 for any free one
   * @param simulatorPort port of the simulator, 0 for any free one
   * @param kubeconfig file to write the kubeconfig to
   * @param cloudEndpoint another VpcIpam endpoint instead of the embedded simulator (null: embedded)
   * @param seedExternal whether to seed the {@link SandboxWorld} into {@code cloudEndpoint}'s admin API
   * @param options the user's operator options, applied over the sandbox's defaults
   */
  public record Settings(String host, int apiPort, int simulatorPort, Path kubeconfig, String cloudEndpoint,
      boolean seedExternal, UnaryOperator<OperatorConfig> options) {

    /** Local ephemeral ports, kubeconfig in {@code sandbox/kubeconfig}, embedded simulator. */
    public static Settings defaults() {
      return new Settings("127.0.0.1", 0, 0, Path.of("sandbox", "kubeconfig"), null, false, c -> c);
    }

    public Settings withOptions(UnaryOperator<OperatorConfig> value) {
      return new Settings(host, apiPort, simulatorPort, kubeconfig, cloudEndpoint, seedExternal, value);
    }

    public Settings withCloudEndpoint(String value, boolean seed) {
      return new Settings(host, apiPort, simulatorPort, kubeconfig, value, seed, options);
    }

    public Settings withPorts(int api, int simulator) {
      return new Settings(host, api, simulator, kubeconfig, cloudEndpoint, seedExternal, options);
    }

    public Settings withKubeconfig(Path value) {
      return new Settings(host, apiPort, simulatorPort, value, cloudEndpoint, seedExternal, options);
    }
  }

  private final EmbeddedApiServer api;
  private final VpcIpamSimulator simulator;
  private final OperatorConfig config;
  private final IpamOperator operator;
  private final Path kubeconfig;
  private final boolean worldSeeded;
  private OperatorHttpServer http;

  private Sandbox(EmbeddedApiServer api, VpcIpamSimulator simulator, OperatorConfig config, IpamOperator operator,
      Path kubeconfig, boolean worldSeeded) {
    this.api = api;
    this.simulator = simulator;
    this.config = config;
    this.operator = operator;
    this.kubeconfig = kubeconfig;
    this.worldSeeded = worldSeeded;
  }

  /** Starts everything; on any failure stops what had started and rethrows. */
  public static Sandbox start(Settings settings) {
    EmbeddedApiServer api = null;
    VpcIpamSimulator simulator = null;
    try {
      PortCheck.requireFree("the Kubernetes API", settings.host(), settings.apiPort(), "--api-port");
      if (settings.cloudEndpoint() == null) {
        PortCheck.requireFree("the VpcIpam simulator", settings.host(), settings.simulatorPort(), "--simulator-port");
      }
      api = EmbeddedApiServer.start(settings.host(), settings.apiPort());
      Path kubeconfig = api.writeKubeconfig(settings.kubeconfig(), NAMESPACE);
      OperatorConfig config = OperatorConfig.defaults()
          .withClusterId(CLUSTER_ID)
          .withDriftInterval(Duration.ofSeconds(30))
          .withRetries(Duration.ofSeconds(1), Duration.ofSeconds(30), Duration.ofMinutes(1), Duration.ofSeconds(30));
      if (settings.cloudEndpoint() == null) {
        simulator = VpcIpamSimulator.start(SimulatorConfig.defaults().withHost(settings.host())
            .withPort(settings.simulatorPort()));
        SandboxWorld.seed(SimulatorSeeders.into(simulator.state()));
        config = config.withCloud(CloudEndpoint.of("http://" + simulator.endpoint()),
            CloudCredentials.accessKey(SandboxWorld.OPERATOR_KEY_ID, SandboxWorld.OPERATOR_KEY_SECRET, null))
            // the embedded cloud answers in microseconds: a claim settles within a second
            .withAdoptionSettle(Duration.ofSeconds(1));
      } else {
        if (settings.seedExternal()) {
          SandboxWorld.seed(SimulatorSeeders.overAdminApi(settings.cloudEndpoint()));
        }
        config = config.withCloud(CloudEndpoint.of(settings.cloudEndpoint()), CloudCredentials.defaultChain())
            .withClusterId(runClusterId());
      }
      // whatever the options say: the embedded API cannot do server-side apply
      config = settings.options().apply(config).withServerSideApply(false);
      IpamOperator operator = IpamOperator.create(api.client(), config).start();
      Sandbox sandbox = new Sandbox(api, simulator, config, operator, kubeconfig,
          simulator != null || settings.seedExternal());
      sandbox.http = OperatorHttpServer.start(new InetSocketAddress(settings.host(), 0), operator::health,
          operator.metrics()::scrape);
      return sandbox;
    } catch (RuntimeException e) {
      if (simulator != null) {
        simulator.close();
      }
      if (api != null) {
        api.close();
      }
      throw e;
    }
  }

  /** {@code sandbox-} and 12 random hex digits: one run's cluster id against a cloud that outlives the run. */
  static String runClusterId() {
    return CLUSTER_ID + "-" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
  }

  /** A client of the embedded API, as {@code kubectl} would use it. */
  public KubernetesClient client() {
    return api.client();
  }

  public String apiUrl() {
    return api.url();
  }

  public Path kubeconfig() {
    return kubeconfig;
  }

  /** The embedded simulator, absent when the sandbox points at another endpoint. */
  public Optional<VpcIpamSimulator> simulator() {
    return Optional.ofNullable(simulator);
  }

  /** Whether the cloud holds the {@link SandboxWorld}: the embedded simulator's, or an endpoint seeded with it. */
  public boolean worldSeeded() {
    return worldSeeded;
  }

  /** Where the operator's /healthz, /readyz and /metrics are served. */
  public String operatorUrl() {
    return "http://" + http.host() + ":" + http.port();
  }

  /** The operator's configuration, as wired. */
  public OperatorConfig config() {
    return config;
  }

  /** A VpcIpam client with the operator's identity, to look at the cloud side of things. */
  public VpcIpamClient cloudClient() {
    return new VpcIpamClient(config.cloudEndpoint(), SandboxWorld.REGION, config.defaultCredentials());
  }

  /**
   * Stops the operator first (nothing left to reconcile or record), then the API it talked to, then the cloud: each
   * part stops while nothing uses it any more, so shutdown logs nothing.
   */
  @Override
  public void close() {
    if (http != null) {
      http.close();
    }
    operator.close();
    api.close();
    if (simulator != null) {
      simulator.close();
    }
  }
}
