package dev.alicloud.ipam.kubeapi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
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
import java.time.Duration;
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
class KubectlAgainstEmbeddedApiServerMockTest {

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
    assertThat(kubectl("apply", "-f", manifest("apply-me", "cidrMask: 24\n  allocationName: renamed").toString())
        .stdout()).contains("configured");
    assertThat(server.client().resources(IpamPoolAllocation.class).inNamespace(NAMESPACE).withName("apply-me").get()
        .getSpec().getAllocationName()).isEqualTo("renamed");
  }

  @Test
  void refusesAtApplyWhatTheCrdRefusesWithTheApiServersMessage() throws Exception {
    assertRefused("mask-40", "cidrMask: 40", "The IpamPoolAllocation \"mask-40\" is invalid: spec.cidrMask: Invalid"
        + " value: 40: spec.cidrMask in body should be less than or equal to 32");
    assertRefused("two-ways", "cidrMask: 24\n  cidr: 10.0.0.0/24", "The IpamPoolAllocation \"two-ways\" is invalid:"
        + " spec: Invalid value: \"object\": set exactly one of cidr, cidrMask or allocationId");
    assertRefused("bad-policy", "cidrMask: 24\n  deletionPolicy: Retain", "spec.deletionPolicy: Unsupported value:"
        + " \"Retain\": supported values: \"Delete\", \"Orphan\"");
    Path badPool = write("bad-pool", """
        apiVersion: ipam.alicloud.dev/v1alpha1
        kind: IpamPoolAllocation
        metadata:
          name: bad-pool
        spec:
          regionId: cn-hangzhou
          ipamPoolId: pool-abc
          cidrMask: 24
        """);
    Result pool = kubectlMayFail("apply", "-f", badPool.toString());
    assertThat(pool.exitCode()).isNotZero();
    assertThat(pool.stderr()).contains("spec.ipamPoolId: Invalid value: \"pool-abc\": spec.ipamPoolId in body should"
        + " match '^ipam-pool-[a-z0-9]{1,64}$'");
    String longName = "n".repeat(254);
    assertRefused(longName, "cidrMask: 24", "metadata.name: Invalid value: \"" + longName
        + "\": must be no more than 253 characters");
    assertThat(server.client().resources(IpamPoolAllocation.class).inNamespace(NAMESPACE).list().getItems())
        .extracting(a -> a.getMetadata().getName())
        .doesNotContain("mask-40", "two-ways", "bad-policy", "bad-pool", longName);
  }

  @Test
  void refusesUnknownFieldsUnderKubectlsStrictValidationAndPrunesThemUnderWarn() throws Exception {
    Path typo = manifest("typo", "cidrMask: 24\n  cidrmask: 25");
    Result strict = kubectlMayFail("apply", "-f", typo.toString());
    assertThat(strict.exitCode()).isNotZero();
    assertThat(strict.stderr()).contains("IpamPoolAllocation in version \"v1alpha1\" cannot be handled as a"
        + " IpamPoolAllocation: strict decoding error: unknown field \"spec.cidrmask\"");

    Result warn = kubectl("apply", "-f", typo.toString(), "--validate=warn");
    assertThat(warn.stderr()).contains("Warning: unknown field \"spec.cidrmask\"");
    assertThat(kubectl("get", "ipa", "typo", "-o", "jsonpath={.spec}").stdout()).doesNotContain("cidrmask")
        .contains("\"cidrMask\":24");
  }

  @Test
  void refusesAChangeOfAnImmutableFieldWithTheRulesMessage() throws Exception {
    kubectl("apply", "-f", manifest("immutable", 24).toString());
    Result changed = kubectlMayFail("apply", "-f", manifest("immutable", 25).toString());
    assertThat(changed.exitCode()).isNotZero();
    assertThat(changed.stderr()).contains("The IpamPoolAllocation \"immutable\" is invalid: spec.cidrMask: Invalid"
        + " value: \"integer\": cidrMask is immutable: create a new resource instead");
    assertThat(server.client().resources(IpamPoolAllocation.class).inNamespace(NAMESPACE).withName("immutable").get()
        .getSpec().getCidrMask()).isEqualTo(24);
  }

  @Test
  void patchesTheStatusSubresourceWithMergeAndJsonPatches() throws Exception {
    kubectl("apply", "-f", manifest("status-patch", 24).toString());
    var resource = server.client().resources(IpamPoolAllocation.class).inNamespace(NAMESPACE).withName("status-patch");
    String before = resource.get().getMetadata().getResourceVersion();

    Result merge = kubectl("patch", "ipa", "status-patch", "--subresource=status", "--type=merge", "-p",
        "{\"status\":{\"cidr\":\"10.9.0.0/24\"},\"spec\":{\"cidrMask\":20}}");
    assertThat(merge.stdout()).contains("patched").doesNotContain("no change");
    IpamPoolAllocation merged = resource.get();
    assertThat(merged.getStatus().getCidr()).isEqualTo("10.9.0.0/24");
    assertThat(merged.getSpec().getCidrMask()).as("a status write leaves the spec alone").isEqualTo(24);
    assertThat(merged.getMetadata().getResourceVersion()).isNotEqualTo(before);

    kubectl("patch", "ipa", "status-patch", "--subresource=status", "--type=json", "-p",
        "[{\"op\":\"add\",\"path\":\"/status/allocationId\",\"value\":\"ipam-alloc-patched\"}]");
    assertThat(resource.get().getStatus().getAllocationId()).isEqualTo("ipam-alloc-patched");
    assertThat(resource.get().getStatus().getCidr()).isEqualTo("10.9.0.0/24");

    Result badStatus = kubectlMayFail("patch", "ipa", "status-patch", "--subresource=status", "--type=merge", "-p",
        "{\"status\":{\"createAttempted\":\"yes\"}}");
    assertThat(badStatus.exitCode()).isNotZero();
    assertThat(badStatus.stderr()).contains("status.createAttempted in body must be of type boolean");
  }

  @Test
  void getWatchPrintsTheRowAndThenTheModifiedRow() throws Exception {
    kubectl("apply", "-f", manifest("watched", 24).toString());
    Path stdout = Files.createTempFile(dir, "watch", ".out");
    Process watch = new ProcessBuilder(kubectl.toString(), "--kubeconfig", kubeconfig.toString(), "--cache-dir",
        dir.resolve("kube/cache").toString(), "get", "ipa", "watched", "-w")
        .redirectOutput(stdout.toFile()).redirectError(ProcessBuilder.Redirect.DISCARD).start();
    try {
      await().atMost(Duration.ofSeconds(20)).until(() -> Files.readString(stdout).lines().count() >= 2);
      applyAndAllocate("watched", "10.7.0.0/24");
      await().atMost(Duration.ofSeconds(20)).until(() -> Files.readString(stdout).contains("10.7.0.0/24"));
    } finally {
      watch.destroy();
      watch.waitFor(10, TimeUnit.SECONDS);
    }
    List<String> lines = Files.readString(stdout).lines().toList();
    assertThat(columns(lines.get(0))).containsExactly("NAME", "READY", "REASON", "CIDR", "POOL", "AGE");
    assertThat(columns(lines.get(1))).first().isEqualTo("watched");
    assertThat(lines.get(1)).doesNotContain("10.7.0.0/24");
    assertThat(lines.subList(2, lines.size())).as("the MODIFIED row").anySatisfy(l -> assertThat(columns(l))
        .startsWith("watched", "True", "Allocated", "10.7.0.0/24"));
    assertThat(lines.subList(2, lines.size())).as("no second copy of the listed row")
        .allMatch(l -> l.contains("10.7.0.0/24"));
  }

  @Test
  void deletingANamespaceDeletesItsContentAndWaitsForFinalizers() throws Exception {
    kubectl("apply", "-f", write("ns-doomed", """
        apiVersion: v1
        kind: Namespace
        metadata:
          name: doomed
        """).toString());
    kubectl("apply", "-f", write("ns-kept", """
        apiVersion: ipam.alicloud.dev/v1alpha1
        kind: IpamPoolAllocation
        metadata:
          name: kept
          namespace: doomed
          finalizers: [example.com/hold]
        spec:
          regionId: cn-hangzhou
          ipamPoolId: ipam-pool-abc
          cidrMask: 24
        """).toString());
    kubectl("apply", "-f", write("ns-plain", """
        apiVersion: v1
        kind: ConfigMap
        metadata:
          name: plain
          namespace: doomed
        """).toString());

    assertThat(kubectl("delete", "namespace", "doomed", "--wait=false").stdout()).contains("namespace \"doomed\" deleted");
    assertThat(kubectl("get", "namespace", "doomed", "-o", "jsonpath={.status.phase}").stdout()).isEqualTo("Terminating");
    await().atMost(Duration.ofSeconds(10)).until(() -> !kubectl("get", "ipa", "kept", "-n", "doomed", "-o",
        "jsonpath={.metadata.deletionTimestamp}").stdout().isEmpty());
    await().atMost(Duration.ofSeconds(10)).until(() -> kubectl("get", "configmaps", "-n", "doomed", "-o", "name")
        .stdout().isBlank());
    Result refused = kubectlMayFail("apply", "-f", manifest("latecomer", 24).toString(), "-n", "doomed");
    assertThat(refused.exitCode()).isNotZero();
    assertThat(refused.stderr()).contains("unable to create new content in namespace doomed because it is being"
        + " terminated");

    kubectl("patch", "ipa", "kept", "-n", "doomed", "--type=json", "-p",
        "[{\"op\":\"remove\",\"path\":\"/metadata/finalizers\"}]");
    await().atMost(Duration.ofSeconds(10)).until(() -> kubectlMayFail("get", "namespace", "doomed").exitCode() != 0);
    assertThat(kubectlMayFail("get", "namespace", "doomed").stderr()).contains("NotFound");
  }

  private void assertRefused(String name, String specLines, String message) throws Exception {
    Result result = kubectlMayFail("apply", "-f", manifest(name, specLines).toString());
    assertThat(result.exitCode()).as(result.toString()).isNotZero();
    assertThat(result.stderr()).contains(message);
  }

  @Test
  void getPrintsThePrinterColumns() throws Exception {
    applyAndAllocate("get-ready", "10.1.0.0/24");
    kubectl("apply", "-f", manifest("get-pending", 24).toString());

    List<String> lines = kubectl("get", "ipa").stdout().lines().toList();
    assertThat(columns(lines.get(0))).containsExactly("NAME", "READY", "REASON", "CIDR", "POOL", "AGE");
    List<String> ready = columns(line(lines, "get-ready"));
    assertThat(ready).hasSize(6);
    assertThat(ready.subList(1, 5)).containsExactly("True", "Allocated", "10.1.0.0/24", "ipam-pool-abc");
    assertThat(ready.get(5)).as("AGE").matches("\\d+s");
    List<String> pending = columns(line(lines, "get-pending"));
    assertThat(pending).hasSize(3);
    assertThat(pending.get(1)).isEqualTo("ipam-pool-abc");
  }

  @Test
  void getWideAddsThePriorityOneColumns() throws Exception {
    applyAndAllocate("wide", "10.2.0.0/24");
    List<String> lines = kubectl("get", "ipa", "wide", "-o", "wide").stdout().lines().toList();
    assertThat(columns(lines.get(0)))
        .containsExactly("NAME", "READY", "REASON", "CIDR", "POOL", "AGE", "REGION", "POLICY", "ALLOCATION");
    List<String> row = columns(lines.get(1));
    assertThat(row).contains("wide", "cn-hangzhou", "ipam-alloc-wide", "10.2.0.0/24", "True");
    assertThat(row.get(7)).as("POLICY: the schema default of a manifest without deletionPolicy").isEqualTo("Delete");
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
  void getEventsPrintsTheApiServersEventColumns() throws Exception {
    IpamPoolAllocation allocation = applyAndAllocate("evented", "10.6.0.0/24");
    recordEvent("evented.1", allocation, "Allocated", "reserved 10.6.0.0/24 from ipam-pool-abc");

    List<String> lines = kubectl("get", "events").stdout().lines().toList();
    assertThat(columns(lines.get(0))).containsExactly("LAST SEEN", "TYPE", "REASON", "OBJECT", "MESSAGE");
    String row = lines.stream().filter(l -> l.contains("ipampoolallocation/evented")).findFirst().orElseThrow();
    assertThat(columns(row)).hasSize(5).containsSequence("Normal", "Allocated", "ipampoolallocation/evented",
        "reserved 10.6.0.0/24 from ipam-pool-abc");
    assertThat(columns(row).get(0)).as("LAST SEEN").matches("\\d+[smhdy].*");

    List<String> wide = kubectl("get", "events", "-o", "wide").stdout().lines().toList();
    assertThat(columns(wide.get(0))).containsExactly("LAST SEEN", "TYPE", "REASON", "OBJECT", "SUBOBJECT", "SOURCE",
        "MESSAGE", "FIRST SEEN", "COUNT", "NAME");
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
    return manifest(name, "cidrMask: " + mask);
  }

  /** A manifest in pool ipam-pool-abc, cn-hangzhou, with more spec lines (indented by two after the first). */
  private static Path manifest(String name, String specLines) throws IOException {
    return write(name.substring(0, Math.min(name.length(), 40)) + "-" + Integer.toHexString(specLines.hashCode()), """
        apiVersion: ipam.alicloud.dev/v1alpha1
        kind: IpamPoolAllocation
        metadata:
          name: %s
        spec:
          regionId: cn-hangzhou
          ipamPoolId: ipam-pool-abc
          %s
        """.formatted(name, specLines));
  }

  private static Path write(String name, String yaml) throws IOException {
    Path file = dir.resolve(name + ".yaml");
    Files.writeString(file, yaml);
    return file;
  }

  /** Runs kubectl with the server's kubeconfig and a private cache; fails unless it exits 0. */
  private static Result kubectl(String... args) throws Exception {
    Result result = kubectlMayFail(args);
    assertThat(result.exitCode()).as("kubectl %s\nstdout: %s\nstderr: %s", String.join(" ", args), result.stdout(),
        result.stderr()).isZero();
    return result;
  }

  /** Runs kubectl with the server's kubeconfig and a private cache, whatever its exit code. */
  private static Result kubectlMayFail(String... args) throws Exception {
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
    return new Result(process.exitValue(), Files.readString(stdout, StandardCharsets.UTF_8),
        Files.readString(stderr, StandardCharsets.UTF_8));
  }

  private static List<String> columns(String line) {
    return Arrays.asList(line.trim().split("\\s{2,}"));
  }

  private static String line(List<String> lines, String name) {
    return lines.stream().filter(l -> l.startsWith(name + " ")).findFirst()
        .orElseThrow(() -> new AssertionError("no line for " + name + " in\n" + String.join("\n", lines)));
  }
}
