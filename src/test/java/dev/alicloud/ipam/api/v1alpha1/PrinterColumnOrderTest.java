package dev.alicloud.ipam.api.v1alpha1;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.alicloud.ipam.crd.PrinterColumnOrder;
import dev.alicloud.ipam.testing.Fixtures;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The build step that orders the generated CRD's printer columns as the resource class declares them. */
@Tag("unit")
class PrinterColumnOrderTest {

  private static final String GENERATED = """
      spec:
        versions:
        - additionalPrinterColumns:
          - jsonPath: ".metadata.creationTimestamp"
            name: "AGE"
            priority: 0
            type: "date"
          - jsonPath: ".status.cidr"
            name: "CIDR"
            priority: 0
            type: "string"
          name: "v1alpha1"
          served: true
      """;

  @Test
  void theGeneratedCrdListsTheColumnsInTheDeclaredOrder() throws Exception {
    JsonNode crd = new ObjectMapper(new YAMLFactory()).readTree(Fixtures.GENERATED_CRD.toFile());
    List<String> names = new ArrayList<>();
    crd.at("/spec/versions/0/additionalPrinterColumns").forEach(c -> names.add(c.path("name").asText()));
    assertThat(names).containsExactly("READY", "REASON", "CIDR", "POOL", "AGE", "REGION", "POLICY", "ALLOCATION")
        .isEqualTo(PrinterColumnOrder.declared(IpamPoolAllocation.class));
    crd.at("/spec/versions/0/additionalPrinterColumns").forEach(c -> assertThat(c.path("priority").asInt())
        .as(c.path("name").asText()).isEqualTo(List.of("REGION", "POLICY", "ALLOCATION")
            .contains(c.path("name").asText()) ? 1 : 0));
  }

  @Test
  void movesWholeItemsAndLeavesEveryOtherLineAsItWas() {
    String ordered = PrinterColumnOrder.reorder(GENERATED, List.of("CIDR", "AGE"));
    assertThat(ordered).isEqualTo("""
        spec:
          versions:
          - additionalPrinterColumns:
            - jsonPath: ".status.cidr"
              name: "CIDR"
              priority: 0
              type: "string"
            - jsonPath: ".metadata.creationTimestamp"
              name: "AGE"
              priority: 0
              type: "date"
            name: "v1alpha1"
            served: true
        """);
    assertThat(PrinterColumnOrder.reorder(ordered, List.of("CIDR", "AGE"))).as("idempotent").isEqualTo(ordered);
  }

  @Test
  void refusesAColumnTheClassDoesNotDeclare() {
    assertThatThrownBy(() -> PrinterColumnOrder.reorder(GENERATED, List.of("AGE")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("CIDR");
  }
}
