package dev.alicloud.ipam.packaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.alicloud.ipam.RunCommand;
import dev.alicloud.ipam.ShutdownSignal;
import dev.alicloud.ipam.api.v1alpha1.IpamPoolAllocation;
import dev.alicloud.ipam.packaging.ExpectedRbac.Permission;
import dev.alicloud.ipam.reconciler.Conditions;
import dev.alicloud.ipam.kubeapi.ApiCall;
import dev.alicloud.ipam.kubeapi.EmbeddedApiServer;
import dev.alicloud.ipam.sandbox.ExampleManifest;
import dev.alicloud.ipam.simulator.world.SandboxWorld;
import dev.alicloud.ipam.simulator.world.SimulatorSeeders;
import dev.alicloud.ipam.simulator.SimulatorConfig;
import dev.alicloud.ipam.simulator.VpcIpamSimulator;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * The RBAC that deploy/ and the chart grant (one fixture, {@link ExpectedRbac}) against the Kubernetes API calls
 * the real operator makes, recorded at the API server while {@code run} goes through every example of
 * {@code examples/} with leader election and a derived cluster id: every call is granted, every grant is used.
 */
@Tag("chaos")
class RbacMatchesCallsChaosTest {

  static final String NAMESPACE = "default";
  static final String LEASE = "vpc-ipam-operator";
  /** The User-Agent of the test's own client, whose calls are not the operator's. */
  static final String DRIVER = "rbac-test-driver";

  @Test
  void theOperatorUsesExactlyThePermissionsItIsGranted() throws Exception {
    Path dir = Files.createTempDirectory("rbac");
    try (EmbeddedApiServer api = EmbeddedApiServer.start("127.0.0.1", 0);
        VpcIpamSimulator simulator = VpcIpamSimulator.start(SimulatorConfig.defaults())) {
      SandboxWorld.seed(SimulatorSeeders.into(simulator.state()));
      api.client().namespaces().resource(new NamespaceBuilder().withNewMetadata().withName("kube-system")
          .endMetadata().build()).create();
      System.setProperty("kubeconfig", api.writeKubeconfig(dir.resolve("kubeconfig"), NAMESPACE).toString());
      System.setProperty("alibabacloud.accessKeyId", SandboxWorld.OPERATOR_KEY_ID);
      System.setProperty("alibabacloud.accessKeySecret", SandboxWorld.OPERATOR_KEY_SECRET);
      api.recordCalls(DRIVER);
      KubernetesClient driver = new KubernetesClientBuilder().withConfig(new ConfigBuilder(
          api.client().getConfiguration()).withUserAgent(DRIVER).build()).build();
      ShutdownSignal signal = ShutdownSignal.manual();
      CompletableFuture<Integer> exit;
      try {
        CommandLine run = new CommandLine(new RunCommand(signal));
        exit = CompletableFuture.supplyAsync(() -> run.execute("--cloud-endpoint", "http://" + simulator.endpoint(),
            "--no-server-side-apply", "--http-port", "-1", "--leader-election", "--leader-election-id", LEASE,
            "--leader-election-namespace", NAMESPACE));
        exerciseEveryExample(driver);
      } finally {
        System.clearProperty("kubeconfig");
        System.clearProperty("alibabacloud.accessKeyId");
        System.clearProperty("alibabacloud.accessKeySecret");
      }
      signal.trigger();
      assertThat(exit.get(60, TimeUnit.SECONDS)).isZero();

      driver.close();
      Map<ApiCall, Long> calls = api.recordedCalls();
      Set<Permission> granted = ExpectedRbac.expected(
          new ExpectedRbac.Installation(NAMESPACE, List.of(), false, true, LEASE));
      Set<String> ungranted = calls.keySet().stream().filter(c -> granted.stream().noneMatch(p -> covers(p, c)))
          .map(Object::toString).collect(Collectors.toCollection(TreeSet::new));
      Set<String> unused = granted.stream().filter(p -> calls.keySet().stream().noneMatch(c -> covers(p, c)))
          .filter(p -> !checkedButNotCalled(p))
          .map(Object::toString).collect(Collectors.toCollection(TreeSet::new));
      assertThat(ungranted).as("calls the RBAC does not grant (the operator would fail in a cluster)").isEmpty();
      assertThat(unused).as("grants the operator never used (least privilege)").isEmpty();
      System.out.printf("chaos: rbac: %d distinct calls, %d permissions granted, all used%n", calls.size(),
          granted.size());
    }
  }

  /** Applies each example, waits for its outcome, deletes it (orphaning what cannot be released). */
  private static void exerciseEveryExample(KubernetesClient client) throws Exception {
    String orphaned = null;
    try (var files = Files.list(Path.of("examples"))) {
      for (Path file : files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList()) {
        ExampleManifest example = ExampleManifest.parse(file.getFileName().toString(), Files.readString(file));
        String name = example.allocationName(client);
        var resource = client.resources(IpamPoolAllocation.class).inNamespace(NAMESPACE).withName(name);
        example.apply(client);
        String allocationId = null;
        for (ExampleManifest.Expectation e : example.expectations()) {
          await(name + " " + e).atMost(Duration.ofSeconds(60)).until(() -> {
            IpamPoolAllocation r = resource.get();
            return r != null && r.getStatus() != null && Conditions.find(r.getStatus().getConditions(), e.type())
                .filter(c -> e.status().equals(c.getStatus()) && e.reason().equals(c.getReason())).isPresent();
          });
        }
        allocationId = resource.get().getStatus().getAllocationId();
        if (name.equals("team-a-subnet")) {
          resource.patch(PatchContext.of(PatchType.JSON_MERGE), "{\"spec\":{\"allocationName\":\"renamed\"}}");
          await(name + " renamed").atMost(Duration.ofSeconds(60)).until(() -> {
            IpamPoolAllocation r = resource.get();
            return r.getStatus().getObservedGeneration().equals(r.getMetadata().getGeneration());
          });
        }
        resource.delete();
        if (example.onDelete().kind() == ExampleManifest.OnDelete.Kind.STALLED) {
          await(name + " stalled").atMost(Duration.ofSeconds(60)).until(() -> Conditions.find(
              resource.get().getStatus().getConditions(), "Stalled").filter(c -> "True".equals(c.getStatus()))
              .isPresent());
          resource.patch(PatchContext.of(PatchType.JSON_MERGE), "{\"spec\":{\"deletionPolicy\":\"Orphan\"}}");
        }
        await(name + " gone").atMost(Duration.ofSeconds(60)).until(() -> resource.get() == null);
        if (example.onDelete().kind() == ExampleManifest.OnDelete.Kind.KEPT) {
          orphaned = allocationId;
        }
      }
    }
    // adopt what the Orphan example left: its tag names a resource of this cluster that is gone (a live read)
    var readopt = client.resources(IpamPoolAllocation.class).inNamespace(NAMESPACE).withName("readopt");
    IpamPoolAllocation adopt = new IpamPoolAllocation();
    adopt.setMetadata(new io.fabric8.kubernetes.api.model.ObjectMetaBuilder().withName("readopt")
        .withNamespace(NAMESPACE).build());
    var spec = new dev.alicloud.ipam.api.v1alpha1.IpamPoolAllocationSpec();
    spec.setRegionId(SandboxWorld.REGION);
    spec.setIpamPoolId(SandboxWorld.POOL);
    spec.setAllocationId(orphaned);
    adopt.setSpec(spec);
    client.resource(adopt).create();
    await("readopt Adopted").atMost(Duration.ofSeconds(60)).until(() -> {
      IpamPoolAllocation r = readopt.get();
      return r != null && r.getStatus() != null && Conditions.find(r.getStatus().getConditions(), "Ready")
          .filter(c -> "True".equals(c.getStatus()) && "Adopted".equals(c.getReason())).isPresent();
    });
    readopt.delete();
    await("readopt released").atMost(Duration.ofSeconds(60)).until(() -> readopt.get() == null);
  }

  /**
   * JOSDK 5.2.3 refuses to start leader election unless a SelfSubjectRulesReview shows create, get and update on
   * Leases, although fabric8's LeaseLock renews with patch: update is granted for that check alone.
   */
  private static boolean checkedButNotCalled(Permission p) {
    return p.resource().equals("leases") && p.verb().equals("update");
  }

  private static boolean covers(Permission p, ApiCall c) {
    boolean scope = p.scope().equals(ExpectedRbac.CLUSTER) || p.scope().equals(c.namespace());
    boolean name = p.resourceName().isEmpty() || p.resourceName().equals(c.name());
    return scope && name && p.apiGroup().equals(c.group()) && p.resource().equals(c.resource())
        && p.verb().equals(c.verb());
  }
}
