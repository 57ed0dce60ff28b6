package dev.alicloud.ipam.api.v1alpha1;

import static org.assertj.core.api.Assertions.assertThat;

import dev.alicloud.ipam.testing.Fixtures;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The committed CRD under crds/ is exactly what the fabric8 generator makes from the Java model. */
@Tag("unit")
class CrdUpToDateTest {

  static final Path COMMITTED = Fixtures.COMMITTED_CRD;

  @Test
  void committedCrdMatchesTheGeneratedOne() throws IOException {
    String generated = Files.readString(Fixtures.GENERATED_CRD);
    assertThat(Files.exists(COMMITTED)).as(COMMITTED + " exists").isTrue();
    assertThat(Files.readString(COMMITTED))
        .as("crds/ is stale: run `./mvnw process-classes && cp %s %s`", Fixtures.GENERATED_CRD, COMMITTED)
        .isEqualTo(generated);
  }
}
