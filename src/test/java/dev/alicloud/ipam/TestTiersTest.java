package dev.alicloud.ipam;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The test tiers' naming convention, over every module of the build: {@code *ChaosTest} is tagged {@code chaos},
 * {@code *MockTest} {@code mock}, any other {@code *Test} {@code unit}, so that a test's name says which run of
 * {@code .ci/run} it belongs to and a wrong tag cannot hide it from its tier.
 */
@Tag("unit")
class TestTiersTest {

  private static final Pattern TAG = Pattern.compile("^@Tag\\(\"([a-z]+)\"\\)", Pattern.MULTILINE);

  @Test
  void everyTestClassIsTaggedWithTheTierItsNameSays() throws IOException {
    List<Path> tests = testSources();
    assertThat(tests).as("test classes found in src/test and tools/*/src/test").hasSizeGreaterThan(50);

    List<String> wrong = new ArrayList<>();
    for (Path file : tests) {
      String name = file.getFileName().toString().replace(".java", "");
      Matcher tags = TAG.matcher(Files.readString(file));
      List<String> found = new ArrayList<>();
      while (tags.find()) {
        found.add(tags.group(1));
      }
      String expected = tierOf(name);
      if (!found.equals(List.of(expected))) {
        wrong.add(file + ": tagged " + found + ", its name says [" + expected + "]");
      }
    }
    assertThat(wrong).isEmpty();
  }

  @Test
  void theNameDecidesTheTier() {
    assertThat(tierOf("CrashConsistencyChaosTest")).isEqualTo("chaos");
    assertThat(tierOf("LifecycleMockTest")).isEqualTo("mock");
    assertThat(tierOf("SpecValidatorTest")).isEqualTo("unit");
  }

  private static String tierOf(String className) {
    if (className.endsWith("ChaosTest")) {
      return "chaos";
    }
    return className.endsWith("MockTest") ? "mock" : "unit";
  }

  private static List<Path> testSources() throws IOException {
    List<Path> roots = new ArrayList<>(List.of(Path.of("src/test/java")));
    try (Stream<Path> tools = Files.list(Path.of("tools"))) {
      tools.map(t -> t.resolve("src/test/java")).filter(Files::isDirectory).sorted().forEach(roots::add);
    }
    List<Path> tests = new ArrayList<>();
    for (Path root : roots) {
      try (Stream<Path> files = Files.walk(root)) {
        files.filter(f -> f.getFileName().toString().endsWith("Test.java")).sorted().forEach(tests::add);
      }
    }
    return tests;
  }
}
