package dev.alicloud.ipam.cloud;

import static org.assertj.core.api.Assertions.assertThat;

import com.aliyun.credentials.exception.CredentialException;
import com.aliyun.tea.TeaException;
import com.aliyun.tea.TeaRequest;
import com.aliyun.tea.TeaRetryableException;
import com.aliyun.tea.TeaUnretryableException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("unit")
class CloudErrorsTest {

  private static final String SECRET = "S3cr3tValueThatMustNeverLeak0123";
  private static final String TOKEN = "CAIS-sts-token-that-must-never-leak-xyz";
  private static final CloudCredentials CREDS = CloudCredentials.accessKey("LTAI5tExampleKeyabcd", SECRET, TOKEN);
  private static final String TARGET = "https://vpcipam.cn-hangzhou.aliyuncs.com";

  @Test
  void jsonErrorBody() {
    CloudException e = CloudErrors.fromResponse("DeleteIpamPoolAllocation", 400,
        "{\"RequestId\":\"req-1\",\"Code\":\"ResourceNotFound.IpamPoolAllocation\",\"Message\":\"not found\","
            + "\"HostId\":\"vpcipam.cn-hangzhou.aliyuncs.com\"}", CREDS);
    assertThat(e.code()).isEqualTo("ResourceNotFound.IpamPoolAllocation");
    assertThat(e.httpStatus()).isEqualTo(400);
    assertThat(e.requestId()).isEqualTo("req-1");
    assertThat(e.cloudMessage()).isEqualTo("not found");
    assertThat(e.action()).isEqualTo("DeleteIpamPoolAllocation");
    assertThat(e.kind()).isEqualTo(ErrorKind.ALLOCATION_GONE);
    assertThat(e.retryable()).isFalse();
    assertThat(e.getCause()).isNull();
  }

  @Test
  void lowerCaseKeysXmlAndGarbage() {
    assertThat(CloudErrors.fromResponse("A", 400, "{\"code\":\"Throttling.User\",\"message\":\"m\"}", null).kind())
        .isEqualTo(ErrorKind.THROTTLED);
    CloudException xml = CloudErrors.fromResponse("A", 503,
        "<Error><RequestId>r-x</RequestId><Code>ServiceUnavailable</Code><Message>busy</Message></Error>", null);
    assertThat(xml.code()).isEqualTo("ServiceUnavailable");
    assertThat(xml.requestId()).isEqualTo("r-x");
    assertThat(xml.cloudMessage()).isEqualTo("busy");
    CloudException html = CloudErrors.fromResponse("A", 502, "<html><body>Bad gateway</body></html>", null);
    assertThat(html.code()).isEqualTo("UnknownError");
    assertThat(html.httpStatus()).isEqualTo(502);
    assertThat(html.kind()).isEqualTo(ErrorKind.UNAVAILABLE);
    assertThat(html.cloudMessage()).contains("Bad gateway");
    CloudException empty400 = CloudErrors.fromResponse("A", 400, "", null);
    assertThat(empty400.code()).isEqualTo("UnknownError");
    assertThat(empty400.kind()).isEqualTo(ErrorKind.TERMINAL);
    assertThat(CloudErrors.unreadableSuccess("A", 200, "oops", null).kind()).isEqualTo(ErrorKind.UNAVAILABLE);
  }

  @Test
  void transportFailuresBecomeTransportError() {
    TeaRequest signed = new TeaRequest();
    signed.headers.put("x-acs-security-token", TOKEN);
    signed.headers.put("Authorization", "ACS3-HMAC-SHA256 Credential=LTAI,Signature=abc");
    TeaUnretryableException refused = new TeaUnretryableException(signed,
        new TeaRetryableException(new ConnectException("Failed to connect to /127.0.0.1:1")));
    CloudException e = CloudErrors.fromThrowable("GetIpamPoolAllocation", refused, CREDS, TARGET);
    assertThat(e.code()).isEqualTo("TransportError");
    assertThat(e.httpStatus()).isZero();
    assertThat(e.kind()).isEqualTo(ErrorKind.UNAVAILABLE);
    assertThat(e.retryable()).isTrue();
    assertThat(e.cloudMessage()).contains(TARGET, "ConnectException", "127.0.0.1:1");
    assertThat(e.getCause()).isInstanceOf(ConnectException.class);
    assertNoSecrets(e);

    CloudException timeout = CloudErrors.fromThrowable("A",
        new RuntimeException("wrapped", new SocketTimeoutException("timeout")), CREDS, TARGET);
    assertThat(timeout.code()).isEqualTo("TransportError");
  }

  @Test
  void credentialFailuresAreUnauthorized() {
    CloudException e = CloudErrors.fromThrowable("CreateIpamPoolAllocation",
        new CredentialException("Unable to load credentials from any of the providers in the chain"),
        CloudCredentials.defaultChain(), TARGET);
    assertThat(e.code()).isEqualTo("InvalidCredentials");
    assertThat(e.kind()).isEqualTo(ErrorKind.UNAUTHORIZED);
    assertThat(e.cloudMessage()).contains("default credentials chain");
  }

  @Test
  void teaExceptionsKeepCodeStatusAndRequestIdButNotTheCause() {
    TeaException te = new TeaException(Map.of("code", "SignatureDoesNotMatch",
        "message", "code: 400, Specified signature does not match. x-acs-security-token:" + TOKEN,
        "data", Map.of("statusCode", 400, "RequestId", "req-7", "Code", "SignatureDoesNotMatch",
            "Message", "Specified signature does not match. StringToSign x-acs-security-token:" + TOKEN
                + " secret " + SECRET)));
    CloudException e = CloudErrors.fromThrowable("UpdateIpamPoolAllocation", te, CREDS, TARGET);
    assertThat(e.code()).isEqualTo("SignatureDoesNotMatch");
    assertThat(e.httpStatus()).isEqualTo(400);
    assertThat(e.requestId()).isEqualTo("req-7");
    assertThat(e.kind()).isEqualTo(ErrorKind.UNAUTHORIZED);
    assertThat(e.getCause()).isNull();
    assertNoSecrets(e);

    CloudException nullCode = CloudErrors.fromThrowable("A", new TeaException(Map.of("message", "m")), CREDS,
        TARGET);
    assertThat(nullCode.code()).isEqualTo("UnknownError");
  }

  @Test
  void errorBodiesEchoingSecretsAreRedacted() {
    CloudException e = CloudErrors.fromResponse("DeleteIpamPoolAllocation", 400,
        "{\"Code\":\"SignatureDoesNotMatch\",\"Message\":\"server string to sign: x-acs-security-token:" + TOKEN
            + "\\nAccessKeySecret=" + SECRET + " Signature=deadbeef\"}", CREDS);
    assertNoSecrets(e);
    assertThat(e.cloudMessage()).doesNotContain("deadbeef");
    String other = CloudErrors.sanitize("SecurityToken=abcdef123 and \"AccessKeySecret\": \"zzz999\"", null);
    assertThat(other).doesNotContain("abcdef123").doesNotContain("zzz999");
    assertThat(CloudErrors.sanitize("x".repeat(5000), null)).hasSizeLessThan(1100);
  }

  @Test
  void unexpectedExceptionsAreUnknownErrors() {
    CloudException e = CloudErrors.fromThrowable("A", new IllegalStateException("boom"), CREDS, TARGET);
    assertThat(e.code()).isEqualTo("UnknownError");
    assertThat(e.cloudMessage()).contains("boom");
    CloudException same = new CloudException("A", "Throttling", 400, null, null, null);
    assertThat(CloudErrors.fromThrowable("A", same, CREDS, TARGET)).isSameAs(same);
  }

  private static void assertNoSecrets(CloudException e) {
    assertThat(e.getMessage()).doesNotContain(SECRET).doesNotContain(TOKEN);
    assertThat(String.valueOf(e.cloudMessage())).doesNotContain(SECRET).doesNotContain(TOKEN);
    assertThat(e.toString()).doesNotContain(SECRET).doesNotContain(TOKEN);
    for (Throwable c = e.getCause(); c != null; c = c.getCause()) {
      assertThat(String.valueOf(c.getMessage())).doesNotContain(SECRET).doesNotContain(TOKEN);
    }
  }
}
