package dev.alicloud.ipam.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("unit")
class SignatureUnitTest {

  @Test
  void percentEncodingMatchesTheSdkForAwkwardCharacters() throws Exception {
    String[] samples = {"a b", "a+b", "*", "~", "-_.", "/", "=&?", "中文", "é", "%", "ipam-alloc-0123", "10.0.0.0/24",
        "😀"};
    for (String s : samples) {
      assertThat(Acs3SignatureVerifier.percentEncode(s)).as(s)
          .isEqualTo(com.aliyun.openapiutil.Client.percentEncode(s));
    }
  }

  @Test
  void canonicalQuerySortsByRawNameAndEncodes() {
    Map<String, String> q = new LinkedHashMap<>();
    q.put("b", "x y");
    q.put("IpamPoolAllocationIds.2", "id2");
    q.put("A", "");
    q.put("IpamPoolAllocationIds.1", "id1");
    assertThat(Acs3SignatureVerifier.canonicalQuery(q))
        .isEqualTo("A=&IpamPoolAllocationIds.1=id1&IpamPoolAllocationIds.2=id2&b=x%20y");
  }

  @Test
  void signatureIsHexHmacSha256OfTheStringToSign() {
    // RFC 4231 test case 2
    assertThat(Acs3SignatureVerifier.sign("Jefe", "what do ya want for nothing?"))
        .isEqualTo("5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
    assertThat(Acs3SignatureVerifier.stringToSign("x"))
        .isEqualTo("ACS3-HMAC-SHA256\n2d711642b726b04401627ca9fbac32f5c8530fb1903cc4db02258717921a4881");
  }

  @Test
  void parsesTheAuthorizationHeader() {
    String sig = "a".repeat(64);
    Acs3SignatureVerifier.Authorization a = Acs3SignatureVerifier.parseAuthorization(
        "ACS3-HMAC-SHA256 Credential=AK1,SignedHeaders=host;x-acs-date,Signature=" + sig);
    assertThat(a.accessKeyId()).isEqualTo("AK1");
    assertThat(a.signedHeaders()).containsExactly("host", "x-acs-date");
    assertThat(a.signature()).isEqualTo(sig);
  }

  @Test
  void rejectsGarbledAuthorizationHeaders() {
    String sig = "b".repeat(64);
    for (String bad : new String[] {"garbage", "HMAC-SHA1 Credential=a,SignedHeaders=host,Signature=" + sig,
        "ACS3-HMAC-SHA256 Credential=a,SignedHeaders=host", "ACS3-HMAC-SHA256 Credential=a,Signature=" + sig,
        "ACS3-HMAC-SHA256 Credential=a,SignedHeaders=Host,Signature=" + sig,
        "ACS3-HMAC-SHA256 Credential=a,SignedHeaders=host,Signature=xyz"}) {
      assertThatThrownBy(() -> Acs3SignatureVerifier.parseAuthorization(bad)).as(bad)
          .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.code()).isEqualTo("IncompleteSignature"));
    }
  }

  @Test
  void queryParsingDecodesPlusAndRejectsBrokenEscapes() {
    assertThat(RpcRequest.parseQuery("a=x+y&b=%E4%B8%AD&c")).containsEntry("a", "x y").containsEntry("b", "中")
        .containsEntry("c", "");
    assertThatThrownBy(() -> RpcRequest.parseQuery("a=%zz")).isInstanceOf(ApiException.class);
    assertThatThrownBy(() -> RpcRequest.parseQuery("a=1&a=2")).isInstanceOf(ApiException.class);
  }
}
