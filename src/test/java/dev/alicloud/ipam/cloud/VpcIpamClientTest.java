package dev.alicloud.ipam.cloud;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.aliyun.tea.TeaRetryableException;
import com.aliyun.tea.TeaUnretryableException;
import java.net.ConnectException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The client over a scripted transport: request mapping, response parsing and error mapping without a network. */
@Tag("unit")
class VpcIpamClientTest {

  /** Answers calls from a script and records what was asked. */
  static final class ScriptedTransport implements RpcTransport {
    final List<String> actions = new ArrayList<>();
    final List<Map<String, String>> queries = new ArrayList<>();
    final Deque<Object> answers = new ArrayDeque<>();

    ScriptedTransport answer(int status, String body) {
      answers.add(new RpcResponse(status, body));
      return this;
    }

    ScriptedTransport fail(Exception e) {
      answers.add(e);
      return this;
    }

    @Override
    public RpcResponse call(String action, Map<String, String> query) throws Exception {
      actions.add(action);
      queries.add(query);
      Object next = answers.removeFirst();
      if (next instanceof Exception e) {
        throw e;
      }
      return (RpcResponse) next;
    }

    @Override
    public String target() {
      return "http://127.0.0.1:1";
    }
  }

  private final ScriptedTransport transport = new ScriptedTransport();
  private final VpcIpamClient client = new VpcIpamClient("cn-hangzhou",
      CloudCredentials.accessKey("LTAI5tExampleKeyabcd", "secret-value-1234", null), transport);

  @Test
  void createMapsRequestAndResponse() {
    transport.answer(200, "{\"RequestId\":\"r1\",\"IpamPoolAllocationId\":\"ipam-alloc-1\",\"Cidr\":\"10.0.0.0/24\","
        + "\"SourceCidr\":\"10.0.0.0/8\"}");
    CreatedAllocation created = client.create(new CreateAllocationRequest("cn-hangzhou", "ipam-pool-1", null, 24,
        "n", "Desc", false, "tok"));
    assertThat(created).isEqualTo(new CreatedAllocation("r1", "ipam-alloc-1", "10.0.0.0/24", "10.0.0.0/8"));
    assertThat(transport.actions).containsExactly("CreateIpamPoolAllocation");
    assertThat(transport.queries.get(0)).containsEntry("RegionId", "cn-hangzhou").containsEntry("CidrMask", "24")
        .containsEntry("ClientToken", "tok").doesNotContainKey("DryRun");
  }

  @Test
  void requestsForAnotherRegionAreRejectedBeforeAnyCall() {
    assertThatThrownBy(() -> client.create(new CreateAllocationRequest("cn-beijing", "ipam-pool-1", null, 24,
        null, null, false, null))).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> client.list("ipam-pool-1", null, 0, null)).isInstanceOf(IllegalArgumentException.class);
    assertThat(transport.actions).isEmpty();
  }

  @Test
  void dryRunPassIsACloudExceptionOfItsOwnKind() {
    transport.answer(400, "{\"RequestId\":\"r2\",\"Code\":\"DryRunOperation\",\"Message\":\"Request validation has "
        + "been passed with DryRun flag set.\"}");
    assertThatThrownBy(() -> client.delete("ipam-alloc-1", true, null))
        .isInstanceOfSatisfying(CloudException.class, e -> {
          assertThat(e.kind()).isEqualTo(ErrorKind.DRY_RUN_PASSED);
          assertThat(e.action()).isEqualTo("DeleteIpamPoolAllocation");
          assertThat(e.requestId()).isEqualTo("r2");
        });
    assertThat(transport.queries.get(0)).containsEntry("DryRun", "true");
  }

  @Test
  void getAndNotFound() {
    transport.answer(200, VpcIpamResponsesTest.ALLOCATION_JSON)
        .answer(400, "{\"Code\":\"ResourceNotFound.IpamPoolAllocation\",\"RequestId\":\"r3\"}");
    assertThat(client.get("ipam-alloc-1").cidr()).isEqualTo("10.1.0.0/16");
    assertThatThrownBy(() -> client.get("ipam-alloc-404"))
        .isInstanceOfSatisfying(CloudException.class, e -> {
          assertThat(e.kind()).isEqualTo(ErrorKind.ALLOCATION_GONE);
          assertThat(e.httpStatus()).isEqualTo(400);
        });
    assertThat(transport.queries.get(1)).containsEntry("IpamPoolAllocationId", "ipam-alloc-404")
        .containsEntry("RegionId", "cn-hangzhou");
  }

  @Test
  void listAllFollowsNextToken() {
    transport.answer(200, page("t1", "10.0.0.0/24", "10.0.1.0/24"))
        .answer(200, page("t2", "10.0.2.0/24"))
        .answer(200, page(null, "10.0.3.0/24"));
    List<Allocation> all = client.listAll("ipam-pool-1");
    assertThat(all).extracting(Allocation::cidr)
        .containsExactly("10.0.0.0/24", "10.0.1.0/24", "10.0.2.0/24", "10.0.3.0/24");
    assertThat(transport.queries).extracting(q -> q.get("MaxResults")).containsOnly("100");
    assertThat(transport.queries).extracting(q -> q.get("NextToken")).containsExactly(null, "t1", "t2");
  }

  @Test
  void listAllStopsOnARepeatedToken() {
    transport.answer(200, page("t1", "10.0.0.0/24")).answer(200, page("t1", "10.0.0.0/24"));
    assertThatThrownBy(() -> client.listAll("ipam-pool-1")).isInstanceOf(CloudException.class)
        .hasMessageContaining("pagination");
  }

  @Test
  void updateAndDeleteReturnTheRequestId() {
    transport.answer(200, "{\"RequestId\":\"u1\"}").answer(200, "{\"RequestId\":\"d1\"}");
    assertThat(client.update(new UpdateAllocationRequest(null, "ipam-alloc-1", "new", "Desc", false, null)))
        .isEqualTo("u1");
    assertThat(client.delete("ipam-alloc-1", false, "tok-d")).isEqualTo("d1");
    assertThat(transport.queries.get(1)).containsEntry("ClientToken", "tok-d").doesNotContainKey("DryRun");
  }

  @Test
  void transportAndGarbageFailuresAreCloudExceptions() {
    transport.fail(new TeaUnretryableException(new TeaRetryableException(new ConnectException("refused"))))
        .answer(200, "<html>captive portal</html>")
        .answer(503, "Service Unavailable");
    assertThatThrownBy(() -> client.get("ipam-alloc-1")).isInstanceOfSatisfying(CloudException.class, e -> {
      assertThat(e.code()).isEqualTo("TransportError");
      assertThat(e.httpStatus()).isZero();
      assertThat(e.kind()).isEqualTo(ErrorKind.UNAVAILABLE);
    });
    assertThatThrownBy(() -> client.get("ipam-alloc-1")).isInstanceOfSatisfying(CloudException.class,
        e -> assertThat(e.code()).isEqualTo("UnknownError"));
    assertThatThrownBy(() -> client.get("ipam-alloc-1")).isInstanceOfSatisfying(CloudException.class, e -> {
      assertThat(e.httpStatus()).isEqualTo(503);
      assertThat(e.kind()).isEqualTo(ErrorKind.UNAVAILABLE);
    });
  }

  @Test
  void toStringNamesRegionAndMaskedIdentity() {
    assertThat(client.toString()).contains("cn-hangzhou", "LTAI****abcd").doesNotContain("secret-value-1234");
    assertThat(client.regionId()).isEqualTo("cn-hangzhou");
  }

  private static String page(String next, String... cidrs) {
    StringBuilder sb = new StringBuilder("{\"RequestId\":\"p\",\"TotalCount\":4,\"IpamPoolAllocations\":[");
    for (int i = 0; i < cidrs.length; i++) {
      sb.append(i > 0 ? "," : "").append("{\"Cidr\":\"").append(cidrs[i]).append("\"}");
    }
    sb.append(']');
    if (next != null) {
      sb.append(",\"NextToken\":\"").append(next).append('"');
    }
    return sb.append('}').toString();
  }
}
