package dev.alicloud.ipam.packaging;

import static org.junit.jupiter.api.Assertions.fail;

import dev.alicloud.ipam.testing.ExternalTool;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

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
    return new Helm(ExternalTool.HELM.require(), home);
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
