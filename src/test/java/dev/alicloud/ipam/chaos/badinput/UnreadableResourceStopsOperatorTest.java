package dev.alicloud.ipam.chaos.badinput;

import static dev.alicloud.ipam.testing.Fixtures.NAMESPACE;
import static dev.alicloud.ipam.testing.Fixtures.POOL;
import static dev.alicloud.ipam.testing.Fixtures.REGION;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.alicloud.ipam.testing.AllocationBuilder;
import dev.alicloud.ipam.testing.OperatorHarness;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.javaoperatorsdk.operator.OperatorException;
import java.security.Permission;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Records a gap found by the bad-input corpus (its {@code unreadable} entries): the operator cannot deserialize a
 * resource whose spec does not fit the Java model (a field it does not know, a value of the wrong type, an enum value
 * it does not have). The fabric8 informer's watch then fails, and JOSDK's default informer-stopped handler calls
 * {@code System.exit(1)}: one such object stops reconciliation of every resource, and after a restart the initial
 * list fails the same way. A real API server refuses these objects while the CRD's schema is in place; they still
 * reach the operator when the schema is missing or older (e.g. an operator rolled back below a CRD version that added
 * a field).
 *
 * <p>The exit is trapped with a SecurityManager (deprecated, allowed by default on Java 17: the JVM prints a warning);
 * where the JVM forbids one the test is skipped. The fix belongs in the operator: ignore unknown properties in the
 * spec model, and an informer-stopped handler / deserialization that does not take the process down for one object.
 */
@Tag("chaos")
class UnreadableResourceStopsOperatorTest {

  /** Counts and refuses System.exit; allows everything else (including being replaced again). */
  private static final class ExitTrap extends SecurityManager {
    private final AtomicInteger exits;

    ExitTrap(AtomicInteger exits) {
      this.exits = exits;
    }

    @Override
    public void checkExit(int status) {
      exits.incrementAndGet();
      throw new SecurityException("System.exit(" + status + ") trapped by the test");
    }

    @Override
    public void checkPermission(Permission perm) {
    }

    @Override
    public void checkPermission(Permission perm, Object context) {
    }
  }

  @Test
  @SuppressWarnings("removal")
  void oneResourceFromANewerSchemaStopsTheWholeOperator() throws Exception {
    AtomicInteger exits = new AtomicInteger();
    SecurityManager previous = System.getSecurityManager();
    try {
      System.setSecurityManager(new ExitTrap(exits));
    } catch (UnsupportedOperationException | SecurityException e) {
      Assumptions.abort("this JVM cannot trap System.exit: " + e);
    }
    try (OperatorHarness harness = OperatorHarness.create().startOperator()) {
      harness.apply(AllocationBuilder.named("before").cidrMask(24).orphan().build());
      harness.awaitReady("before");

      Map<String, Object> spec = new LinkedHashMap<>();
      spec.put("regionId", REGION);
      spec.put("ipamPoolId", POOL);
      spec.put("cidrMask", 24);
      spec.put("tags", Map.of("team", "a")); // a field a newer CRD version might add
      Map<String, Object> object = Map.of("apiVersion", BadInputCorpusTest.API_VERSION, "kind",
          BadInputCorpusTest.KIND, "metadata", Map.of("name", "from-newer-crd", "namespace", NAMESPACE), "spec", spec);
      harness.client().genericKubernetesResources(BadInputCorpusTest.API_VERSION, BadInputCorpusTest.KIND)
          .inNamespace(NAMESPACE).resource(harness.client().getKubernetesSerialization()
              .unmarshal(new ObjectMapper().writeValueAsString(object), GenericKubernetesResource.class))
          .create();

      await("JOSDK exits the process").atMost(Duration.ofSeconds(10)).until(() -> exits.get() > 0);

      harness.apply(AllocationBuilder.named("after").cidrMask(24).build());
      Thread.sleep(1500);
      assertThat(harness.get("after").getStatus())
          .as("a valid resource created afterwards is never reconciled: the operator's informer is gone").isNull();
      assertThat(exits).as("System.exit calls").hasValue(1);

      assertThatThrownBy(harness::restartOperator)
          .as("a restarted operator fails at startup while the object exists (a crash loop in a cluster)")
          .isInstanceOf(OperatorException.class).hasMessageContaining("Error starting operator");
    } finally {
      System.setSecurityManager(previous);
    }
  }
}
