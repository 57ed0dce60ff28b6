package dev.alicloud.ipam.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@Tag("unit")
class Ipv4CidrTest {

  @Test
  void parsesCanonicalCidrAndComputesBounds() {
    Ipv4Cidr c = Ipv4Cidr.parse("10.1.2.0/24");
    assertThat(c.prefix()).isEqualTo(24);
    assertThat(c.size()).isEqualTo(256);
    assertThat(c.first()).isEqualTo((10L << 24) | (1 << 16) | (2 << 8));
    assertThat(c.last()).isEqualTo(c.first() + 255);
    assertThat(c).hasToString("10.1.2.0/24");
  }

  @Test
  void handlesExtremes() {
    assertThat(Ipv4Cidr.parse("0.0.0.0/0").size()).isEqualTo(1L << 32);
    assertThat(Ipv4Cidr.parse("0.0.0.0/0").last()).isEqualTo(0xFFFF_FFFFL);
    assertThat(Ipv4Cidr.parse("255.255.255.255/32").size()).isEqualTo(1);
    assertThat(Ipv4Cidr.of(0xFFFF_FF00L, 24)).hasToString("255.255.255.0/24");
  }

  @ParameterizedTest
  @ValueSource(strings = {"10.0.0.1/24", "10.0.0.0", "10.0.0.0/33", "10.0.0/24", "010.0.0.0/8", "10.0.0.0/08",
      "256.0.0.0/8", "a.b.c.d/8", "10.0.0.0/-1", "", "10.0.0.0//8", " 10.0.0.0/8", "10.0.0.0/8 ", "2408::/56",
      "10.0.0.0/"})
  void rejectsNonCanonicalInput(String text) {
    assertThatThrownBy(() -> Ipv4Cidr.parse(text)).isInstanceOf(IllegalArgumentException.class);
    assertThat(Ipv4Cidr.tryParse(text)).isEmpty();
  }

  @Test
  void containmentAndOverlap() {
    Ipv4Cidr big = Ipv4Cidr.parse("10.0.0.0/16");
    Ipv4Cidr small = Ipv4Cidr.parse("10.0.255.0/24");
    Ipv4Cidr outside = Ipv4Cidr.parse("10.1.0.0/24");
    assertThat(big.contains(small)).isTrue();
    assertThat(small.contains(big)).isFalse();
    assertThat(big.overlaps(small)).isTrue();
    assertThat(small.overlaps(big)).isTrue();
    assertThat(big.overlaps(outside)).isFalse();
    assertThat(big.contains(outside)).isFalse();
    assertThat(Ipv4Cidr.parse("10.0.0.0/25").overlaps(Ipv4Cidr.parse("10.0.0.128/25"))).isFalse();
  }

  @Test
  void equalityAndOrder() {
    assertThat(Ipv4Cidr.parse("10.0.0.0/24")).isEqualTo(Ipv4Cidr.of(10L << 24, 24))
        .hasSameHashCodeAs(Ipv4Cidr.of(10L << 24, 24));
    assertThat(Ipv4Cidr.parse("10.0.0.0/24")).isNotEqualTo(Ipv4Cidr.parse("10.0.0.0/25"));
    assertThat(Ipv4Cidr.parse("9.0.0.0/8").compareTo(Ipv4Cidr.parse("10.0.0.0/8"))).isNegative();
  }

  @Test
  void ofRejectsHostBits() {
    assertThatThrownBy(() -> Ipv4Cidr.of(1, 24)).isInstanceOf(IllegalArgumentException.class);
  }
}
