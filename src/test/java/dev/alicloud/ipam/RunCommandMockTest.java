package dev.alicloud.ipam;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.alicloud.ipam.api.v1alpha1.IpamPoolAllocation;
import dev.alicloud.ipam.config.ClusterIdentity;
import dev.alicloud.ipam.reconciler.Conditions;
import dev.alicloud.ipam.kubeapi.EmbeddedApiServer;
import dev.alicloud.ipam.simulator.world.SandboxWorld;
import dev.alicloud.ipam.simulator.world.SimulatorSeeders;
import dev.alicloud.ipam.simulator.SimulatorConfig;
import dev.alicloud.ipam.simulator.VpcIpamSimulator;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code run}, the production mode, found through the current kubeconfig like any operator: the cluster id derived
 * from kube-system, credentials from the default chain, the cloud endpoint from the command line, leader election
 * over a Lease, probes and Prometheus metrics on its HTTP port.
 */
@Tag("mock")
class RunCommandMockTest {

  @TempDir
  Path dir;

  private EmbeddedApiServer api;
  private VpcIpamSimulator simulator;
  private final StringWriter err = new StringWriter();

  @BeforeEach
  void start() {
    api = EmbeddedApiServer.start("127.0.0.1", 0);
    simulator = VpcIpamSimulator.start(SimulatorConfig.defaults());
    SandboxWorld.seed(SimulatorSeeders.into(simulator.state()));
    System.setProperty("kubeconfig", api.writeKubeconfig(dir.resolve("kubeconfig"), "default").toString());
    System.setProperty("alibabacloud.accessKeyId", SandboxWorld.OPERATOR_KEY_ID);
    System.setProperty("alibabacloud.accessKeySecret", SandboxWorld.OPERATOR_KEY_SECRET);
  }

  @AfterEach
  void stop() {
    System.clearProperty("kubeconfig");
    System.clearProperty("alibabacloud.accessKeyId");
    System.clearProperty("alibabacloud.accessKeySecret");
    simulator.close();
    api.close();
  }

  private RunCommand command;

  private CompletableFuture<Integer> run(ShutdownSignal signal, String... args) {
    command = new RunCommand(signal);
    CommandLine cl = new CommandLine(command);
    cl.setErr(new PrintWriter(err, true));
    return CompletableFuture.supplyAsync(() -> cl.execute(args));
  }

  private HttpResponse<String> get(String path) throws Exception {
    int port = await().atMost(Duration.ofSeconds(20)).until(command::httpPort, p -> p > 0);
    return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
        .build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void runReconcilesTheClusterOfTheKubeconfigAndStopsCleanlyOnSignal() throws Exception {
    String uid = api.client().namespaces().resource(new NamespaceBuilder().withNewMetadata()
        .withName("kube-system").endMetadata().build()).create().getMetadata().getUid();
    ShutdownSignal signal = ShutdownSignal.manual();

    CompletableFuture<Integer> exit = run(signal, "--cloud-endpoint", "http://" + simulator.endpoint(),
        "--no-server-side-apply", "--http-port", "0", "--leader-election", "--leader-election-id", "ipam-test",
        "--leader-election-namespace", "default");
    try (var example = Files.newInputStream(Path.of("examples/01-cidr-mask.yaml"))) {
      api.client().load(example).create();
    }

    IpamPoolAllocation ready = await().atMost(Duration.ofSeconds(30)).until(
        () -> api.client().resources(IpamPoolAllocation.class).inNamespace("default").withName("team-a-subnet").get(),
        r -> r != null && r.getStatus() != null
            && Conditions.find(r.getStatus().getConditions(), "Ready").filter(c -> "True".equals(c.getStatus()))
            .isPresent());
    assertThat(simulator.state().allocation(ready.getStatus().getAllocationId()).orElseThrow().description())
        .as("owned by the cluster id derived from kube-system")
        .contains("ipam.alicloud.dev/owner=" + ClusterIdentity.fromUid(uid) + ":default/team-a-subnet:");

    assertThat(api.client().leases().inNamespace("default").withName("ipam-test").get())
        .as("leader election holds its Lease").isNotNull();
    assertThat(get("/healthz").statusCode()).isEqualTo(200);
    await().atMost(Duration.ofSeconds(20)).until(() -> get("/readyz").statusCode() == 200);
    String metrics = get("/metrics").body();
    assertThat(metrics)
        .contains("ipam_cloud_calls_seconds_count{action=\"CreateIpamPoolAllocation\",app=\"vpc-ipam-operator\","
            + "region=\"cn-hangzhou\",result=\"OK\"} 1")
        .contains("ipam_cloud_calls_seconds_bucket{action=\"CreateIpamPoolAllocation\"")
        .contains("ipam_allocations{app=\"vpc-ipam-operator\",state=\"ready\"} 1")
        .contains("ipam_leader{app=\"vpc-ipam-operator\"} 1")
        .contains("operator_sdk_")
        .contains("jvm_memory_used_bytes")
        .doesNotContain(SandboxWorld.OPERATOR_KEY_SECRET);

    signal.trigger();
    assertThat(exit.get(30, TimeUnit.SECONDS)).isZero();
    assertThat(signal.awaitDone(Duration.ofSeconds(5))).isTrue();
  }

  @Test
  void withoutKubeSystemNorClusterIdRunRefusesToGuessAndSaysWhatToPass() throws Exception {
    CompletableFuture<Integer> exit = run(ShutdownSignal.manual(), "--no-server-side-apply");

    assertThat(exit.get(30, TimeUnit.SECONDS)).isEqualTo(1);
    assertThat(simulator.calls().snapshot()).as("no cloud call").isEmpty();
  }
}
