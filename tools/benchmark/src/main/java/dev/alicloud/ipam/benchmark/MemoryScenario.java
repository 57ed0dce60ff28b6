package dev.alicloud.ipam.benchmark;

import static dev.alicloud.ipam.benchmark.BenchWorld.seconds;
import static dev.alicloud.ipam.benchmark.MemoryProbe.mb;

import dev.alicloud.ipam.cloud.ApiQuotas;
import java.time.Duration;
import java.util.List;
import java.util.OptionalDouble;
import java.util.OptionalLong;
import java.util.function.Consumer;
import java.util.stream.IntStream;

/**
 * Heap and resident memory with N Ready resources in the operator's informer cache. The resources are Ready with a
 * full status, as in a cluster the operator has run in for a while (built by {@link ReadyPopulation}); the operator
 * starts on them and checks each once (one List per page of a pool, no writes), then memory is read.
 *
 * <p>Twice: in this process ({@code inProcess.*}: heap after full GC from the MemoryMXBean, the operator's share as the
 * difference with and without it; RSS from /proc/self/status, which also holds the embedded API server with the N
 * resources and the simulator), and as the production {@code run} command in a JVM of its own ({@code newProcess.*}:
 * its /proc/PID/status, and its heap from its /metrics after {@code jcmd PID GC.run}), the operator alone.
 */
final class MemoryScenario {

  private MemoryScenario() {
  }

  static void run(BenchmarkSettings s, ScenarioResult r, Consumer<String> log) throws Exception {
    int n = s.memoryAllocations();
    List<String> pools = IntStream.range(0, s.driftPools()).mapToObj(i -> String.format("ipam-pool-mem%02d", i))
        .toList();
    try (BenchWorld world = BenchWorld.start()) {
      ReadyPopulation.build(world, "memory", n, pools, s.timeout(), log);
      world.cloudLimits(Duration.ZERO, ApiQuotas.UNLIMITED);
      r.figure("resources", n, "resources");
      inProcess(s, r, world, n, log);
      newProcess(s, r, world, n, log);
      r.note("inProcess: the benchmark's own JVM, which also holds the embedded API server (the " + n + " resources "
          + "as JSON) and the simulator. operatorHeapMb = heap after full GC with the operator started and every "
          + "resource checked, minus the same before it started; heapFreedByStoppingOperatorMb measures it the other "
          + "way. peakHeapMb (heap pools' peaks, garbage included) and vmHwmMb (peak RSS, reset through "
          + "/proc/self/clear_refs when vmHwmReset is true) cover the operator's start only; RSS is the whole "
          + "process's and mostly follows the JVM's heap sizing. newProcess: the 'run' command in a JVM of its own "
          + "with default flags (max heap " + Math.round(mb(Runtime.getRuntime().maxMemory())) + " MiB here), the "
          + "operator alone: vmHwmMb is its peak RSS, heapAfterGcMb its heap after jcmd GC.run.");
    }
  }

  private static void inProcess(BenchmarkSettings s, ScenarioResult r, BenchWorld world, int n,
      Consumer<String> log) throws Exception {
    long heapWithout = MemoryProbe.heapAfterGc();
    OptionalLong rssWithout = MemoryProbe.procStatus("VmRSS");
    boolean hwmReset = MemoryProbe.resetPeaks();

    log.accept("in-process: operator starting on " + n + " Ready resources");
    long started = System.nanoTime();
    world.startOperator(world.config());
    r.figure("inProcess.informerSyncSeconds", seconds(started, System.nanoTime()), "s");
    if (!DriftScenario.awaitReconciled(world, n, s.timeout())) {
      r.fail(world.readyInOperator() + " of " + n + " reconciled within " + s.timeout().toSeconds() + " s");
      return;
    }
    r.figure("inProcess.allCheckedSeconds", seconds(started, System.nanoTime()), "s");
    long peakHeap = MemoryProbe.heapPeak();
    OptionalLong hwm = MemoryProbe.procStatus("VmHWM");
    long heapWith = MemoryProbe.heapAfterGc();
    OptionalLong rssWith = MemoryProbe.procStatus("VmRSS");
    r.figure("inProcess.heapAfterGcMb", mb(heapWith), "MiB");
    r.figure("inProcess.operatorHeapMb", mb(heapWith - heapWithout), "MiB");
    r.figure("inProcess.operatorHeapPerResourceKb", (heapWith - heapWithout) / 1024.0 / n, "KiB");
    r.figure("inProcess.peakHeapMb", mb(peakHeap), "MiB");
    rssWith.ifPresent(v -> r.figure("inProcess.vmRssMb", mb(v), "MiB"));
    hwm.ifPresent(v -> r.figure("inProcess.vmHwmMb", mb(v), "MiB"));
    rssWithout.ifPresent(v -> r.figure("inProcess.vmRssWithoutOperatorMb", mb(v), "MiB"));
    r.figure("inProcess.vmHwmReset", hwmReset);
    world.stopOperator();
    r.figure("inProcess.heapFreedByStoppingOperatorMb", mb(heapWith - MemoryProbe.heapAfterGc()), "MiB");
  }

  private static void newProcess(BenchmarkSettings s, ScenarioResult r, BenchWorld world, int n,
      Consumer<String> log) throws Exception {
    log.accept("new process: the run command on the same " + n + " resources");
    try (OperatorProcess process = OperatorProcess.start(world)) {
      long deadline = process.startedNanos() + s.timeout().toNanos();
      String metrics = "";
      while (System.nanoTime() < deadline && process.alive()) {
        metrics = process.metrics();
        if (OperatorProcess.sum(metrics, "ipam_allocations", "state=\"ready\"").orElse(0) >= n) {
          break;
        }
        Thread.sleep(200);
      }
      if (OperatorProcess.sum(metrics, "ipam_allocations", "state=\"ready\"").orElse(0) < n) {
        r.fail("the operator in a new process did not check all " + n + " resources within "
            + s.timeout().toSeconds() + " s (alive: " + process.alive() + "; log: " + process.logTail(5) + ")");
        return;
      }
      r.figure("newProcess.allCheckedSeconds", seconds(process.startedNanos(), System.nanoTime()), "s");
      process.procStatus("VmRSS").ifPresent(v -> r.figure("newProcess.vmRssMb", mb(v), "MiB"));
      OptionalDouble heap = OperatorProcess.sum(metrics, "jvm_memory_used_bytes", "area=\"heap\"");
      heap.ifPresent(v -> r.figure("newProcess.heapUsedMb", mb((long) v), "MiB"));
      boolean collected = process.gc();
      r.figure("newProcess.gcRun", collected);
      if (collected) {
        OperatorProcess.sum(process.metrics(), "jvm_memory_used_bytes", "area=\"heap\"")
            .ifPresent(v -> r.figure("newProcess.heapAfterGcMb", mb((long) v), "MiB"));
        r.figure("newProcess.heapAfterGcPerResourceKb", OperatorProcess.sum(process.metrics(),
            "jvm_memory_used_bytes", "area=\"heap\"").orElse(0) / 1024.0 / n, "KiB");
      }
      process.procStatus("VmRSS").ifPresent(v -> r.figure("newProcess.vmRssAfterGcMb", mb(v), "MiB"));
      process.procStatus("VmHWM").ifPresent(v -> r.figure("newProcess.vmHwmMb", mb(v), "MiB"));
      r.figure("newProcess.exitCode", process.stop());
    }
  }
}
