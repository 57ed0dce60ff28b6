package dev.alicloud.ipam;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.alicloud.ipam.api.v1alpha1.IpamPoolAllocation;
import dev.alicloud.ipam.config.ClusterIdentity;
import dev.alicloud.ipam.reconciler.Conditions;
import dev.alicloud.ipam.sandbox.EmbeddedApiServer;
import dev.alicloud.ipam.sandbox.ExampleManifest;
import dev.alicloud.ipam.sandbox.SandboxWorld;
import dev.alicloud.ipam.sandbox.SimulatorSeeders;
import dev.alicloud.ipam.simulator.SimulatorConfig;
import dev.alicloud.ipam.simulator.VpcIpamSimulator;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import java.io.PrintWriter;
import java.io.StringWriter;
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
 * from kube-system, credentials from the default chain, the cloud endpoint from the command line.
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

  private CompletableFuture<Integer> run(ShutdownSignal signal, String... args) {
    CommandLine cl = new CommandLine(new RunCommand(signal));
    cl.setErr(new PrintWriter(err, true));
    return CompletableFuture.supplyAsync(() -> cl.execute(args));
  }

  @Test
  void runReconcilesTheClusterOfTheKubeconfigAndStopsCleanlyOnSignal() throws Exception {
    String uid = api.client().namespaces().resource(new NamespaceBuilder().withNewMetadata()
        .withName("kube-system").endMetadata().build()).create().getMetadata().getUid();
    ShutdownSignal signal = ShutdownSignal.manual();

    CompletableFuture<Integer> exit = run(signal, "--cloud-endpoint", "http://" + simulator.endpoint(),
        "--no-server-side-apply");
    ExampleManifest.load("01-cidr-mask.yaml").apply(api.client());

    IpamPoolAllocation ready = await().atMost(Duration.ofSeconds(30)).until(
        () -> api.client().resources(IpamPoolAllocation.class).inNamespace("default").withName("team-a-subnet").get(),
        r -> r != null && r.getStatus() != null
            && Conditions.find(r.getStatus().getConditions(), "Ready").filter(c -> "True".equals(c.getStatus()))
            .isPresent());
    assertThat(simulator.state().allocation(ready.getStatus().getAllocationId()).orElseThrow().description())
        .as("owned by the cluster id derived from kube-system")
        .contains("ipam.alicloud.dev/owner=" + ClusterIdentity.fromUid(uid) + ":default/team-a-subnet:");

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
