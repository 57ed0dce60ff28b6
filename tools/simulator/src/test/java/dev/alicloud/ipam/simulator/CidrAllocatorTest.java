package dev.alicloud.ipam.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("unit")
class CidrAllocatorTest {

  private static List<Ipv4Cidr> cidrs(String... texts) {
    List<Ipv4Cidr> list = new ArrayList<>();
    for (String t : texts) {
      list.add(Ipv4Cidr.parse(t));
    }
    return list;
  }

  private static Optional<String> place(List<Ipv4Cidr> ranges, int prefix, List<Ipv4Cidr> used) {
    return CidrAllocator.lowestFree(ranges, prefix, used).map(Ipv4Cidr::toString);
  }

  @Test
  void emptyPoolGivesFirstBlock() {
    assertThat(place(cidrs("10.0.0.0/16"), 24, List.of())).contains("10.0.0.0/24");
  }

  @Test
  void skipsUsedBlocksAndKeepsAlignment() {
    // a /26 in the middle forces the next /24 past it, aligned
    assertThat(place(cidrs("10.0.0.0/16"), 24, cidrs("10.0.0.64/26"))).contains("10.0.1.0/24");
    assertThat(place(cidrs("10.0.0.0/16"), 26, cidrs("10.0.0.64/26"))).contains("10.0.0.0/26");
    assertThat(place(cidrs("10.0.0.0/16"), 26, cidrs("10.0.0.0/26", "10.0.0.64/26"))).contains("10.0.0.128/26");
  }

  @Test
  void fillsHolesBeforeGoingHigher() {
    assertThat(place(cidrs("10.0.0.0/16"), 24, cidrs("10.0.0.0/24", "10.0.2.0/24"))).contains("10.0.1.0/24");
  }

  @Test
  void handlesNestedUsedBlocks() {
    assertThat(place(cidrs("10.0.0.0/16"), 24, cidrs("10.0.0.0/22", "10.0.1.0/24"))).contains("10.0.4.0/24");
  }

  @Test
  void searchesRangesFromLowestAddressAndSkipsTooSmallRanges() {
    List<Ipv4Cidr> ranges = cidrs("192.168.0.0/24", "10.0.0.0/28", "172.16.0.0/20");
    assertThat(place(ranges, 28, List.of())).contains("10.0.0.0/28");
    assertThat(place(ranges, 28, cidrs("10.0.0.0/28"))).contains("172.16.0.0/28");
    assertThat(place(ranges, 19, List.of())).isEmpty(); // larger than every range
    assertThat(place(ranges, 21, List.of())).contains("172.16.0.0/21");
    assertThat(place(ranges, 24, cidrs("172.16.0.0/20"))).contains("192.168.0.0/24");
  }

  @Test
  void fullPoolHasNoBlock() {
    assertThat(place(cidrs("10.0.0.0/24"), 25, cidrs("10.0.0.0/25", "10.0.0.128/25"))).isEmpty();
    assertThat(place(cidrs("10.0.0.0/24"), 24, cidrs("10.0.0.128/32"))).isEmpty();
  }

  @Test
  void ignoresUsedBlocksOutsideTheRange() {
    assertThat(place(cidrs("10.0.0.0/24"), 24, cidrs("9.0.0.0/8", "11.0.0.0/8"))).contains("10.0.0.0/24");
  }

  @Test
  void exhaustivePackingNeverOverlaps() {
    List<Ipv4Cidr> ranges = cidrs("10.0.0.0/22");
    List<Ipv4Cidr> used = new ArrayList<>();
    int[] prefixes = {26, 24, 28, 25, 27, 26, 28, 24};
    for (int round = 0; round < 100; round++) {
      Optional<Ipv4Cidr> next = CidrAllocator.lowestFree(ranges, prefixes[round % prefixes.length], used);
      if (next.isEmpty()) {
        continue;
      }
      for (Ipv4Cidr u : used) {
        assertThat(u.overlaps(next.get())).as("%s overlaps %s", next.get(), u).isFalse();
      }
      assertThat(ranges.get(0).contains(next.get())).isTrue();
      used.add(next.get());
    }
    Optional<Ipv4Cidr> hole;
    while ((hole = CidrAllocator.lowestFree(ranges, 28, used)).isPresent()) {
      used.add(hole.get()); // the smallest size fills every hole that is left
    }
    long total = used.stream().mapToLong(Ipv4Cidr::size).sum();
    assertThat(total).isEqualTo(1024); // the /22 is fully packed, nothing double-counted
  }
}
