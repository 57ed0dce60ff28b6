package dev.alicloud.ipam.simulator;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * Mask-based placement: finds the lowest free, aligned block of a given prefix length inside a set of provisioned
 * CIDRs, the way an IPAM picks a CIDR when only {@code CidrMask} is given. Pure function, no state.
 */
public final class CidrAllocator {

  private CidrAllocator() {
  }

  /**
   * Lowest free block of {@code prefix} inside {@code ranges} that overlaps none of {@code used}.
   *
   * @param ranges provisioned CIDRs, in any order (searched from the lowest address up)
   * @param prefix wanted prefix length, 0..32
   * @param used blocks already taken (may lie anywhere, may be nested)
   */
  public static Optional<Ipv4Cidr> lowestFree(Collection<Ipv4Cidr> ranges, int prefix, Collection<Ipv4Cidr> used) {
    if (prefix < 0 || prefix > 32) {
      throw new IllegalArgumentException("prefix length must be 0..32: " + prefix);
    }
    List<Ipv4Cidr> sortedRanges = new ArrayList<>(ranges);
    sortedRanges.sort(null);
    List<Ipv4Cidr> sortedUsed = new ArrayList<>(used);
    sortedUsed.sort(null);
    long size = 1L << (32 - prefix);
    for (Ipv4Cidr range : sortedRanges) {
      if (range.prefix() > prefix) {
        continue; // the block would be larger than this provisioned CIDR
      }
      long cursor = range.first(); // aligned: the range is aligned to a size >= block size
      for (Ipv4Cidr u : sortedUsed) {
        if (u.last() < cursor || !u.overlaps(range)) {
          continue;
        }
        if (cursor + size - 1 < u.first()) {
          break; // the block at cursor ends before this (and every later) used block starts
        }
        cursor = Math.max(cursor, alignUp(u.last() + 1, size));
        if (cursor > range.last()) {
          break;
        }
      }
      if (cursor + size - 1 <= range.last()) {
        return Optional.of(Ipv4Cidr.of(cursor, prefix));
      }
    }
    return Optional.empty();
  }

  private static long alignUp(long value, long size) {
    return ((value + size - 1) / size) * size;
  }
}
