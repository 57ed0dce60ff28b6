package dev.alicloud.ipam.config;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("unit")
class ClusterIdentityTest {

  @Test
  void aNamespaceUidBecomesAValidClusterId() {
    String id = ClusterIdentity.fromUid("8A1F0C2E-93B4-4D5A-A7C1-0E2B3C4D5E6F");

    assertThat(id).isEqualTo("8a1f0c2e93b44d5aa7c10e2b3c4d5e6f").matches(OperatorConfig.CLUSTER_ID_PATTERN);
    assertThat(OperatorConfig.defaults().withClusterId(id).clusterId()).isEqualTo(id);
  }
}
