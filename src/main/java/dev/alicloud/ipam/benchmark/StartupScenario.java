package dev.alicloud.ipam.benchmark;

import static dev.alicloud.ipam.benchmark.BenchWorld.seconds;

import dev.alicloud.ipam.benchmark.AllocationTracker.Timeline;
import dev.alicloud.ipam.config.IpamOperator;
import dev.alicloud.ipam.sandbox.SandboxWorld;
import java.io.File;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * How long until the operator reconciles a resource that existed before it started. Twice: in this process (the
 * operator's start alone, classes already loaded by what ran before), and as the production {@code run} command in a
 * fresh JVM pointed at the same embedded API and simulator (the whole process start: JVM, class loading, informer
 * sync, first reconcile), observed from outside.
 */
final class StartupScenario {

  private StartupScenario() {
  }

  static void run(BenchmarkSettings s, ScenarioResult r, Consumer<String> log) throws Exception {
    try (BenchWorld world = BenchWorld.start();
        AllocationTracker tracker = AllocationTracker.start(world.driver, BenchWorld.NAMESPACE)) {
      world.cloudLimits(s.cloudLatency(), 0);
      inProcess(s, r, world, tracker, log);
      world.stopOperator();
      childProcess(s, r, world, tracker, log);
    }
  }

  private static void inProcess(BenchmarkSettings s, ScenarioResult r, BenchWorld world, AllocationTracker tracker,
      Consumer<String> log) throws Exception {
    String name = "startup-in-process";
    world.create(BenchWorld.allocation(name, BenchWorld.POOL, 24));
    tracker.await(List.of(name), t -> t.addedAt != 0, s.timeout());
    log.accept("in-process: operator starting with one resource waiting");
    long t0 = System.nanoTime();
    IpamOperator operator = world.createOperator(world.config());
    AtomicLong firstReconcile = new AtomicLong();
    Thread poller = new Thread(() -> {
      while (firstReconcile.get() == 0 && !Thread.currentThread().isInterrupted()) {
        if (BenchWorld.reconcilesStarted(operator) > 0) {
          firstReconcile.set(System.nanoTime());
        }
        Thread.onSpinWait();
      }
    }, "benchmark-first-reconcile");
    poller.setDaemon(true);
    poller.start();
    long created = System.nanoTime();
    operator.start();
    long started = System.nanoTime();
    boolean ready = tracker.await(List.of(name), Timeline::ready, s.timeout());
    poller.interrupt();
    Timeline t = tracker.timeline(name);
    r.figure("inProcess.createSeconds", seconds(t0, created), "s");
    r.figure("inProcess.startSeconds", seconds(t0, started), "s");
    if (firstReconcile.get() != 0) {
      r.figure("inProcess.firstReconcileSeconds", seconds(t0, firstReconcile.get()), "s");
      long jvmStart = ManagementFactory.getRuntimeMXBean().getStartTime();
      long firstReconcileEpochMs = System.currentTimeMillis() - (System.nanoTime() - firstReconcile.get()) / 1_000_000;
      r.figure("inProcess.jvmStartToFirstReconcileSeconds", (firstReconcileEpochMs - jvmStart) / 1000.0, "s");
    }
    if (t.firstChangeAt != 0) {
      r.figure("inProcess.firstWriteSeconds", seconds(t0, t.firstChangeAt), "s");
    }
    if (world.tally.firstCallNanos() != 0) {
      r.figure("inProcess.firstCloudCallSeconds", seconds(t0, world.tally.firstCallNanos()), "s");
    }
    if (!ready) {
      r.fail(name + " not Ready " + s.timeout().toSeconds() + " s after the operator started");
      return;
    }
    r.figure("inProcess.readySeconds", seconds(t0, t.readyAt), "s");
  }

  private static void childProcess(BenchmarkSettings s, ScenarioResult r, BenchWorld world,
      AllocationTracker tracker, Consumer<String> log) throws Exception {
    String name = "startup-new-process";
    world.create(BenchWorld.allocation(name, BenchWorld.POOL, 24));
    tracker.await(List.of(name), t -> t.addedAt != 0, s.timeout());
    Path dir = Files.createTempDirectory("vpc-ipam-benchmark");
    Path kubeconfig = world.api.writeKubeconfig(dir.resolve("kubeconfig"), BenchWorld.NAMESPACE);
    Path output = dir.resolve("operator.log");
    ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", System.getProperty("java.class.path"), "dev.alicloud.ipam.Main", "run",
        "--cloud-endpoint", "http://" + world.simulator.endpoint(), "--cluster-id", BenchWorld.CLUSTER_ID,
        "--no-server-side-apply", "--http-port", "-1", "--log-level", "WARN");
    Map<String, String> env = pb.environment();
    env.keySet().removeIf(k -> k.startsWith("ALIBABA_CLOUD_") || k.startsWith("IPAM_") || k.equals("KUBECONFIG"));
    env.put("KUBECONFIG", kubeconfig.toString());
    env.put("ALIBABA_CLOUD_ACCESS_KEY_ID", SandboxWorld.OPERATOR_KEY_ID);
    env.put("ALIBABA_CLOUD_ACCESS_KEY_SECRET", SandboxWorld.OPERATOR_KEY_SECRET);
    pb.redirectErrorStream(true).redirectOutput(output.toFile());
    log.accept("new process: java ... run (classpath " + System.getProperty("java.class.path").split(File.pathSeparator)
        .length + " entries)");
    long t0 = System.nanoTime();
    Process process = pb.start();
    try {
      boolean reconciled = tracker.await(List.of(name), t -> t.firstChangeAt != 0, s.timeout());
      boolean ready = reconciled && tracker.await(List.of(name), Timeline::ready, s.timeout());
      Timeline t = tracker.timeline(name);
      if (!reconciled || !ready) {
        String tail = Files.exists(output) ? String.join(" | ", lastLines(output, 5)) : "";
        r.fail("the operator in a new process did not " + (reconciled ? "make " + name + " Ready" : "reconcile "
            + name) + " within " + s.timeout().toSeconds() + " s (alive: " + process.isAlive() + "; log: " + tail
            + ")");
        return;
      }
      r.figure("newProcess.firstReconcileSeconds", seconds(t0, t.firstChangeAt), "s");
      r.figure("newProcess.readySeconds", seconds(t0, t.readyAt), "s");
    } finally {
      process.destroy();
      if (!process.waitFor(20, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
      r.figure("newProcess.exitCode", process.exitValue());
    }
    r.note("inProcess: from IpamOperator.create to its first reconcile (JOSDK's counter), first write on the resource, "
        + "first cloud call and Ready; jvmStartToFirstReconcile also counts the benchmark's own start (embedded API, "
        + "simulator). newProcess: from spawning 'java -cp <this classpath> dev.alicloud.ipam.Main run' (a cold JVM, "
        + "the production command) to the first write it makes on a resource that existed before (its finalizer), "
        + "and to Ready, as the driver's informer saw them. Exit code 143 is the normal answer to SIGTERM.");
  }

  private static List<String> lastLines(Path file, int n) {
    try {
      List<String> lines = Files.readAllLines(file);
      return lines.subList(Math.max(0, lines.size() - n), lines.size());
    } catch (java.io.IOException e) {
      return List.of();
    }
  }
}
