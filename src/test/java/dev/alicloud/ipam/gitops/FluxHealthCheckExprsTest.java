package dev.alicloud.ipam.gitops;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.alicloud.ipam.testing.SchemaAdmission;
import dev.cel.common.types.SimpleType;
import dev.cel.compiler.CelCompiler;
import dev.cel.compiler.CelCompilerFactory;
import dev.cel.parser.CelStandardMacro;
import dev.cel.runtime.CelRuntime;
import dev.cel.runtime.CelRuntimeFactory;
import dev.cel.runtime.CelUnknownSet;
import java.io.IOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The Flux {@code healthCheckExprs} of {@code gitops/flux/kustomizations.yaml}, evaluated with CEL for Java against
 * the same samples as {@link ArgoCdHealthCheckMockTest}, in the order Flux's StatusEvaluator uses: an
 * {@code observedGeneration} that differs from {@code metadata.generation} is InProgress; then {@code inProgress},
 * {@code failed}, {@code current}; none true is InProgress. An expression that cannot be evaluated (no status yet)
 * makes the reader report Unknown, which Flux keeps polling until its timeout.
 */
@Tag("unit")
class FluxHealthCheckExprsTest {

  private static final Path KUSTOMIZATIONS = Path.of("gitops/flux/kustomizations.yaml");
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  private static final CelCompiler COMPILER = CelCompilerFactory.standardCelCompilerBuilder()
      .setStandardMacros(CelStandardMacro.STANDARD_MACROS)
      .addVar("apiVersion", SimpleType.DYN)
      .addVar("kind", SimpleType.DYN)
      .addVar("metadata", SimpleType.DYN)
      .addVar("spec", SimpleType.DYN)
      .addVar("status", SimpleType.DYN)
      .build();
  private static final CelRuntime RUNTIME = CelRuntimeFactory.standardCelRuntimeBuilder().build();

  @Test
  void theExpressionsGiveTheKstatusResultOfEachSample() throws Exception {
    JsonNode exprs = expressions();

    assertThat(evaluate(exprs, fixture("no-status"))).as("no status yet: Flux keeps waiting").isEqualTo("Unknown");
    assertThat(evaluate(exprs, fixture("allocating"))).isEqualTo("InProgress");
    assertThat(evaluate(exprs, fixture("throttled"))).isEqualTo("InProgress");
    assertThat(evaluate(exprs, fixture("ready-generation-bumped"))).isEqualTo("InProgress");
    assertThat(evaluate(exprs, fixture("stalled-cidr-mask-out-of-range"))).isEqualTo("Failed");
    assertThat(evaluate(exprs, fixture("ready"))).isEqualTo("Current");
    assertThat(evaluate(exprs, fixture("adopted"))).isEqualTo("Current");
    assertThat(evaluate(exprs, fixture("dry-run-passed"))).as("a passed dry run is Ready, though nothing is reserved")
        .isEqualTo("Current");
  }

  @Test
  void aStallOfAnOlderGenerationIsInProgressNotFailed() throws Exception {
    ObjectNode stalled = fixture("stalled-cidr-mask-out-of-range");
    ((ObjectNode) stalled.get("metadata")).put("generation", 2);

    assertThat(evaluate(expressions(), stalled)).isEqualTo("InProgress");
  }

  @Test
  void theKustomizationWaitsAndTheConsumersDependOnIt() throws Exception {
    List<JsonNode> docs = documents();
    JsonNode allocations = byName(docs, "ipam-allocations");
    assertThat(allocations.at("/spec/wait").asBoolean()).isTrue();
    assertThat(allocations.at("/spec/dependsOn/0/name").asText()).isEqualTo("vpc-ipam-operator");
    assertThat(byName(docs, "network").at("/spec/dependsOn/0/name").asText()).isEqualTo("ipam-allocations");
  }

  // --- Flux's StatusEvaluator, step by step -------------------------------------------------------------------------

  private static String evaluate(JsonNode exprs, JsonNode resource) {
    JsonNode observed = resource.path("status").path("observedGeneration");
    JsonNode generation = resource.path("metadata").path("generation");
    if (observed.isIntegralNumber() && generation.isIntegralNumber() && observed.asLong() != generation.asLong()) {
      return "InProgress";
    }
    Map<String, Object> vars = new LinkedHashMap<>();
    resource.fields().forEachRemaining(f -> vars.put(f.getKey(), SchemaAdmission.toCel(f.getValue())));
    for (String[] step : new String[][] {{"inProgress", "InProgress"}, {"failed", "Failed"}, {"current", "Current"}}) {
      String expression = exprs.path(step[0]).asText("");
      if (expression.isEmpty()) {
        continue;
      }
      Object result;
      try {
        result = RUNTIME.createProgram(COMPILER.compile(expression).getAst()).eval(vars);
      } catch (Exception e) {
        return "Unknown";
      }
      if (result instanceof CelUnknownSet) {
        return "Unknown"; // a variable (status) is absent: cel-go, in Flux, reports this as an evaluation error
      }
      assertThat(result).as("%s must be a boolean", expression).isInstanceOf(Boolean.class);
      if ((Boolean) result) {
        return step[1];
      }
    }
    return "InProgress";
  }

  private static JsonNode expressions() throws IOException {
    JsonNode allocations = byName(documents(), "ipam-allocations");
    for (JsonNode e : allocations.at("/spec/healthCheckExprs")) {
      if ("ipam.alicloud.dev/v1alpha1".equals(e.path("apiVersion").asText())
          && "IpamPoolAllocation".equals(e.path("kind").asText())) {
        assertThat(e.path("current").asText()).as("current is required by Flux").isNotBlank();
        return e;
      }
    }
    throw new AssertionError("no healthCheckExprs entry for IpamPoolAllocation in " + KUSTOMIZATIONS);
  }

  private static List<JsonNode> documents() throws IOException {
    List<JsonNode> docs = new ArrayList<>();
    try (var parser = YAML.getFactory().createParser(KUSTOMIZATIONS.toFile())) {
      YAML.readValues(parser, JsonNode.class).forEachRemaining(docs::add);
    }
    return docs;
  }

  private static JsonNode byName(List<JsonNode> docs, String name) {
    return docs.stream().filter(d -> name.equals(d.at("/metadata/name").asText())).findFirst()
        .orElseThrow(() -> new AssertionError("no Kustomization " + name + " in " + KUSTOMIZATIONS));
  }

  private static ObjectNode fixture(String name) throws IOException, URISyntaxException {
    URL url = FluxHealthCheckExprsTest.class.getClassLoader().getResource("gitops/fixtures/" + name + ".yaml");
    assertThat(url).as("sample %s", name).isNotNull();
    return (ObjectNode) YAML.readTree(Path.of(url.toURI()).toFile());
  }
}
