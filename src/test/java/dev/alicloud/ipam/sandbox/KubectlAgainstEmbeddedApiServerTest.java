package dev.alicloud.ipam.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

import dev.alicloud.ipam.api.v1alpha1.IpamPoolAllocation;
import dev.alicloud.ipam.api.v1alpha1.IpamPoolAllocationStatus;
import io.fabric8.kubernetes.api.model.ConditionBuilder;
import io.fabric8.kubernetes.api.model.EventBuilder;
import dev.alicloud.ipam.testing.ExternalTool;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real kubectl against the embedded API server. kubectl comes from the {@code KUBECTL} environment variable or the
 * PATH; without it the tests are skipped, unless {@code REQUIRE_KUBECTL=1} (CI), which makes them fail.
 */
@Tag("mock")
class KubectlAgainstEmbeddedApiServerTest {

  private static final String NAMESPACE = "default";

  @TempDir
  static Path dir;
  private static Path kubectl;
  private static Path kubeconfig;
  private static EmbeddedApiServer server;

  record Result(int exitCode, String stdout, String stderr) {
  }

  @BeforeAll
  static void start() {
    kubectl = ExternalTool.KUBECTL.require();
    server = EmbeddedApiServer.start("127.0.0.1", 0);
    kubeconfig = server.writeKubeconfig(dir.resolve("kube/config"), NAMESPACE);
  }

  @AfterAll
  static void stop() {
    if (server != null) {
      server.close();
    }
  }

  @Test
  void appliesAManifestAndReappliesAChange() throws Exception {
    Result created = kubectl("apply", "-f", manifest("apply-me", 24).toString());
    assertThat(created.stdout()).contains("ipampoolallocation.ipam.alicloud.dev/apply-me created");
    assertThat(server.client().resources(IpamPoolAllocation.class).inNamespace(NAMESPACE).withName("apply-me").get()
        .getSpec().getCidrMask()).isEqualTo(24);

    assertThat(kubectl("apply", "-f", manifest("apply-me", 24).toString()).stdout()).contains("unchanged");
    assertThat(kubectl("apply", "-f", manifest("apply-me", 25).toString()).stdout()).contains("configured");
    assertThat(server.client().resources(IpamPoolAllocation.class).inNamespace(NAMESPACE).withName("apply-me").get()
        .getSpec().getCidrMask()).isEqualTo(25);
  }

  @Test
  void getPrintsThePrinterColumns() throws Exception {
    applyAndAllocate("get-ready", "10.1.0.0/24");
    kubectl("apply", "-f", manifest("get-pending", 24).toString());

    List<String> lines = kubectl("get", "ipa").stdout().lines().toList();
    assertThat(columns(lines.get(0))).containsExactly("NAME", "AGE", "POOL", "CIDR", "REASON", "READY");
    List<String> ready = columns(line(lines, "get-ready"));
    assertThat(ready).hasSize(6);
    assertThat(ready.get(1)).as("AGE").matches("\\d+s");
    assertThat(ready.subList(2, 6)).containsExactly("ipam-pool-abc", "10.1.0.0/24", "Allocated", "True");
    assertThat(columns(line(lines, "get-pending"))).hasSize(3).endsWith("ipam-pool-abc");
  }

  @Test
  void getWideAddsThePriorityOneColumns() throws Exception {
    applyAndAllocate("wide", "10.2.0.0/24");
    List<String> lines = kubectl("get", "ipa", "wide", "-o", "wide").stdout().lines().toList();
    assertThat(columns(lines.get(0)))
        .containsExactly("NAME", "AGE", "POLICY", "POOL", "REGION", "ALLOCATION", "CIDR", "REASON", "READY");
    List<String> row = columns(lines.get(1));
    assertThat(row).contains("wide", "cn-hangzhou", "ipam-alloc-wide", "10.2.0.0/24", "True");
    assertThat(row.get(2)).as("POLICY: the schema default of a manifest without deletionPolicy").isEqualTo("Delete");
  }

  @Test
  void describeShowsTheResourceAndItsEvents() throws Exception {
    IpamPoolAllocation allocation = applyAndAllocate("described", "10.3.0.0/24");
    recordEvent("described.1", allocation, "Allocated", "reserved 10.3.0.0/24 from ipam-pool-abc");
    recordEvent("bystander.1", null, "Allocated", "an event of another resource");

    String out = kubectl("describe", "ipa", "described").stdout();
    assertThat(out).containsPattern("(?m)^Name:\\s+described$")
        .containsPattern("(?m)^Kind:\\s+IpamPoolAllocation$")
        .containsPattern("Ipam Pool Id:\\s+ipam-pool-abc")
        .containsPattern("Cidr:\\s+10\\.3\\.0\\.0/24");
    assertThat(out.substring(out.indexOf("Events:")))
        .contains("Normal", "Allocated", "reserved 10.3.0.0/24 from ipam-pool-abc")
        .doesNotContain("an event of another resource");
  }

  @Test
  void jsonPathOutputReadsTheStatus() throws Exception {
    applyAndAllocate("jsonpath", "10.4.0.0/24");
    assertThat(kubectl("get", "ipa", "jsonpath", "-o", "jsonpath={.status.cidr}").stdout()).isEqualTo("10.4.0.0/24");
    assertThat(kubectl("get", "ipa", "jsonpath", "-o",
        "jsonpath={.status.conditions[?(@.type==\"Ready\")].status}").stdout()).isEqualTo("True");
  }

  @Test
  void discoveryCoversShortNamesCategoriesAndBuiltIns() throws Exception {
    String resources = kubectl("api-resources").stdout();
    assertThat(line(resources.lines().toList(), "ipampoolallocations"))
        .contains("ipa", "ipam.alicloud.dev/v1alpha1", "true", "IpamPoolAllocation");
    applyAndAllocate("by-category", "10.5.0.0/24");
    assertThat(kubectl("get", "alicloud").stdout()).contains("by-category", "10.5.0.0/24");
    assertThat(kubectl("get", "ns").stdout()).contains("default");
  }

  private IpamPoolAllocation applyAndAllocate(String name, String cidr) throws Exception {
    kubectl("apply", "-f", manifest(name, 24).toString());
    var resources = server.client().resources(IpamPoolAllocation.class).inNamespace(NAMESPACE);
    IpamPoolAllocation allocation = resources.withName(name).get();
    var status = new IpamPoolAllocationStatus();
    status.setCidr(cidr);
    status.setAllocationId("ipam-alloc-" + name.replace("-", ""));
    status.setConditions(List.of(new ConditionBuilder().withType("Ready").withStatus("True").withReason("Allocated")
        .withMessage("reserved").withLastTransitionTime("2026-01-01T00:00:00Z").build()));
    allocation.setStatus(status);
    return server.client().resource(allocation).updateStatus();
  }

  private static void recordEvent(String name, IpamPoolAllocation about, String reason, String message) {
    server.client().v1().events().inNamespace(NAMESPACE).resource(new EventBuilder()
        .withNewMetadata().withName(name).withNamespace(NAMESPACE).endMetadata()
        .withNewInvolvedObject().withApiVersion("ipam.alicloud.dev/v1alpha1").withKind("IpamPoolAllocation")
        .withName(about == null ? "someone-else" : about.getMetadata().getName()).withNamespace(NAMESPACE)
        .withUid(about == null ? "another-uid" : about.getMetadata().getUid()).endInvolvedObject()
        .withReason(reason).withMessage(message).withType("Normal")
        .withFirstTimestamp("2026-01-01T00:00:00Z").withLastTimestamp("2026-01-01T00:00:00Z").withCount(1)
        .withNewSource().withComponent("vpc-ipam-operator").endSource()
        .build()).create();
  }

  private static Path manifest(String name, int mask) throws IOException {
    Path file = dir.resolve(name + "-" + mask + ".yaml");
    Files.writeString(file, """
        apiVersion: ipam.alicloud.dev/v1alpha1
        kind: IpamPoolAllocation
        metadata:
          name: %s
        spec:
          regionId: cn-hangzhou
          ipamPoolId: ipam-pool-abc
          cidrMask: %d
        """.formatted(name, mask));
    return file;
  }

  /** Runs kubectl with the server's kubeconfig and a private cache; fails unless it exits 0. */
  private static Result kubectl(String... args) throws Exception {
    List<String> command = new ArrayList<>(List.of(kubectl.toString(), "--kubeconfig", kubeconfig.toString(),
        "--cache-dir", dir.resolve("kube/cache").toString(), "--request-timeout", "20s"));
    command.addAll(Arrays.asList(args));
    var builder = new ProcessBuilder(command);
    builder.environment().remove("KUBECONFIG");
    Path stdout = Files.createTempFile(dir, "kubectl", ".out");
    Path stderr = Files.createTempFile(dir, "kubectl", ".err");
    Process process = builder.redirectOutput(stdout.toFile()).redirectError(stderr.toFile()).start();
    if (!process.waitFor(60, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      fail("kubectl " + String.join(" ", args) + " did not finish in 60s");
    }
    var result = new Result(process.exitValue(), Files.readString(stdout, StandardCharsets.UTF_8),
        Files.readString(stderr, StandardCharsets.UTF_8));
    assertThat(result.exitCode()).as("kubectl %s\nstdout: %s\nstderr: %s", String.join(" ", args), result.stdout(),
        result.stderr()).isZero();
    return result;
  }

  private static List<String> columns(String line) {
    return Arrays.asList(line.trim().split("\\s{2,}"));
  }

  private static String line(List<String> lines, String name) {
    return lines.stream().filter(l -> l.startsWith(name + " ")).findFirst()
        .orElseThrow(() -> new AssertionError("no line for " + name + " in\n" + String.join("\n", lines)));
  }
}
