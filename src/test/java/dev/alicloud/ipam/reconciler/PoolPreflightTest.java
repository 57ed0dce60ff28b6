package dev.alicloud.ipam.reconciler;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The block arithmetic of the pool check (the calls themselves are covered by InputAndOwnershipMockTest). */
@Tag("unit")
class PoolPreflightTest {

  @Test
  void aBlockLiesInsideAPoolCidrOnlyWhenItsNetworkAndSizeFit() {
    assertThat(PoolPreflight.contains("10.0.0.0/8", "10.1.0.0/16")).isTrue();
    assertThat(PoolPreflight.contains("10.0.0.0/8", "10.0.0.0/8")).isTrue();
    assertThat(PoolPreflight.contains("10.0.0.0/8", "11.0.0.0/16")).isFalse();
    assertThat(PoolPreflight.contains("10.0.0.0/16", "10.0.0.0/8")).as("larger than the pool CIDR").isFalse();
    assertThat(PoolPreflight.contains("0.0.0.0/0", "192.0.2.0/24")).isTrue();
    assertThat(PoolPreflight.contains("192.168.0.0/16", "192.168.255.252/30")).isTrue();
    assertThat(PoolPreflight.contains("garbage", "10.0.0.0/8")).isFalse();
  }
}
