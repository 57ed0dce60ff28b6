package dev.alicloud.ipam.benchmark;

import static dev.alicloud.ipam.benchmark.BenchWorld.seconds;

import dev.alicloud.ipam.benchmark.AllocationTracker.Timeline;
import dev.alicloud.ipam.cloud.ApiQuotas;
import dev.alicloud.ipam.config.IpamOperator;
import java.lang.management.ManagementFactory;
import java.util.List;
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
      world.cloudLimits(s.cloudLatency(), ApiQuotas.UNLIMITED);
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
    log.accept("new process: java -cp ... dev.alicloud.ipam.Main run");
    try (OperatorProcess process = OperatorProcess.start(world)) {
      long t0 = process.startedNanos();
      boolean reconciled = tracker.await(List.of(name), t -> t.firstChangeAt != 0, s.timeout());
      boolean ready = reconciled && tracker.await(List.of(name), Timeline::ready, s.timeout());
      Timeline t = tracker.timeline(name);
      if (!reconciled || !ready) {
        r.fail("the operator in a new process did not " + (reconciled ? "make " + name + " Ready" : "reconcile "
            + name) + " within " + s.timeout().toSeconds() + " s (alive: " + process.alive() + "; log: "
            + process.logTail(5) + ")");
        return;
      }
      r.figure("newProcess.firstReconcileSeconds", seconds(t0, t.firstChangeAt), "s");
      r.figure("newProcess.readySeconds", seconds(t0, t.readyAt), "s");
      r.figure("newProcess.exitCode", process.stop());
    }
    r.note("inProcess: from IpamOperator.create to its first reconcile (JOSDK's counter), first write on the resource, "
        + "first cloud call and Ready; jvmStartToFirstReconcile also counts the benchmark's own start (embedded API, "
        + "simulator). newProcess: from spawning 'java -cp <this classpath> dev.alicloud.ipam.Main run' (a cold JVM, "
        + "the production command) to the first write it makes on a resource that existed before (its finalizer), "
        + "and to Ready, as the driver's informer saw them. Exit code 143 is the normal answer to SIGTERM.");
  }
}
