package dev.alicloud.ipam.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.alicloud.ipam.sandbox.ExampleManifest.OnDelete;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("unit")
class ExampleManifestTest {

  static final Path EXAMPLES = Path.of("examples");

  static List<Path> exampleFiles() throws IOException {
    try (Stream<Path> files = Files.list(EXAMPLES)) {
      return files.filter(p -> p.toString().endsWith(".yaml")).sorted().toList();
    }
  }

  @Test
  void readsTheOutcomeAnExamplePromises() {
    ExampleManifest m = ExampleManifest.parse("x.yaml", """
        # Some prose.
        # expect: Ready=True/Allocated
        #   expect:  Releasable=False/OperationDeniedResourceTypeIsNotCustom
        # on-delete: stalled/OperationDeniedResourceTypeIsNotCustom
        kind: IpamPoolAllocation
        """);

    assertThat(m.expectations()).extracting(Object::toString)
        .containsExactly("Ready=True/Allocated", "Releasable=False/OperationDeniedResourceTypeIsNotCustom");
    assertThat(m.onDelete()).isEqualTo(new OnDelete(OnDelete.Kind.STALLED, "OperationDeniedResourceTypeIsNotCustom"));
  }

  @Test
  void anExampleThatPromisesNothingIsRefused() {
    assertThatThrownBy(() -> ExampleManifest.parse("quiet.yaml", "# expect: Ready=True/Allocated\nkind: X\n"))
        .hasMessageContaining("quiet.yaml").hasMessageContaining("on-delete");
    assertThatThrownBy(() -> ExampleManifest.parse("bad.yaml", "# expect: Ready=Maybe/X\n# on-delete: gone\n"))
        .hasMessageContaining("expect");
  }

  @Test
  void everyCommittedExampleIsPackagedUnchangedAndStatesItsOutcome() throws IOException {
    List<Path> files = exampleFiles();
    assertThat(files).hasSizeGreaterThanOrEqualTo(8);
    for (Path file : files) {
      ExampleManifest packaged = ExampleManifest.load(file.getFileName().toString());
      assertThat(packaged.yaml()).as(file.toString()).isEqualTo(Files.readString(file));
      assertThat(packaged.expectations()).as(file.toString()).isNotEmpty();
    }
  }

  @Test
  void theDemoUsesCommittedExamples() {
    Stream.concat(DemoTour.FIRST_EXAMPLES.stream(), Stream.of(DemoTour.REFUSAL_EXAMPLE))
        .forEach(name -> assertThat(EXAMPLES.resolve(name)).exists());
  }
}
