package dev.alicloud.ipam.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.alicloud.ipam.api.v1alpha1.IpamPoolAllocation;
import dev.alicloud.ipam.simulator.VpcIpamSimulator;
import dev.alicloud.ipam.simulator.world.SandboxWorld;
import dev.alicloud.ipam.testing.AllocationBuilder;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Deleting a namespace in the sandbox, with the operator running: its allocations are released, then it is gone. */
@Tag("mock")
class NamespaceDeletionMockTest {

  @TempDir
  Path dir;

  @Test
  void deletingANamespaceReleasesItsAllocationsThroughTheFinalizerAndThenRemovesIt() {
    try (Sandbox sandbox = Sandbox.start(Sandbox.Settings.defaults().withKubeconfig(dir.resolve("kubeconfig")))) {
      KubernetesClient client = sandbox.client();
      VpcIpamSimulator simulator = sandbox.simulator().orElseThrow();
      client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName("team-x").endMetadata()
          .build()).create();
      var allocations = client.resources(IpamPoolAllocation.class).inNamespace("team-x");
      allocations.resource(AllocationBuilder.named("doomed").inNamespace("team-x")
          .pool(SandboxWorld.POOL).region(SandboxWorld.REGION).cidrMask(24).build()).create();
      client.configMaps().inNamespace("team-x").resource(new ConfigMapBuilder().withNewMetadata()
          .withName("plain").endMetadata().build()).create();
      await().atMost(Duration.ofSeconds(30)).until(() -> {
        IpamPoolAllocation a = allocations.withName("doomed").get();
        return a.getStatus() != null && a.getStatus().getAllocationId() != null;
      });
      String allocationId = allocations.withName("doomed").get().getStatus().getAllocationId();
      assertThat(simulator.state().allocations(SandboxWorld.POOL)).extracting(a -> a.allocationId())
          .contains(allocationId);

      client.namespaces().withName("team-x").delete();

      Namespace terminating = client.namespaces().withName("team-x").get();
      assertThat(terminating.getStatus().getPhase()).as("until its allocation is released").isEqualTo("Terminating");
      assertThat(terminating.getMetadata().getDeletionTimestamp()).isNotNull();
      await().atMost(Duration.ofSeconds(30)).until(() -> client.namespaces().withName("team-x").get() == null);
      assertThat(allocations.withName("doomed").get()).isNull();
      assertThat(client.configMaps().inNamespace("team-x").withName("plain").get()).isNull();
      assertThat(simulator.state().allocations(SandboxWorld.POOL)).extracting(a -> a.allocationId())
          .doesNotContain(allocationId);
      assertThat(client.namespaces().withName("default").get()).as("other namespaces stay").isNotNull();
    }
  }
}
