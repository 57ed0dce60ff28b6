package dev.alicloud.ipam.gitops;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.alicloud.ipam.api.v1alpha1.IpamPoolAllocation;
import dev.alicloud.ipam.api.v1alpha1.IpamPoolAllocationSpec;
import dev.alicloud.ipam.api.v1alpha1.IpamPoolAllocationStatus;
import dev.alicloud.ipam.reconciler.Outcome;
import dev.alicloud.ipam.reconciler.StatusBuilder;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import dev.alicloud.ipam.testing.ExternalTool;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs {@code gitops/argocd/health.lua} in a real Lua interpreter against sample resources, the way Argo CD runs a
 * custom health check: {@code obj} set from the resource (numbers as floats, nulls left out), only the base and table
 * libraries, and a table {@code {status, message}} returned. The harness is {@code src/test/resources/gitops/
 * run-health.lua}; the samples are {@code src/test/resources/gitops/fixtures/}.
 *
 * <p>The interpreter is {@code LUA}, else {@code lua5.4}, else {@code lua} on the PATH (Debian: {@code apt-get install
 * lua5.4}). Without one the tests that run Lua are skipped, unless {@code REQUIRE_LUA=1} (CI), which makes them fail.
 * Argo CD's gopher-lua speaks Lua 5.1, so every sample is also run under {@code lua5.1} from the PATH and must give
 * the same verdict: skipped without it, required with {@code REQUIRE_LUA51=1}.
 */
@Tag("mock")
class ArgoCdHealthCheckMockTest {

  private static final Path HEALTH_LUA = Path.of("gitops/argocd/health.lua");
  private static final Path CM_PATCH = Path.of("gitops/argocd/argocd-cm-patch.yaml");
  private static final String CM_KEY = "resource.customizations.health.ipam.alicloud.dev_IpamPoolAllocation";
  private static final List<String> FIXTURES = List.of("no-status", "allocating", "ready", "ready-generation-bumped",
      "stalled-cidr-mask-out-of-range", "throttled", "dry-run-passed", "deleting-release-stalled",
      "deleting-releasing", "adopted");
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  private static final ObjectMapper JSON = new ObjectMapper();

  private static Path harness;

  @TempDir
  Path tmp;

  record Verdict(String status, String message) {
  }

  record Run(int exitCode, String stdout, String stderr) {
  }

  @BeforeAll
  static void findHarness() throws URISyntaxException {
    harness = classpathFile("gitops/run-health.lua");
  }

  /** The interpreter; skips the calling test without one (fails it with REQUIRE_LUA=1). */
  private static Path lua() {
    return ExternalTool.LUA.require();
  }

  // --- the samples -------------------------------------------------------------------------------------------------

  @Test
  void noStatusYetIsProgressing() throws Exception {
    assertThat(health("no-status")).isEqualTo(new Verdict("Progressing",
        "Waiting for the operator to reconcile this allocation (no status yet)"));
  }

  @Test
  void allocatingIsProgressingWithTheReconcilingMessage() throws Exception {
    assertThat(health("allocating")).isEqualTo(new Verdict("Progressing",
        "Allocating a /24 block from pool ipam-pool-6rfh0y5r8oq7"));
  }

  @Test
  void readyIsHealthyAndNamesTheCidr() throws Exception {
    assertThat(health("ready")).isEqualTo(new Verdict("Healthy",
        "10.0.0.0/24 reserved as ipam-alloc-c4vhvr3b22mmc6abcd (Allocated)"));
  }

  @Test
  void readyButGenerationBumpedIsProgressingUntilTheOperatorObservesIt() throws Exception {
    assertThat(health("ready-generation-bumped")).isEqualTo(new Verdict("Progressing",
        "Waiting for the operator to observe generation 3 (status is for generation 2)"));
  }

  @Test
  void readyConditionBehindTheGenerationIsProgressingEvenIfStatusObservedGenerationIsNot() throws Exception {
    ObjectNode resource = fixture("ready");
    ((ObjectNode) condition(resource, "Ready")).put("observedGeneration", 1);

    assertThat(health(resource)).isEqualTo(new Verdict("Progressing",
        "Waiting for the operator to observe generation 2 (status is for generation 1)"));
  }

  @Test
  void stalledIsDegradedWithTheStalledMessage() throws Exception {
    ObjectNode resource = fixture("stalled-cidr-mask-out-of-range");
    String stalledMessage = condition(resource, "Stalled").get("message").textValue();

    Verdict verdict = health(resource);

    assertThat(verdict.status()).isEqualTo("Degraded");
    assertThat(verdict.message()).isEqualTo(stalledMessage)
        .startsWith("CreateIpamPoolAllocation failed with OperationDenied.CidrMaskOutOfRange: ")
        .contains("choose spec.cidrMask within the pool's minimum and maximum allocation mask");
  }

  @Test
  void stalledForAnOlderGenerationIsProgressingBecauseTheNewSpecMayFixIt() throws Exception {
    ObjectNode resource = fixture("stalled-cidr-mask-out-of-range");
    ((ObjectNode) resource.get("metadata")).put("generation", 2);

    assertThat(health(resource)).isEqualTo(new Verdict("Progressing",
        "Waiting for the operator to observe generation 2 (status is for generation 1)"));
  }

  @Test
  void throttledWhileReconcilingIsProgressingNotDegraded() throws Exception {
    assertThat(health("throttled")).isEqualTo(new Verdict("Progressing",
        "CreateIpamPoolAllocation failed with Throttling.User: the cloud API is throttling requests; retrying in 4s"));
  }

  @Test
  void passedDryRunIsHealthyAndSaysNothingIsReserved() throws Exception {
    Verdict verdict = health("dry-run-passed");

    assertThat(verdict.status()).isEqualTo("Healthy");
    assertThat(verdict.message()).isEqualTo("Dry run passed, no CIDR is reserved: Dry run: the cloud accepted "
        + "creating a /20 block in pool ipam-pool-sandbox0001; nothing was allocated. Set spec.dryRun: false to "
        + "allocate");
  }

  @Test
  void dryRunOnAnExistingAllocationKeepsTheCidrAndSaysChangesAreOnlyDryRun() throws Exception {
    ObjectNode resource = fixture("ready");
    ((ObjectNode) resource.get("spec")).put("dryRun", true);
    ((ArrayNode) resource.get("status").get("conditions")).addObject()
        .put("type", "DryRun").put("status", "True").put("reason", "DryRunOperation")
        .put("message", "Dry run: the cloud accepted the new description").put("observedGeneration", 2);

    assertThat(health(resource)).isEqualTo(new Verdict("Healthy",
        "10.0.0.0/24 reserved as ipam-alloc-c4vhvr3b22mmc6abcd (Allocated); spec.dryRun is true, changes are only "
            + "dry-run: Dry run: the cloud accepted the new description"));
  }

  @Test
  void deletingWithAStalledReleaseIsDegraded() throws Exception {
    Verdict verdict = health("deleting-release-stalled");

    assertThat(verdict.status()).isEqualTo("Degraded");
    assertThat(verdict.message()).startsWith("Release blocked, the finalizer stays: DeleteIpamPoolAllocation failed "
        + "with OperationDenied.ResourceTypeIsNotCustom: ").endsWith("or set spec.deletionPolicy: Orphan");
  }

  @Test
  void deletingWhileTheReleaseIsConfirmedIsProgressing() throws Exception {
    assertThat(health("deleting-releasing")).isEqualTo(new Verdict("Progressing", "Being deleted: Release of "
        + "ipam-alloc-c4vhvr3b22mmc6abcd was accepted; waiting for the cloud to confirm it is gone"));
  }

  @Test
  void deletingBeforeTheOperatorActedIsProgressingEvenWithAnOldStall() throws Exception {
    ObjectNode resource = fixture("deleting-release-stalled");
    ((ObjectNode) resource.get("metadata")).put("generation", 4);

    assertThat(health(resource)).isEqualTo(new Verdict("Progressing",
        "Being deleted; waiting for the operator to act on generation 4 (status is for generation 3)"));
  }

  @Test
  void adoptedIsHealthyAndWarnsThatADeleteWouldStall() throws Exception {
    assertThat(health("adopted")).isEqualTo(new Verdict("Healthy",
        "10.0.0.0/16 reserved as ipam-pool-alloc-sandboxvpc0001 (Adopted); not releasable "
            + "(OperationDeniedResourceTypeIsNotCustom): deleting this resource would stall, set "
            + "spec.deletionPolicy: Orphan"));
  }

  @Test
  void largeGenerationsPrintAsWholeNumbers() throws Exception {
    ObjectNode resource = fixture("ready-generation-bumped");
    ((ObjectNode) resource.get("metadata")).put("generation", 1234567890L);
    ((ObjectNode) resource.get("status")).put("observedGeneration", 1234567809L);

    assertThat(health(resource).message())
        .isEqualTo("Waiting for the operator to observe generation 1234567890 (status is for generation 1234567809)");
  }

  // --- statuses written by the operator's own StatusBuilder, so the script follows the real shape -----------------

  @Test
  void followsTheStatusTheOperatorActuallyWrites() throws Exception {
    StatusBuilder builder = new StatusBuilder(Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC));

    IpamPoolAllocation ready = resource(5L);
    ready.getStatus().setCidr("10.9.0.0/24");
    ready.getStatus().setAllocationId("ipam-alloc-real0001");
    builder.apply(ready.getStatus(), Outcome.ready("Allocated", "Allocation ipam-alloc-real0001 holds 10.9.0.0/24",
        null), 5L);
    assertThat(health(JSON.valueToTree(ready)))
        .isEqualTo(new Verdict("Healthy", "10.9.0.0/24 reserved as ipam-alloc-real0001 (Allocated)"));

    IpamPoolAllocation stalled = resource(5L);
    builder.apply(stalled.getStatus(), Outcome.stalled("InvalidSpec", "Nothing was sent: bad cidr", null, null), 5L);
    assertThat(health(JSON.valueToTree(stalled))).isEqualTo(new Verdict("Degraded", "Nothing was sent: bad cidr"));

    IpamPoolAllocation working = resource(5L);
    builder.apply(working.getStatus(), Outcome.progressing("CloudUnavailable", "the cloud API is unavailable", null,
        null), 5L);
    assertThat(health(JSON.valueToTree(working)))
        .isEqualTo(new Verdict("Progressing", "the cloud API is unavailable"));

    ready.getMetadata().setGeneration(6L);
    assertThat(health(JSON.valueToTree(ready))).isEqualTo(new Verdict("Progressing",
        "Waiting for the operator to observe generation 6 (status is for generation 5)"));
  }

  // --- the installation and the harness ----------------------------------------------------------------------------

  @Test
  void argocdCmPatchEmbedsHealthLuaUnchanged() throws IOException {
    JsonNode patch = YAML.readTree(CM_PATCH.toFile());
    assertThat(patch.path("kind").asText()).isEqualTo("ConfigMap");
    assertThat(patch.path("metadata").path("name").asText()).isEqualTo("argocd-cm");
    JsonNode embedded = patch.path("data").path(CM_KEY);
    assertThat(embedded.isTextual()).as("argocd-cm-patch.yaml has data.%s", CM_KEY).isTrue();
    assertThat(embedded.textValue())
        .as("the script in argocd-cm-patch.yaml must equal gitops/argocd/health.lua; regenerate the block with "
            + "sed -e 's/^\\(.\\)/    \\1/' gitops/argocd/health.lua")
        .isEqualTo(Files.readString(HEALTH_LUA, UTF_8));
  }

  @Test
  void harnessRefusesTheLibrariesArgoCdDoesNotOpen() throws Exception {
    Path allowed = Files.writeString(tmp.resolve("allowed.lua"),
        "local t = {} table.insert(t, tostring(obj.n)) return { status = 'Healthy', message = t[1] }", UTF_8);
    ObjectNode withNumber = JSON.createObjectNode().put("n", 7);
    assertThat(verdict(runHarness(lua(), allowed, withNumber)))
        .as("base and table functions work; numbers arrive as floats, as from Argo CD")
        .isIn(new Verdict("Healthy", "7.0"), new Verdict("Healthy", "7"));

    for (String script : List.of("return { status = string.format('%s', 'Healthy') }",
        "return { status = ('Healthy'):lower() }", "return { status = math.floor(1) }",
        "return { status = io.read() }", "return { status = 'Fine' }", "return 'Healthy'")) {
      Path file = Files.writeString(tmp.resolve("probe.lua"), script, UTF_8);
      Run run = runHarness(lua(), file, JSON.createObjectNode());
      assertThat(run.exitCode()).as("%s must fail under the harness: %s", script, run.stdout()).isEqualTo(2);
    }
  }

  @Test
  void sameVerdictsUnderLua51WhenInstalled() throws Exception {
    Path main = lua();
    Path lua51 = ExternalTool.LUA_5_1.require();
    Map<String, Verdict> expected = new LinkedHashMap<>();
    Map<String, Verdict> actual = new LinkedHashMap<>();
    for (String name : FIXTURES) {
      expected.put(name, verdict(runHarness(main, HEALTH_LUA, fixture(name))));
      actual.put(name, verdict(runHarness(lua51, HEALTH_LUA, fixture(name))));
    }
    assertThat(actual).isEqualTo(expected);
  }

  // --- helpers ------------------------------------------------------------------------------------------------------

  private static IpamPoolAllocation resource(long generation) {
    IpamPoolAllocation r = new IpamPoolAllocation();
    r.setMetadata(new ObjectMetaBuilder().withName("real").withNamespace("default").withGeneration(generation)
        .build());
    IpamPoolAllocationSpec spec = new IpamPoolAllocationSpec();
    spec.setRegionId("cn-hangzhou");
    spec.setIpamPoolId("ipam-pool-abc");
    spec.setCidrMask(24);
    r.setSpec(spec);
    r.setStatus(new IpamPoolAllocationStatus());
    return r;
  }

  private static ObjectNode fixture(String name) throws IOException, URISyntaxException {
    return (ObjectNode) YAML.readTree(classpathFile("gitops/fixtures/" + name + ".yaml").toFile());
  }

  private static JsonNode condition(JsonNode resource, String type) {
    for (JsonNode c : resource.path("status").path("conditions")) {
      if (type.equals(c.path("type").asText())) {
        return c;
      }
    }
    throw new AssertionError("no " + type + " condition in the sample");
  }

  private Verdict health(String fixtureName) throws Exception {
    return health(fixture(fixtureName));
  }

  private Verdict health(JsonNode resource) throws Exception {
    return verdict(runHarness(lua(), HEALTH_LUA, resource));
  }

  private static Verdict verdict(Run run) {
    if (run.exitCode() != 0) {
      fail("health.lua failed (exit " + run.exitCode() + "): " + run.stderr());
    }
    int newline = run.stdout().indexOf('\n');
    assertThat(newline).as("harness output: %s", run.stdout()).isPositive();
    return new Verdict(run.stdout().substring(0, newline), run.stdout().substring(newline + 1));
  }

  private static Run runHarness(Path interpreter, Path script, JsonNode resource) throws Exception {
    Process process = new ProcessBuilder(interpreter.toString(), harness.toString(), script.toString()).start();
    try (OutputStream stdin = process.getOutputStream()) {
      stdin.write(luaChunk(resource).getBytes(UTF_8));
    }
    String stdout = new String(process.getInputStream().readAllBytes(), UTF_8);
    String stderr = new String(process.getErrorStream().readAllBytes(), UTF_8);
    if (!process.waitFor(30, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      fail("Lua did not finish within 30 s");
    }
    return new Run(process.exitValue(), stdout, stderr);
  }

  /**
   * The resource as the Lua chunk {@code return {...}}, converted the way Argo CD converts the object: every number a
   * float (gopher-lua has no integers), nulls left out, strings byte for byte.
   */
  static String luaChunk(JsonNode resource) {
    StringBuilder out = new StringBuilder("return ");
    appendLua(out, resource);
    return out.append('\n').toString();
  }

  private static void appendLua(StringBuilder out, JsonNode node) {
    switch (node.getNodeType()) {
      case OBJECT -> {
        out.append('{');
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
          Map.Entry<String, JsonNode> field = it.next();
          if (!field.getValue().isNull()) {
            out.append('[');
            appendLuaString(out, field.getKey());
            out.append("]=");
            appendLua(out, field.getValue());
            out.append(',');
          }
        }
        out.append('}');
      }
      case ARRAY -> {
        out.append('{');
        for (JsonNode item : node) {
          if (!item.isNull()) {
            appendLua(out, item);
            out.append(',');
          }
        }
        out.append('}');
      }
      case STRING -> appendLuaString(out, node.textValue());
      case NUMBER -> out.append(node.isIntegralNumber() ? node.bigIntegerValue() + ".0" : node.asText());
      case BOOLEAN -> out.append(node.booleanValue());
      default -> throw new IllegalArgumentException("cannot convert " + node.getNodeType() + " to Lua");
    }
  }

  private static void appendLuaString(StringBuilder out, String value) {
    out.append('"');
    for (byte b : value.getBytes(UTF_8)) {
      int c = b & 0xff;
      if (c == '"' || c == '\\') {
        out.append('\\').append((char) c);
      } else if (c >= 0x20 && c < 0x7f) {
        out.append((char) c);
      } else {
        out.append(String.format("\\%03d", c));
      }
    }
    out.append('"');
  }

  private static Path classpathFile(String resource) throws URISyntaxException {
    URL url = ArgoCdHealthCheckMockTest.class.getClassLoader().getResource(resource);
    if (url == null) {
      throw new AssertionError("missing test resource " + resource);
    }
    return Path.of(url.toURI());
  }
}
