package dev.alicloud.ipam.cloud;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The published limits and the override syntax of --cloud-rate-limit. */
@Tag("unit")
class ApiQuotasTest {

  @Test
  void thePublishedLimitsOfEveryActionTheOperatorCalls() {
    for (String action : new String[] {"CreateIpamPoolAllocation", "DeleteIpamPoolAllocation",
        "UpdateIpamPoolAllocation", "GetIpamPoolAllocation", "GetIpamPoolNextAvailableCidr"}) {
      assertThat(ApiQuotas.PUBLISHED.forAction(action)).as(action).isEqualTo(ApiQuota.of(300, 60));
    }
    for (String action : new String[] {"ListIpamPoolAllocations", "ListIpamPools", "ListIpamPoolCidrs"}) {
      assertThat(ApiQuotas.PUBLISHED.forAction(action)).as(action).isEqualTo(ApiQuota.of(800, 60));
    }
    assertThat(ApiQuota.of(300, 60).perSecond()).isEqualTo(5.0);
    assertThat(ApiQuota.of(300, 60)).hasToString("300/60s");
  }

  @Test
  void overridesPerActionKeepTheOtherPublishedLimits() {
    ApiQuotas raised = ApiQuotas.PUBLISHED.with("CreateIpamPoolAllocation=600/60s, ListIpamPoolAllocations=2000/1m");
    assertThat(raised.forAction("CreateIpamPoolAllocation")).isEqualTo(ApiQuota.of(600, 60));
    assertThat(raised.forAction("ListIpamPoolAllocations")).isEqualTo(ApiQuota.of(2000, 60));
    assertThat(raised.forAction("DeleteIpamPoolAllocation")).isEqualTo(ApiQuota.of(300, 60));
    assertThat(ApiQuotas.PUBLISHED.with(" ")).isSameAs(ApiQuotas.PUBLISHED);
  }

  @Test
  void anEntryWithoutActionSetsEveryActionAndLaterEntriesRefineIt() {
    ApiQuotas q = ApiQuotas.PUBLISHED.with("50,DeleteIpamPoolAllocation=10");
    assertThat(q.forAction("CreateIpamPoolAllocation")).as("50 per second").isEqualTo(ApiQuota.of(50, 1));
    assertThat(q.forAction("ListIpamPools")).isEqualTo(ApiQuota.of(50, 1));
    assertThat(q.forAction("DeleteIpamPoolAllocation")).isEqualTo(ApiQuota.of(10, 1));
    assertThat(ApiQuotas.PUBLISHED.with("0").forAction("CreateIpamPoolAllocation").isUnlimited()).isTrue();
  }

  @ParameterizedTest
  @ValueSource(strings = {"fast", "CreateIpamPoolAllocation=", "5.5", "-1", "300/0s", "Create=300/60h", "=5"})
  void unreadableOverridesNameTheEntry(String entry) {
    assertThatThrownBy(() -> ApiQuotas.PUBLISHED.with("ListIpamPools=800/60s," + entry))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("\"" + entry.strip() + "\"");
  }
}
