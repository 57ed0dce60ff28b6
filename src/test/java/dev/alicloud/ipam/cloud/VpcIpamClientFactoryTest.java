package dev.alicloud.ipam.cloud;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("unit")
class VpcIpamClientFactoryTest {

  private final VpcIpamClientFactory factory = new VpcIpamClientFactory(CloudEndpoint.of("http://127.0.0.1:1"));
  private final CloudCredentials keys = CloudCredentials.accessKey("LTAI5tExampleKeyabcd", "secret-1234", null);

  @Test
  void cachesPerRegionAndCredentials() {
    VpcIpamClient a = factory.forRegion("cn-hangzhou", keys);
    assertThat(factory.forRegion("cn-hangzhou", CloudCredentials.accessKey("LTAI5tExampleKeyabcd", "secret-1234",
        null))).isSameAs(a);
    assertThat(factory.forRegion("cn-shanghai", keys)).isNotSameAs(a);
    VpcIpamClient rotated = factory.forRegion("cn-hangzhou",
        CloudCredentials.accessKey("LTAI5tExampleKeyabcd", "secret-5678", null));
    assertThat(rotated).isNotSameAs(a);
    assertThat(factory.size()).isEqualTo(3);
    factory.invalidate(keys);
    assertThat(factory.size()).isEqualTo(1);
    assertThat(factory.forRegion("cn-hangzhou", keys)).isNotSameAs(a);
    assertThat(a.regionId()).isEqualTo("cn-hangzhou");
  }

  @Test
  void concurrentCallersShareOneClient() {
    List<VpcIpamClient> clients = IntStream.range(0, 16)
        .mapToObj(i -> CompletableFuture.supplyAsync(() -> factory.forRegion("cn-hangzhou", keys)))
        .toList().stream().map(CompletableFuture::join).toList();
    assertThat(clients).allSatisfy(c -> assertThat(c).isSameAs(clients.get(0)));
  }

  @Test
  void rejectsBadRegions() {
    assertThatThrownBy(() -> factory.forRegion("bad/region", keys)).isInstanceOf(IllegalArgumentException.class);
  }
}
