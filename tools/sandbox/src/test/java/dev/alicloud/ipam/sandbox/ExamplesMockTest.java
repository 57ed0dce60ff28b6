package dev.alicloud.ipam.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.alicloud.ipam.api.v1alpha1.DeletionPolicy;
import dev.alicloud.ipam.api.v1alpha1.IpamPoolAllocation;
import dev.alicloud.ipam.reconciler.Conditions;
import dev.alicloud.ipam.sandbox.ExampleManifest.Expectation;
import io.fabric8.kubernetes.client.dsl.Resource;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every file of {@code examples/} applied to the sandbox (embedded API, simulator, real operator): it reaches the
 * conditions its comments promise, and deleting it does what they say, checked against the cloud.
 */
@Tag("mock")
class ExamplesMockTest {

  private static Path dir;
  private static Sandbox sandbox;

  @BeforeAll
  static void startSandbox() throws IOException {
    dir = Files.createTempDirectory("examples-test");
    sandbox = Sandbox.start(Sandbox.Settings.defaults().withKubeconfig(dir.resolve("kubeconfig")));
  }

  @AfterAll
  static void stopSandbox() {
    sandbox.close();
  }

  static List<String> examples() throws IOException {
    return ExampleManifestTest.exampleFiles().stream().map(p -> p.getFileName().toString()).toList();
  }

  private static Resource<IpamPoolAllocation> resource(String name) {
    return sandbox.client().resources(IpamPoolAllocation.class).inNamespace(Sandbox.NAMESPACE).withName(name);
  }

  private static boolean holds(IpamPoolAllocation r, Expectation e) {
    return r != null && r.getStatus() != null && Conditions.find(r.getStatus().getConditions(), e.type())
        .filter(c -> e.status().equals(c.getStatus()) && e.reason().equals(c.getReason())).isPresent();
  }

  private static boolean inCloud(String allocationId) {
    return sandbox.simulator().orElseThrow().state().allocation(allocationId).filter(a -> !"Deleted".equals(a.status()))
        .isPresent();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("examples")
  void theExampleDoesWhatItsCommentsSay(String fileName) throws IOException {
    ExampleManifest example = ExampleManifest.parse(fileName, Files.readString(Path.of("examples", fileName)));
    String name = example.allocationName(sandbox.client());

    example.apply(sandbox.client());

    for (Expectation e : example.expectations()) {
      await(name + " " + e).atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50))
          .until(() -> holds(resource(name).get(), e));
    }
    IpamPoolAllocation applied = resource(name).get();
    String allocationId = applied.getStatus().getAllocationId();
    if (applied.getStatus().getCidr() != null) {
      assertThat(inCloud(allocationId)).as("a Ready allocation exists in the cloud").isTrue();
    }

    resource(name).delete();

    switch (example.onDelete().kind()) {
      case RELEASED -> {
        awaitGone(name);
        assertThat(inCloud(allocationId)).as("released").isFalse();
      }
      case KEPT -> {
        awaitGone(name);
        assertThat(inCloud(allocationId)).as("orphaned, still in the cloud").isTrue();
      }
      case GONE -> {
        awaitGone(name);
        assertThat(allocationId).as("held nothing").isNull();
      }
      case STALLED -> {
        Expectation stalled = new Expectation("Stalled", "True", example.onDelete().stalledReason());
        await(name + " stalled").atMost(Duration.ofSeconds(30)).until(() -> holds(resource(name).get(), stalled));
        assertThat(resource(name).get().getMetadata().getFinalizers()).contains(IpamPoolAllocation.FINALIZER);
        assertThat(inCloud(allocationId)).isTrue();
        resource(name).edit(r -> {
          r.getSpec().setDeletionPolicy(DeletionPolicy.Orphan);
          return r;
        });
        awaitGone(name);
      }
      default -> throw new IllegalStateException();
    }
  }

  private static void awaitGone(String name) {
    await(name + " gone").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50))
        .until(() -> resource(name).get() == null);
  }
}
