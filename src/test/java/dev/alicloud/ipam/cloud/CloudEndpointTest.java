package dev.alicloud.ipam.cloud;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("unit")
class CloudEndpointTest {

  @Test
  void defaultsArePublicRegionalHttpsEndpoints() {
    CloudEndpoint e = CloudEndpoint.defaults();
    assertThat(e.isOverridden()).isFalse();
    assertThat(e.hostFor("cn-hangzhou")).isEqualTo("vpcipam.cn-hangzhou.aliyuncs.com");
    assertThat(e.hostFor("ap-southeast-1")).isEqualTo("vpcipam.ap-southeast-1.aliyuncs.com");
    assertThat(e.protocolFor("cn-hangzhou")).isEqualTo("HTTPS");
    assertThat(e.connectTimeout()).isEqualTo(CloudEndpoint.DEFAULT_CONNECT_TIMEOUT);
    assertThat(e.readTimeout()).isEqualTo(CloudEndpoint.DEFAULT_READ_TIMEOUT);
    assertThat(CloudEndpoint.of(null)).isEqualTo(e);
    assertThat(CloudEndpoint.of("  ")).isEqualTo(e);
  }

  @Test
  void httpOverrideWinsForEveryRegion() {
    CloudEndpoint e = CloudEndpoint.of("http://127.0.0.1:8443");
    assertThat(e.hostFor("cn-hangzhou")).isEqualTo("127.0.0.1:8443");
    assertThat(e.hostFor("eu-central-1")).isEqualTo("127.0.0.1:8443");
    assertThat(e.protocolFor("cn-hangzhou")).isEqualTo("HTTP");
    assertThat(CloudEndpoint.of("HTTP://127.0.0.1:8443/")).isEqualTo(e);
  }

  @Test
  void hostOnlyOverrideMeansHttps() {
    CloudEndpoint e = CloudEndpoint.of("vpcipam-vpc.cn-hangzhou.aliyuncs.com");
    assertThat(e.hostFor("cn-shanghai")).isEqualTo("vpcipam-vpc.cn-hangzhou.aliyuncs.com");
    assertThat(e.protocolFor("cn-shanghai")).isEqualTo("HTTPS");
    assertThat(e.override()).isEqualTo("https://vpcipam-vpc.cn-hangzhou.aliyuncs.com");
    assertThat(CloudEndpoint.of("https://vpcipam-vpc.cn-hangzhou.aliyuncs.com")).isEqualTo(e);
  }

  @Test
  void timeoutsCanBeSetAndMustBePositive() {
    CloudEndpoint e = CloudEndpoint.of("127.0.0.1:1").withTimeouts(Duration.ofMillis(300), Duration.ofSeconds(2));
    assertThat(e.connectTimeout()).isEqualTo(Duration.ofMillis(300));
    assertThat(e.readTimeout()).isEqualTo(Duration.ofSeconds(2));
    assertThat(e.hostFor("cn-hangzhou")).isEqualTo("127.0.0.1:1");
    assertThatThrownBy(() -> CloudEndpoint.defaults().withTimeouts(Duration.ZERO, null))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void rejectsPathsSchemesAndBadRegions() {
    assertThatThrownBy(() -> CloudEndpoint.of("ftp://host")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> CloudEndpoint.of("http://host/path")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> CloudEndpoint.of("http://")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> CloudEndpoint.defaults().hostFor("evil.com/x"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> CloudEndpoint.defaults().hostFor(null)).isInstanceOf(IllegalArgumentException.class);
  }
}
