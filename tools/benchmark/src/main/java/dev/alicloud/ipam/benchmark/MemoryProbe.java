package dev.alicloud.ipam.benchmark;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalLong;

/** This process's memory: heap after a full collection, heap peaks, and resident set size from /proc/self/status. */
final class MemoryProbe {

  private static final Path STATUS = Path.of("/proc/self/status");
  private static final Path CLEAR_REFS = Path.of("/proc/self/clear_refs");

  private MemoryProbe() {
  }

  /** Heap in use after asking for full collections until it stops shrinking (at most 5). */
  static long heapAfterGc() throws InterruptedException {
    var memory = ManagementFactory.getMemoryMXBean();
    long previous = Long.MAX_VALUE;
    long used = 0;
    for (int i = 0; i < 5; i++) {
      System.gc();
      Thread.sleep(100);
      used = memory.getHeapMemoryUsage().getUsed();
      if (used >= previous - (1 << 20)) {
        break;
      }
      previous = used;
    }
    return used;
  }

  /** Sum of the heap pools' peaks since the last {@link #resetPeaks()}. */
  static long heapPeak() {
    return ManagementFactory.getMemoryPoolMXBeans().stream().filter(p -> p.getType() == MemoryType.HEAP)
        .mapToLong(p -> p.getPeakUsage().getUsed()).sum();
  }

  /**
   * Resets the heap pools' peaks and the kernel's peak RSS (VmHWM, by writing 5 to /proc/self/clear_refs).
   *
   * @return whether VmHWM could be reset (otherwise it is the peak since the process started)
   */
  static boolean resetPeaks() {
    ManagementFactory.getMemoryPoolMXBeans().forEach(MemoryPoolMXBean::resetPeakUsage);
    try {
      Files.writeString(CLEAR_REFS, "5");
      return true;
    } catch (IOException | SecurityException | UnsupportedOperationException e) {
      return false;
    }
  }

  /** A field of /proc/self/status in bytes, e.g. {@code VmRSS}; empty where there is none (not Linux). */
  static OptionalLong procStatus(String field) {
    try {
      return parseStatus(Files.readString(STATUS), field);
    } catch (IOException | SecurityException e) {
      return OptionalLong.empty();
    }
  }

  /** Reads {@code VmRSS:   123456 kB} style lines. */
  static OptionalLong parseStatus(String status, String field) {
    for (String line : status.split("\n")) {
      if (line.startsWith(field + ":")) {
        String[] parts = line.substring(field.length() + 1).trim().split("\\s+");
        try {
          long value = Long.parseLong(parts[0]);
          return OptionalLong.of(parts.length > 1 && parts[1].equalsIgnoreCase("kB") ? value * 1024 : value);
        } catch (NumberFormatException e) {
          return OptionalLong.empty();
        }
      }
    }
    return OptionalLong.empty();
  }

  static double mb(long bytes) {
    return bytes / (1024.0 * 1024.0);
  }
}
