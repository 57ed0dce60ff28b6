package dev.alicloud.ipam.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import com.aliyun.tea.TeaException;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("mock")
class SignatureInteropMockTest extends SimulatorFixture {

  private static final Map<String, String> LIST = Map.of("RegionId", REGION, "IpamPoolId", POOL);

  @Test
  void realClientSignatureIsAccepted() throws Exception {
    Map<String, Object> body = client.call("ListIpamPoolAllocations",
        Map.of("RegionId", REGION, "IpamPoolId", POOL, "IpamPoolAllocationName", "a name with spaces*~+/中文"));
    assertThat(body.get("RequestId")).asString().matches("[0-9A-F]{8}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{12}");
    assertThat(((Number) body.get("TotalCount")).intValue()).isZero();
    assertThat(sim.calls().count("ListIpamPoolAllocations", "OK")).isEqualTo(1);
  }

  @Test
  void wrongSecretIsSignatureDoesNotMatch() throws Exception {
    TeaException e = new TeaTestClient(sim, AK, "not-the-secret").error("ListIpamPoolAllocations", LIST);
    assertThat(e.getCode()).isEqualTo("SignatureDoesNotMatch");
    assertThat(e.getStatusCode()).isEqualTo(400);
    assertThat(e.getData()).containsKeys("RequestId", "HostId", "Code", "Message", "Recommend");
    assertThat(e.getData().get("HostId")).isEqualTo("vpcipam.cn-hangzhou.aliyuncs.com");
  }

  @Test
  void unknownKeyIsInvalidAccessKeyIdNotFound() throws Exception {
    TeaException e = new TeaTestClient(sim, "LTAI-nobody", SECRET).error("ListIpamPoolAllocations", LIST);
    assertThat(e.getCode()).isEqualTo("InvalidAccessKeyId.NotFound");
    assertThat(e.getStatusCode()).isEqualTo(404);
  }

  @Test
  void wrongVersionAndUnknownAction() throws Exception {
    TeaException version = client.error("ListIpamPoolAllocations", "2016-04-28", LIST);
    assertThat(version.getCode()).isEqualTo("InvalidVersion");
    assertThat(version.getStatusCode()).isEqualTo(400);
    TeaException action = client.error("DescribeVpcs", LIST);
    assertThat(action.getCode()).isEqualTo("InvalidAction.NotFound");
    assertThat(action.getStatusCode()).isEqualTo(404);
  }

  @Test
  void replayedNonceIsRejected() throws Exception {
    RawSignedRequest request = new RawSignedRequest(sim.endpoint(), "ListIpamPoolAllocations", LIST).sign(AK, SECRET);
    HttpResponse<String> first = request.send();
    assertThat(first.statusCode()).as(first.body()).isEqualTo(200);
    HttpResponse<String> replay = request.send();
    assertThat(replay.statusCode()).isEqualTo(400);
    assertThat(replay.body()).contains("\"Code\":\"SignatureNonceUsed\"");
  }

  @Test
  void tamperedQueryAfterSigningIsRejected() throws Exception {
    RawSignedRequest request = new RawSignedRequest(sim.endpoint(), "ListIpamPoolAllocations", LIST).sign(AK, SECRET);
    request.query.put("MaxResults", "5");
    HttpResponse<String> response = request.send();
    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(response.body()).contains("SignatureDoesNotMatch");
  }

  @Test
  void missingOrGarbledAuthorizationGetsErrorJson() throws Exception {
    RawSignedRequest unsigned = new RawSignedRequest(sim.endpoint(), "ListIpamPoolAllocations", LIST);
    HttpResponse<String> missing = unsigned.send();
    assertThat(missing.statusCode()).isEqualTo(400);
    assertThat(missing.body()).contains("\"Code\":\"MissingParameter\"").contains("Authorization");

    RawSignedRequest garbled = new RawSignedRequest(sim.endpoint(), "ListIpamPoolAllocations", LIST);
    garbled.headers.put("Authorization", "ACS3-HMAC-SHA256 this is not it");
    HttpResponse<String> bad = garbled.send();
    assertThat(bad.statusCode()).isEqualTo(400);
    assertThat(bad.body()).contains("\"Code\":\"IncompleteSignature\"");
  }

  @Test
  void unsignedRequiredHeaderIsIncompleteSignature() throws Exception {
    RawSignedRequest request = new RawSignedRequest(sim.endpoint(), "ListIpamPoolAllocations", LIST);
    request.headers.remove("x-acs-signature-nonce");
    request.sign(AK, SECRET);
    request.headers.put("x-acs-signature-nonce", "added-later");
    HttpResponse<String> response = request.send();
    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(response.body()).contains("IncompleteSignature");
  }

  @Test
  void stsTokenIsRequiredAndChecked() throws Exception {
    sim.state().addStsAccessKey("STS.key", "sts-secret", "token-123");
    Map<String, Object> ok = new TeaTestClient(sim.endpoint(), "STS.key", "sts-secret", "token-123")
        .call("ListIpamPoolAllocations", LIST);
    assertThat(ok).containsKey("IpamPoolAllocations");
    TeaException wrong = new TeaTestClient(sim.endpoint(), "STS.key", "sts-secret", "token-999")
        .error("ListIpamPoolAllocations", LIST);
    assertThat(wrong.getCode()).isEqualTo("InvalidSecurityToken.Malformed");
    TeaException none = new TeaTestClient(sim, "STS.key", "sts-secret").error("ListIpamPoolAllocations", LIST);
    assertThat(none.getCode()).isEqualTo("MissingSecurityToken");
  }

  @Test
  void clockSkewBeyondFifteenMinutesIsExpired() throws Exception {
    try (VpcIpamSimulator skewed = VpcIpamSimulator.start(
        SimulatorConfig.defaults().withClock(Clock.offset(Clock.systemUTC(), Duration.ofMinutes(16))))) {
      skewed.state().addAccessKey(AK, SECRET);
      TeaException e = new TeaTestClient(skewed, AK, SECRET).error("ListIpamPools", Map.of("RegionId", REGION));
      assertThat(e.getCode()).isEqualTo("InvalidTimeStamp.Expired");
      assertThat(e.getStatusCode()).isEqualTo(400);
    }
    try (VpcIpamSimulator slightly = VpcIpamSimulator.start(
        SimulatorConfig.defaults().withClock(Clock.offset(Clock.systemUTC(), Duration.ofMinutes(14))))) {
      slightly.state().addAccessKey(AK, SECRET);
      assertThat(new TeaTestClient(slightly, AK, SECRET).call("ListIpamPools", Map.of("RegionId", REGION)))
          .containsKey("IpamPools");
    }
  }

  @Test
  void ramAllowListDeniesOtherActions() throws Exception {
    sim.state().restrictAccessKey(AK, java.util.Set.of("vpc:ListIpamPoolAllocations"));
    assertThat(client.call("ListIpamPoolAllocations", LIST)).containsKey("IpamPoolAllocations");
    TeaException create = client.error("CreateIpamPoolAllocation",
        Map.of("RegionId", REGION, "IpamPoolId", POOL, "CidrMask", 24));
    assertThat(create.getCode()).isEqualTo("OperationDenied.Unauthorized");
    assertThat(create.getStatusCode()).isEqualTo(400);
    TeaException pools = client.error("ListIpamPools", Map.of("RegionId", REGION));
    assertThat(pools.getCode()).isEqualTo("Forbidden.RAM");
    assertThat(pools.getStatusCode()).isEqualTo(403);
    assertThat(sim.state().allocations()).isEmpty();
  }
}
