package dev.alicloud.ipam.benchmark;

import dev.alicloud.ipam.simulator.world.SandboxWorld;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;

/**
 * The production {@code run} command in a JVM of its own ({@code java -cp <this classpath> dev.alicloud.ipam.Main run}),
 * pointed at a world's embedded API (through a kubeconfig) and simulator (with the operator's access key in the
 * environment, as the default credentials chain reads it), with /metrics on a free port. Its logs go to a file.
 */
final class OperatorProcess implements AutoCloseable {

  private final Process process;
  private final long pid;
  private final int httpPort;
  private final Path log;
  private final long startedNanos;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  private OperatorProcess(Process process, int httpPort, Path log, long startedNanos) {
    this.process = process;
    this.pid = process.pid();
    this.httpPort = httpPort;
    this.log = log;
    this.startedNanos = startedNanos;
  }

  static OperatorProcess start(BenchWorld world) throws IOException {
    Path dir = Files.createTempDirectory("vpc-ipam-benchmark");
    Path kubeconfig = world.api.writeKubeconfig(dir.resolve("kubeconfig"), BenchWorld.NAMESPACE);
    Path log = dir.resolve("operator.log");
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", System.getProperty("java.class.path"), "dev.alicloud.ipam.Main", "run",
        "--cloud-endpoint", "http://" + world.simulator.endpoint(), "--cluster-id", BenchWorld.CLUSTER_ID,
        "--no-server-side-apply", "--http-port", Integer.toString(port), "--log-level", "WARN");
    Map<String, String> env = pb.environment();
    env.keySet().removeIf(k -> k.startsWith("ALIBABA_CLOUD_") || k.startsWith("IPAM_") || k.equals("KUBECONFIG")
        || k.equals("JAVA_TOOL_OPTIONS"));
    env.put("KUBECONFIG", kubeconfig.toString());
    env.put("ALIBABA_CLOUD_ACCESS_KEY_ID", SandboxWorld.OPERATOR_KEY_ID);
    env.put("ALIBABA_CLOUD_ACCESS_KEY_SECRET", SandboxWorld.OPERATOR_KEY_SECRET);
    pb.redirectErrorStream(true).redirectOutput(log.toFile());
    long started = System.nanoTime();
    return new OperatorProcess(pb.start(), port, log, started);
  }

  /** When the process was spawned ({@link System#nanoTime()}). */
  long startedNanos() {
    return startedNanos;
  }

  boolean alive() {
    return process.isAlive();
  }

  /** A field of the process's /proc/PID/status in bytes (VmRSS, VmHWM); empty when unreadable. */
  OptionalLong procStatus(String field) {
    try {
      return MemoryProbe.parseStatus(Files.readString(Path.of("/proc", Long.toString(pid), "status")), field);
    } catch (IOException | SecurityException e) {
      return OptionalLong.empty();
    }
  }

  /** Its Prometheus text, or empty before it serves (or after it died). */
  String metrics() {
    try {
      HttpResponse<String> response = http.send(HttpRequest.newBuilder(
          URI.create("http://127.0.0.1:" + httpPort + "/metrics")).timeout(Duration.ofSeconds(5)).build(),
          HttpResponse.BodyHandlers.ofString());
      return response.statusCode() == 200 ? response.body() : "";
    } catch (IOException e) {
      return "";
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "";
    }
  }

  /** Asks the process for a full GC with {@code jcmd PID GC.run}; false when jcmd is missing or failed. */
  boolean gc() throws InterruptedException {
    Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
    if (!Files.isExecutable(jcmd)) {
      return false;
    }
    try {
      Process p = new ProcessBuilder(jcmd.toString(), Long.toString(pid), "GC.run").redirectErrorStream(true)
          .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
      return p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
    } catch (IOException e) {
      return false;
    }
  }

  /** The last lines of its log, for a failure message. */
  String logTail(int lines) {
    try {
      List<String> all = Files.readAllLines(log);
      return String.join(" | ", all.subList(Math.max(0, all.size() - lines), all.size()));
    } catch (IOException e) {
      return "";
    }
  }

  /** Stops it with SIGTERM (forcibly after 20 s) and returns its exit code (143 after SIGTERM). */
  int stop() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(20, TimeUnit.SECONDS)) {
      process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    }
    return process.exitValue();
  }

  @Override
  public void close() throws InterruptedException {
    if (process.isAlive()) {
      stop();
    }
  }

  /**
   * Sum of the samples of a metric whose labels contain every given {@code name="value"} pair, e.g.
   * {@code jvm_memory_used_bytes} with {@code area="heap"}; empty when there is none.
   */
  static OptionalDouble sum(String prometheusText, String metric, String... labels) {
    double total = 0;
    boolean found = false;
    for (String line : prometheusText.split("\n")) {
      if (line.startsWith("#") || !(line.startsWith(metric + "{") || line.startsWith(metric + " "))) {
        continue;
      }
      int close = line.lastIndexOf('}');
      String labelText = close < 0 ? "" : line.substring(metric.length(), close + 1);
      boolean matches = true;
      for (String label : labels) {
        matches &= labelText.contains(label);
      }
      if (!matches) {
        continue;
      }
      String[] parts = line.substring(close < 0 ? metric.length() : close + 1).trim().split("\\s+");
      try {
        total += Double.parseDouble(parts[0]);
        found = true;
      } catch (NumberFormatException e) {
        // not a sample line
      }
    }
    return found ? OptionalDouble.of(total) : OptionalDouble.empty();
  }
}
