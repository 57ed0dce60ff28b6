package dev.alicloud.ipam.benchmark;

import java.util.Arrays;
import java.util.Collection;

/** Order statistics of a sample, by the nearest-rank method (no interpolation: every figure is a value measured). */
public final class Percentiles {

  /**
   * Summary of a sample.
   *
   * @param count how many values
   * @param min the smallest
   * @param p50 the median (nearest rank)
   * @param p90 the 90th percentile
   * @param p99 the 99th percentile
   * @param max the largest
   * @param mean the arithmetic mean
   */
  public record Summary(int count, double min, double p50, double p90, double p99, double max, double mean) {
  }

  private Percentiles() {
  }

  /**
   * The nearest-rank percentile: the smallest value such that at least {@code p} percent of the sample is less than or
   * equal to it ({@code p} in (0, 100]; 0 gives the minimum).
   *
   * @throws IllegalArgumentException for an empty sample or {@code p} outside [0, 100]
   */
  public static double percentile(double[] sorted, double p) {
    if (sorted.length == 0) {
      throw new IllegalArgumentException("no values");
    }
    if (!(p >= 0 && p <= 100)) {
      throw new IllegalArgumentException("percentile must be within [0, 100]: " + p);
    }
    int rank = (int) Math.ceil(p / 100.0 * sorted.length);
    return sorted[Math.max(0, rank - 1)];
  }

  /** Summarises a sample in any order. */
  public static Summary summarize(Collection<? extends Number> values) {
    double[] sorted = values.stream().mapToDouble(Number::doubleValue).sorted().toArray();
    if (sorted.length == 0) {
      throw new IllegalArgumentException("no values");
    }
    return new Summary(sorted.length, sorted[0], percentile(sorted, 50), percentile(sorted, 90),
        percentile(sorted, 99), sorted[sorted.length - 1], Arrays.stream(sorted).average().orElse(0));
  }
}
