package dev.alicloud.ipam.simulator;

import java.util.Random;

/**
 * Generates request ids ({@code B90776C8-F703-51D5-893A-AD1CA699D535}) and allocation ids
 * ({@code ipam-pool-alloc-} + 22 lowercase alphanumerics, the form the published Create, Get, List and Update
 * pages show) from a seeded random, so runs are reproducible.
 */
final class IdGenerator {

  private static final String ALNUM = "abcdefghijklmnopqrstuvwxyz0123456789";
  private static final char[] HEX = "0123456789ABCDEF".toCharArray();

  private final Random random;

  IdGenerator(long seed) {
    this.random = new Random(seed ^ 0x1D5EED1DL);
  }

  synchronized String allocationId() {
    StringBuilder sb = new StringBuilder("ipam-pool-alloc-");
    for (int i = 0; i < 22; i++) {
      sb.append(ALNUM.charAt(random.nextInt(ALNUM.length())));
    }
    return sb.toString();
  }

  synchronized String requestId() {
    StringBuilder sb = new StringBuilder(36);
    for (int i = 0; i < 32; i++) {
      if (i == 8 || i == 12 || i == 16 || i == 20) {
        sb.append('-');
      }
      sb.append(HEX[random.nextInt(16)]);
    }
    return sb.toString();
  }
}
