package dev.alicloud.ipam.testing;

import static dev.alicloud.ipam.testing.Fixtures.*;
import static org.awaitility.Awaitility.await;

import dev.alicloud.ipam.cloud.ApiQuotas;
import dev.alicloud.ipam.api.v1alpha1.IpamPoolAllocation;
import dev.alicloud.ipam.cloud.CloudCallListener;
import dev.alicloud.ipam.cloud.CloudCredentials;
import dev.alicloud.ipam.cloud.CloudEndpoint;
import dev.alicloud.ipam.config.IpamOperator;
import dev.alicloud.ipam.config.OperatorConfig;
import dev.alicloud.ipam.reconciler.Conditions;
import dev.alicloud.ipam.kubeapi.EmbeddedApiServer;
import dev.alicloud.ipam.simulator.SimulatorConfig;
import dev.alicloud.ipam.simulator.VpcIpamSimulator;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * The mock tier's world: the sandbox's embedded API (the fabric8 CRUD mock server with the generated CRD), the VpcIpam simulator over real
 * HTTP, and the real operator (the same {@link IpamOperator} wiring as production, SSA off for the mock).
 */
public final class OperatorHarness implements AutoCloseable {

  private final EmbeddedApiServer api;
  private final KubernetesClient client;
  private final VpcIpamSimulator simulator;
  private OperatorConfig config;
  private IpamOperator operator;
  private CloudCallListener tap = CloudCallListener.NONE;

  private OperatorHarness(EmbeddedApiServer api, VpcIpamSimulator simulator, OperatorConfig config) {
    this.api = api;
    this.client = api.client();
    this.simulator = simulator;
    this.config = config;
  }

  /**
   * Starts the API server and the simulator (one pool, 10.0.0.0/8, masks 8-28); the operator starts separately. The
   * API server runs no admission: tests of the operator's own checks write what a cluster would refuse.
   */
  public static OperatorHarness create() {
    var api = EmbeddedApiServer.startWithoutAdmission("127.0.0.1", 0);
    var simulator = VpcIpamSimulator.start(SimulatorConfig.defaults());
    simulator.state().addAccessKey(ACCESS_KEY_ID, ACCESS_KEY_SECRET);
    simulator.state().addPool(POOL, REGION, List.of("10.0.0.0/8"), 8, 28);
    simulator.state().addPool(OTHER_REGION_POOL, "cn-beijing", List.of("172.16.0.0/12"), 12, 28);
    OperatorConfig config = OperatorConfig.defaults()
        .withClusterId(CLUSTER_ID)
        .withCloud(CloudEndpoint.of("http://" + simulator.endpoint()),
            CloudCredentials.accessKey(ACCESS_KEY_ID, ACCESS_KEY_SECRET, null))
        .withRetries(Duration.ofMillis(100), Duration.ofSeconds(1), Duration.ofSeconds(3), Duration.ofSeconds(2))
        // no client-side rate limit: the simulator sets no quota unless a test asks (RateLimitMockTest does both)
        .withThroughput(new OperatorConfig.Throughput(OperatorConfig.Throughput.DEFAULT.workers(), ApiQuotas.UNLIMITED))
        // the simulator's reads are consistent unless a test sets a read lag (ConsistencyGraceMockTest does)
        .withConsistencyGrace(Duration.ZERO)
        .withServerSideApply(false)
        // the simulator answers in milliseconds: claims settle quickly (the settle protocol is the same)
        .withAdoptionSettle(Duration.ofMillis(300));
    return new OperatorHarness(api, simulator, config);
  }

  /** Changes the operator's configuration; takes effect at the next {@link #startOperator()}. */
  public OperatorHarness configure(java.util.function.UnaryOperator<OperatorConfig> change) {
    this.config = change.apply(config);
    return this;
  }

  /** Sees every cloud call of the operators started from now on (after the metrics did). */
  public OperatorHarness tap(CloudCallListener listener) {
    this.tap = listener;
    return this;
  }

  public OperatorHarness startOperator() {
    operator = IpamOperator.create(client, config, tap).start();
    return this;
  }

  /** Stops the operator abruptly (what it had not written is lost) and starts a fresh instance. */
  public void restartOperator() {
    stopOperator();
    startOperator();
  }

  public void stopOperator() {
    if (operator != null) {
      operator.close();
      operator = null;
    }
  }

  /** The running operator's Prometheus text, as /metrics would serve it. */
  public String metricsText() {
    return operator.metrics().scrape();
  }

  public KubernetesClient client() {
    return client;
  }

  public VpcIpamSimulator simulator() {
    return simulator;
  }

  public OperatorConfig config() {
    return config;
  }

  /** A client of our own, to change the cloud behind the operator's back. */
  public dev.alicloud.ipam.cloud.VpcIpamClient cloudClient() {
    return new dev.alicloud.ipam.cloud.VpcIpamClient(CloudEndpoint.of("http://" + simulator.endpoint()), REGION,
        CloudCredentials.accessKey(ACCESS_KEY_ID, ACCESS_KEY_SECRET, null));
  }

  /** A Secret holding an access key, for spec.credentialsSecretRef. */
  public void createCredentialsSecret(String name, String accessKeyId, String accessKeySecret) {
    client.secrets().inNamespace(NAMESPACE).resource(new io.fabric8.kubernetes.api.model.SecretBuilder()
        .withNewMetadata().withName(name).withNamespace(NAMESPACE).endMetadata()
        .addToStringData("accessKeyId", accessKeyId)
        .addToStringData("accessKeySecret", accessKeySecret)
        .build()).create();
  }

  public IpamPoolAllocation apply(IpamPoolAllocation resource) {
    return client.resource(resource).create();
  }

  public IpamPoolAllocation get(String name) {
    return get(NAMESPACE, name);
  }

  public IpamPoolAllocation get(String namespace, String name) {
    return client.resources(IpamPoolAllocation.class).inNamespace(namespace).withName(name).get();
  }

  /** Replaces a resource's status through the status subresource, as anyone with status rights could. */
  public IpamPoolAllocation editStatus(String name,
      java.util.function.Consumer<dev.alicloud.ipam.api.v1alpha1.IpamPoolAllocationStatus> change) {
    return client.resources(IpamPoolAllocation.class).inNamespace(NAMESPACE).withName(name).editStatus(r -> {
      change.accept(r.getStatus());
      return r;
    });
  }

  public IpamPoolAllocation edit(String name, java.util.function.Consumer<IpamPoolAllocation> change) {
    return client.resources(IpamPoolAllocation.class).inNamespace(NAMESPACE).withName(name).edit(r -> {
      change.accept(r);
      return r;
    });
  }

  public void delete(String name) {
    client.resources(IpamPoolAllocation.class).inNamespace(NAMESPACE).withName(name).delete();
  }

  public Optional<Condition> condition(String name, String type) {
    var r = get(name);
    if (r == null || r.getStatus() == null) {
      return Optional.empty();
    }
    return Conditions.find(r.getStatus().getConditions(), type);
  }

  /** Waits until the condition has this status and reason, and returns the resource as it then was. */
  public IpamPoolAllocation awaitCondition(String name, String type, String status, String reason) {
    return awaitCondition(NAMESPACE, name, type, status, reason);
  }

  public IpamPoolAllocation awaitCondition(String namespace, String name, String type, String status, String reason) {
    return awaitResource(namespace, name, r -> r.getStatus() != null && Conditions.find(r.getStatus().getConditions(), type)
        .filter(c -> status.equals(c.getStatus()) && (reason == null || reason.equals(c.getReason())))
        .isPresent(), type + "=" + status + " reason " + reason);
  }

  public IpamPoolAllocation awaitReady(String name) {
    return awaitCondition(name, "Ready", "True", null);
  }

  public IpamPoolAllocation awaitResource(String name, Predicate<IpamPoolAllocation> test, String what) {
    return awaitResource(NAMESPACE, name, test, what);
  }

  public IpamPoolAllocation awaitResource(String namespace, String name, Predicate<IpamPoolAllocation> test,
      String what) {
    return await(namespace + "/" + name + ": " + what).atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofMillis(50)).until(() -> get(namespace, name), r -> r != null && test.test(r));
  }

  public void awaitGone(String name) {
    await(name + " deleted").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50))
        .until(() -> get(name) == null);
  }

  /** Events recorded on one resource, oldest first. */
  public List<Event> events(String name) {
    return client.v1().events().inNamespace(NAMESPACE).list().getItems().stream()
        .filter(e -> name.equals(e.getInvolvedObject().getName()))
        .toList();
  }

  @Override
  public void close() {
    stopOperator();
    simulator.close();
    api.close();
  }
}
