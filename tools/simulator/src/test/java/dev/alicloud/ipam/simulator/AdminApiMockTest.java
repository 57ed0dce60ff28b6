package dev.alicloud.ipam.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import com.aliyun.tea.TeaException;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("mock")
class AdminApiMockTest extends SimulatorFixture {

  private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  private HttpResponse<String> admin(String method, String pathAndQuery) throws Exception {
    HttpRequest request = HttpRequest.newBuilder(URI.create("http://" + sim.endpoint() + pathAndQuery))
        .method(method, HttpRequest.BodyPublishers.noBody()).build();
    return http.send(request, HttpResponse.BodyHandlers.ofString());
  }

  private String rawStatusLine(String requestLine) throws Exception {
    try (Socket socket = new Socket("127.0.0.1", sim.port())) {
      socket.setSoTimeout(5000);
      OutputStream out = socket.getOutputStream();
      out.write((requestLine + "\r\nHost: 127.0.0.1\r\nContent-Length: 0\r\nConnection: close\r\n\r\n")
          .getBytes(StandardCharsets.US_ASCII));
      out.flush();
      return new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII))
          .readLine();
    }
  }

  @Test
  void stateDumpShowsPoolsAllocationsAndCounters() throws Exception {
    client.call("CreateIpamPoolAllocation", Map.of("RegionId", REGION, "IpamPoolId", POOL, "CidrMask", 24));
    HttpResponse<String> state = admin("GET", "/_admin/state");
    assertThat(state.statusCode()).isEqualTo(200);
    assertThat(state.headers().firstValue("content-type")).hasValueSatisfying(v -> assertThat(v).contains("json"));
    assertThat(state.body()).contains("\"poolId\":\"" + POOL + "\"").contains("\"cidr\":\"10.0.0.0/24\"")
        .contains("\"CreateIpamPoolAllocation/OK\":1").contains(AK).doesNotContain(SECRET);
  }

  @Test
  void faultsCanBeSetAndResetOverHttp() throws Exception {
    HttpResponse<String> set = admin("POST", "/_admin/faults?throttleRate=1.0&latencyMs=5&actions=ListIpamPools");
    assertThat(set.statusCode()).isEqualTo(200);
    assertThat(sim.faults().throttleRate()).isEqualTo(1.0);
    TeaException e = client.error("ListIpamPools", Map.of("RegionId", REGION));
    assertThat(e.getCode()).isEqualTo("Throttling.User");
    assertThat(client.call("ListIpamPoolAllocations", Map.of("RegionId", REGION, "IpamPoolId", POOL)))
        .containsKey("IpamPoolAllocations"); // out of scope
    assertThat(admin("POST", "/_admin/reset-faults").statusCode()).isEqualTo(200);
    assertThat(sim.faults().throttleRate()).isZero();
    assertThat(client.call("ListIpamPools", Map.of("RegionId", REGION))).containsKey("IpamPools");
  }

  @Test
  void seedingOverHttp() throws Exception {
    assertThat(admin("POST", "/_admin/pools?poolId=ipam-pool-http&regionId=cn-beijing&cidrs=192.168.0.0/16"
        + "&minMask=16&maxMask=24").statusCode()).isEqualTo(200);
    assertThat(admin("POST", "/_admin/allocations?poolId=ipam-pool-http&cidr=192.168.0.0/24&resourceType=VPC"
        + "&resourceId=vpc-1").statusCode()).isEqualTo(200);
    assertThat(admin("POST", "/_admin/access-keys?accessKeyId=AK2&accessKeySecret=S2").statusCode())
        .isEqualTo(200);
    assertThat(sim.state().allocations("ipam-pool-http")).singleElement()
        .satisfies(a -> assertThat(a.resourceType()).isEqualTo("VPC"));
    Map<String, Object> listed = new TeaTestClient(sim, "AK2", "S2").call("ListIpamPoolAllocations",
        Map.of("RegionId", "cn-beijing", "IpamPoolId", "ipam-pool-http"));
    assertThat(listed.get("TotalCount")).isEqualTo(1L);
  }

  @Test
  void badAdminRequestsAnswerJsonErrors() throws Exception {
    HttpResponse<String> bad = admin("POST", "/_admin/faults?throttleRate=2");
    assertThat(bad.statusCode()).isEqualTo(400);
    assertThat(bad.body()).contains("error");
    assertThat(admin("GET", "/_admin/nothing").statusCode()).isEqualTo(404);
    assertThat(admin("POST", "/_admin/pools?poolId=x").statusCode()).isEqualTo(400);
  }

  @Test
  void countersCanBeReadAndReset() throws Exception {
    client.call("ListIpamPools", Map.of("RegionId", REGION));
    assertThat(admin("GET", "/_admin/calls").body()).contains("\"ListIpamPools/OK\":1");
    assertThat(admin("POST", "/_admin/calls/reset").statusCode()).isEqualTo(200);
    assertThat(sim.calls().count("ListIpamPools")).isZero();
  }

  @Test
  void garbledRpcRequestsGetErrorJsonNotACrash() throws Exception {
    HttpResponse<String> noAction = admin("POST", "/?RegionId=x");
    assertThat(noAction.statusCode()).isEqualTo(400);
    assertThat(noAction.body()).contains("\"Code\":\"MissingParameter\"").contains("RequestId");
    assertThat(rawStatusLine("POST /?RegionId=%zz HTTP/1.1")).contains(" 400 ");
    HttpResponse<String> otherPath = admin("GET", "/v1/things");
    assertThat(otherPath.statusCode()).isEqualTo(404);
    assertThat(otherPath.body()).contains("InvalidAction.NotFound");
    HttpResponse<String> put = admin("PUT", "/");
    assertThat(put.statusCode()).isEqualTo(400);
  }
}
