package dev.alicloud.ipam.chaos.badinput;

import static dev.alicloud.ipam.testing.Fixtures.NAMESPACE;
import static dev.alicloud.ipam.testing.Fixtures.POOL;
import static dev.alicloud.ipam.testing.Fixtures.REGION;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.alicloud.ipam.testing.AllocationBuilder;
import dev.alicloud.ipam.testing.OperatorHarness;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import java.security.Permission;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * One resource the operator's model does not fit (a field a newer CRD version added, a value of the wrong type, an
 * enum value it does not have) reaches it when admission did not check it: the CRD's schema missing or older, e.g. an
 * operator rolled back below a CRD version that added a field. The fabric8 informer stops on the first object it
 * cannot read, and JOSDK's default informer-stopped handler then calls {@code System.exit(1)}: one object would stop
 * every resource's reconciliation, and a restart would fail the same way. The spec is therefore read field by field
 * ({@code SpecDeserializer}); this test proves the one resource stalls with a message, everything else goes on, and
 * nothing exits.
 *
 * <p>An exit is trapped with a SecurityManager (deprecated, allowed by default on Java 17: the JVM prints a warning);
 * where the JVM forbids one the test is skipped.
 */
@Tag("chaos")
class ResourceFromNewerSchemaChaosTest {

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
  void oneResourceFromANewerSchemaStallsAloneAndTheOperatorGoesOn() throws Exception {
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
      Map<String, Object> object = Map.of("apiVersion", BadInputCorpusChaosTest.API_VERSION, "kind",
          BadInputCorpusChaosTest.KIND, "metadata", Map.of("name", "from-newer-crd", "namespace", NAMESPACE), "spec", spec);
      harness.client().genericKubernetesResources(BadInputCorpusChaosTest.API_VERSION, BadInputCorpusChaosTest.KIND)
          .inNamespace(NAMESPACE).resource(harness.client().getKubernetesSerialization()
              .unmarshal(new ObjectMapper().writeValueAsString(object), GenericKubernetesResource.class))
          .create();

      harness.awaitCondition("from-newer-crd", "Stalled", "True", "InvalidSpec");
      assertThat(harness.condition("from-newer-crd", "Stalled").orElseThrow().getMessage())
          .contains("spec.tags is not a field of this resource").contains("upgrade the operator");
      assertThat(harness.get("from-newer-crd").getStatus().getAllocationId()).as("nothing allocated").isNull();

      harness.apply(AllocationBuilder.named("after").cidrMask(24).build());
      harness.awaitReady("after");

      harness.restartOperator();
      harness.apply(AllocationBuilder.named("after-restart").cidrMask(24).build());
      harness.awaitReady("after-restart");
      assertThat(exits).as("System.exit calls").hasValue(0);

      harness.delete("from-newer-crd");
      harness.awaitGone("from-newer-crd");
    } finally {
      System.setSecurityManager(previous);
    }
  }
}
