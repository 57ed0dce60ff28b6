package dev.alicloud.ipam.cloud;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.alicloud.ipam.simulator.SimulatorConfig;
import dev.alicloud.ipam.simulator.VpcIpamSimulator;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The client, through the real Tea SDK and ACS3 signatures, against the VpcIpam simulator. */
@Tag("mock")
class VpcIpamClientSimulatorMockTest {

  private static final String REGION = "cn-hangzhou";
  private static final String POOL = "ipam-pool-clienttest0000000001";
  private static final String AK = "LTAI5tClientSimulatorKey";
  private static final String SECRET = "client-sim-secret+/=0123456789";

  private VpcIpamSimulator sim;
  private CloudEndpoint endpoint;
  private VpcIpamClient client;

  @BeforeEach
  void start() {
    sim = VpcIpamSimulator.start(SimulatorConfig.defaults());
    sim.state().addAccessKey(AK, SECRET);
    sim.state().addPool(POOL, REGION, List.of("10.0.0.0/8"), 8, 28);
    endpoint = CloudEndpoint.of("http://" + sim.endpoint()).withTimeouts(Duration.ofSeconds(2),
        Duration.ofSeconds(5));
    client = new VpcIpamClientFactory(endpoint).forRegion(REGION, CloudCredentials.accessKey(AK, SECRET, null));
  }

  @AfterEach
  void stop() {
    if (sim != null) {
      sim.close();
    }
  }

  @Test
  void createGetUpdateDelete() {
    CreatedAllocation created = client.create(new CreateAllocationRequest(null, POOL, "10.1.0.0/16", null, "web",
        "Web tier", false, "tok-create-1"));
    assertThat(created.allocationId()).startsWith("ipam-pool-alloc-");
    assertThat(created.cidr()).isEqualTo("10.1.0.0/16");
    assertThat(created.requestId()).isNotBlank();

    Allocation a = client.get(created.allocationId());
    assertThat(a.allocationId()).isEqualTo(created.allocationId());
    assertThat(a.ipamPoolId()).isEqualTo(POOL);
    assertThat(a.cidr()).isEqualTo("10.1.0.0/16");
    assertThat(a.name()).isEqualTo("web");
    assertThat(a.description()).isEqualTo("Web tier");
    assertThat(a.isDeleted()).isFalse();

    assertThat(client.update(new UpdateAllocationRequest(null, created.allocationId(), "web-2", null, false,
        "tok-update-1"))).isNotBlank();
    assertThat(client.get(created.allocationId()).name()).isEqualTo("web-2");

    assertThat(client.delete(created.allocationId(), false, "tok-delete-1")).isNotBlank();
    try {
      assertThat(client.get(created.allocationId()).isDeleted()).isTrue();
    } catch (CloudException e) {
      assertThat(e.kind()).isEqualTo(ErrorKind.ALLOCATION_GONE);
    }
    expectCloudError(() -> client.delete(created.allocationId(), false, "tok-delete-2"),
        e -> assertThat(e.kind()).isEqualTo(ErrorKind.ALLOCATION_GONE));
  }

  @Test
  void clientTokenMakesCreateIdempotent() {
    CreateAllocationRequest r = new CreateAllocationRequest(REGION, POOL, null, 24, null, null, false, "tok-same");
    CreatedAllocation first = client.create(r);
    CreatedAllocation again = client.create(r);
    assertThat(again.allocationId()).isEqualTo(first.allocationId());
    assertThat(again.cidr()).isEqualTo(first.cidr());
  }

  @Test
  void dryRunsChangeNothing() {
    expectCloudError(() -> client.create(new CreateAllocationRequest(null, POOL, null, 20, null, null, true, null)),
        e -> assertThat(e.kind()).isEqualTo(ErrorKind.DRY_RUN_PASSED));
    assertThat(client.listAll(POOL)).isEmpty();
    CreatedAllocation c = client.create(new CreateAllocationRequest(null, POOL, null, 20, null, null, false, null));
    expectCloudError(() -> client.delete(c.allocationId(), true, null),
        e -> assertThat(e.kind()).isEqualTo(ErrorKind.DRY_RUN_PASSED));
    expectCloudError(() -> client.update(new UpdateAllocationRequest(null, c.allocationId(), "x", null, true,
        null)), e -> assertThat(e.kind()).isEqualTo(ErrorKind.DRY_RUN_PASSED));
    assertThat(client.get(c.allocationId()).isDeleted()).isFalse();
  }

  @Test
  void listPagesAndListAll() {
    Set<String> ids = new HashSet<>();
    for (int i = 0; i < 23; i++) {
      ids.add(client.create(new CreateAllocationRequest(null, POOL, null, 24, "a" + i, null, false, "tok-" + i))
          .allocationId());
    }
    List<Allocation> paged = new ArrayList<>();
    String token = null;
    int pages = 0;
    do {
      AllocationPage page = client.list(POOL, null, 10, token);
      assertThat(page.allocations()).hasSizeLessThanOrEqualTo(10);
      assertThat(page.totalCount()).isEqualTo(23);
      paged.addAll(page.allocations());
      token = page.nextToken();
      pages++;
    } while (token != null && pages < 10);
    assertThat(pages).isEqualTo(3);
    assertThat(paged).extracting(Allocation::allocationId).containsExactlyInAnyOrderElementsOf(ids);
    assertThat(client.listAll(POOL)).extracting(Allocation::allocationId).containsExactlyInAnyOrderElementsOf(ids);

    List<String> two = ids.stream().limit(2).toList();
    assertThat(client.list(POOL, two, 100, null).allocations()).extracting(Allocation::allocationId)
        .containsExactlyInAnyOrderElementsOf(two);
  }

  @Test
  void errorCodesAreMapped() {
    expectCloudError(() -> client.get("ipam-alloc-doesnotexist000000"), e -> {
      assertThat(e.code()).isEqualTo("ResourceNotFound.IpamPoolAllocation");
      assertThat(e.kind()).isEqualTo(ErrorKind.ALLOCATION_GONE);
      assertThat(e.requestId()).isNotBlank();
    });
    expectCloudError(() -> client.listAll("ipam-pool-doesnotexist00000000"),
        e -> assertThat(e.kind()).isEqualTo(ErrorKind.POOL_GONE));
    expectCloudError(() -> new VpcIpamClient(endpoint, "cn-beijing", CloudCredentials.accessKey(AK, SECRET, null))
        .create(new CreateAllocationRequest(null, POOL, null, 24, null, null, false, null)),
        e -> assertThat(e.code()).isEqualTo("OperationDenied.RequestRegionInvalid"));

    String vpcAllocation = sim.state().seedAllocation(POOL, "10.200.0.0/16", "VPC", "vpc-abc").allocationId();
    expectCloudError(() -> client.delete(vpcAllocation, false, null), e -> {
      assertThat(e.code()).isEqualTo("OperationDenied.ResourceTypeIsNotCustom");
      assertThat(e.kind()).isEqualTo(ErrorKind.TERMINAL);
      assertThat(e.hint()).contains("spec.deletionPolicy: Orphan");
    });
  }

  @Test
  void credentialProblemsAreUnauthorized() {
    expectCloudError(() -> new VpcIpamClient(endpoint, REGION, CloudCredentials.accessKey(AK, "wrong-secret", null))
        .listAll(POOL), e -> {
          assertThat(e.kind()).isEqualTo(ErrorKind.UNAUTHORIZED);
          assertThat(e.getMessage()).doesNotContain("wrong-secret").doesNotContain(SECRET);
        });
    expectCloudError(() -> new VpcIpamClient(endpoint, REGION,
        CloudCredentials.accessKey("LTAI5tUnknownKeyXyz", SECRET, null)).listAll(POOL),
        e -> assertThat(e.kind()).isEqualTo(ErrorKind.UNAUTHORIZED));
    sim.state().restrictAccessKey(AK, Set.of("vpc:ListIpamPoolAllocations"));
    expectCloudError(() -> client.create(new CreateAllocationRequest(null, POOL, null, 24, null, null, false, null)),
        e -> {
          assertThat(e.code()).isEqualTo("OperationDenied.Unauthorized");
          assertThat(e.kind()).isEqualTo(ErrorKind.UNAUTHORIZED);
        });
  }

  @Test
  void injectedFaultsAreTransient() {
    sim.faults().throttleRate(1.0);
    expectCloudError(() -> client.listAll(POOL), e -> {
      assertThat(e.kind()).isEqualTo(ErrorKind.THROTTLED);
      assertThat(e.retryable()).isTrue();
    });
    sim.faults().clear().serverErrorRate(1.0);
    expectCloudError(() -> client.listAll(POOL), e -> {
      assertThat(e.kind()).isEqualTo(ErrorKind.UNAVAILABLE);
      assertThat(e.httpStatus()).isIn(500, 503);
    });
    sim.faults().clear().resetRate(1.0);
    expectCloudError(() -> client.listAll(POOL), e -> {
      assertThat(e.code()).isEqualTo("TransportError");
      assertThat(e.kind()).isEqualTo(ErrorKind.UNAVAILABLE);
    });
  }

  private static void expectCloudError(ThrowingCallable call, Consumer<CloudException> check) {
    assertThatThrownBy(call).isInstanceOfSatisfying(CloudException.class, check);
  }
}
