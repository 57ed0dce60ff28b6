package dev.alicloud.ipam.benchmark;

import static dev.alicloud.ipam.benchmark.BenchWorld.seconds;
import static dev.alicloud.ipam.benchmark.MemoryProbe.mb;

import java.time.Duration;
import java.util.List;
import java.util.OptionalLong;
import java.util.function.Consumer;
import java.util.stream.IntStream;

/**
 * Heap and resident memory with N Ready resources in the operator's informer cache. The resources are Ready with a
 * full status, as in a cluster the operator has run for a while (built by {@link ReadyPopulation}); the operator
 * starts on them and checks each once (one List per pool page, no writes), then memory is read. The process also
 * holds the embedded API server (which stores the N resources as JSON) and the simulator: the operator's own share is
 * the heap after a full GC with the operator running minus the same without it.
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
      world.cloudLimits(Duration.ZERO, 0);
      long heapWithout = MemoryProbe.heapAfterGc();
      OptionalLong rssWithout = MemoryProbe.procStatus("VmRSS");
      boolean hwmReset = MemoryProbe.resetPeaks();

      log.accept("operator starting on " + n + " Ready resources");
      long started = System.nanoTime();
      world.startOperator(world.config());
      r.figure("informerSyncSeconds", seconds(started, System.nanoTime()), "s");
      if (!DriftScenario.awaitReconciled(world, n, s.timeout())) {
        r.fail(world.readyInOperator() + " of " + n + " reconciled after " + s.timeout().toSeconds() + " s");
        return;
      }
      r.figure("allCheckedSeconds", seconds(started, System.nanoTime()), "s");
      long peakHeap = MemoryProbe.heapPeak();
      OptionalLong hwm = MemoryProbe.procStatus("VmHWM");
      long heapWith = MemoryProbe.heapAfterGc();
      OptionalLong rssWith = MemoryProbe.procStatus("VmRSS");
      r.figure("resources", n, "resources");
      r.figure("heapAfterGcMb", mb(heapWith), "MiB");
      r.figure("operatorHeapMb", mb(heapWith - heapWithout), "MiB");
      r.figure("operatorHeapPerResourceKb", (heapWith - heapWithout) / 1024.0 / n, "KiB");
      r.figure("peakHeapMb", mb(peakHeap), "MiB");
      rssWith.ifPresent(v -> r.figure("vmRssMb", mb(v), "MiB"));
      hwm.ifPresent(v -> r.figure("vmHwmMb", mb(v), "MiB"));
      rssWithout.ifPresent(v -> r.figure("vmRssWithoutOperatorMb", mb(v), "MiB"));
      r.figure("vmHwmSinceOperatorStart", hwmReset);
      r.figure("maxHeapMb", mb(Runtime.getRuntime().maxMemory()), "MiB");

      world.stopOperator();
      long heapAfterStop = MemoryProbe.heapAfterGc();
      r.figure("heapFreedByStoppingOperatorMb", mb(heapWith - heapAfterStop), "MiB");
      r.note("Measured in the benchmark's own process, which also holds the embedded API server (the " + n
          + " resources as JSON) and the simulator. operatorHeapMb = heap after full GC with the operator started and "
          + "every resource checked, minus before it started; heapFreedByStoppingOperatorMb = the same measured by "
          + "stopping it. peakHeapMb (heap pools' peaks, garbage included) and vmHwmMb (peak RSS, reset through "
          + "/proc/self/clear_refs when vmHwmSinceOperatorStart is true) cover the operator's start only.");
    }
  }
}
