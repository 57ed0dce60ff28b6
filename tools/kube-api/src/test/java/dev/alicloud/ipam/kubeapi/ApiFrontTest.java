package dev.alicloud.ipam.kubeapi;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** How the front turns an HTTP watch into the WebSocket watch the CRUD mock serves. */
@Tag("unit")
class ApiFrontTest {

  @Test
  void theMockIsAskedForWebSocketWatchesInTheFormItKnows() {
    assertThat(ApiFront.webSocketWatchUri(ApiRequest.parse(
        "/apis/ipam.alicloud.dev/v1alpha1/namespaces/default/ipampoolallocations?watch=1&resourceVersion=7")))
        .isEqualTo("/apis/ipam.alicloud.dev/v1alpha1/namespaces/default/ipampoolallocations?watch=true"
            + "&resourceVersion=7");
    assertThat(ApiFront.webSocketWatchUri(ApiRequest.parse("/api/v1/watch/namespaces/default/events")))
        .isEqualTo("/api/v1/namespaces/default/events?watch=true");
  }
}
