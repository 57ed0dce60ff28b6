package dev.alicloud.ipam.cloud;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.aliyun.credentials.models.CredentialModel;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("unit")
class CloudCredentialsTest {

  private static final String ID = "LTAI5tExampleKeyabcd";
  private static final String SECRET = "S3cr3tValueThatMustNeverLeak0123";
  private static final String TOKEN = "CAIS-sts-token-that-must-never-leak-xyz";

  @Test
  void neverRevealsSecretOrToken() {
    CloudCredentials ak = CloudCredentials.accessKey(ID, SECRET, null);
    CloudCredentials sts = CloudCredentials.accessKey(ID, SECRET, TOKEN);
    for (CloudCredentials c : new CloudCredentials[] {ak, sts}) {
      assertThat(c.toString()).doesNotContain(SECRET).doesNotContain(TOKEN).doesNotContain(ID);
      assertThat(c.describe()).doesNotContain(SECRET).doesNotContain(TOKEN).doesNotContain(ID);
      assertThat(c.fingerprint()).doesNotContain(SECRET).hasSize(12);
    }
    assertThat(ak.describe()).isEqualTo("access key LTAI****abcd");
    assertThat(sts.describe()).isEqualTo("STS token for access key LTAI****abcd");
    assertThat(CloudCredentials.defaultChain().describe()).isEqualTo("default credentials chain");
    assertThat(CloudCredentials.defaultChain().toString()).contains("default credentials chain");
  }

  @Test
  void invalidKeysFailWithoutEchoingTheSecret() {
    assertThatThrownBy(() -> CloudCredentials.accessKey(" ", SECRET, null))
        .isInstanceOf(IllegalArgumentException.class).hasMessageNotContaining(SECRET);
    assertThatThrownBy(() -> CloudCredentials.accessKey(ID, "  ", null))
        .isInstanceOf(IllegalArgumentException.class).hasMessageNotContaining(ID);
  }

  @Test
  void equalityWorksAsACacheKey() {
    CloudCredentials a = CloudCredentials.accessKey(ID, SECRET, null);
    CloudCredentials sameWithNewline = CloudCredentials.accessKey(ID + "\n", SECRET + "\n", " ");
    assertThat(a).isEqualTo(sameWithNewline).hasSameHashCodeAs(sameWithNewline);
    assertThat(a.fingerprint()).isEqualTo(sameWithNewline.fingerprint());
    CloudCredentials rotated = CloudCredentials.accessKey(ID, SECRET + "x", null);
    assertThat(a).isNotEqualTo(rotated);
    assertThat(a.fingerprint()).isNotEqualTo(rotated.fingerprint());
    assertThat(a).isNotEqualTo(CloudCredentials.accessKey(ID, SECRET, TOKEN));
    assertThat(CloudCredentials.defaultChain()).isEqualTo(CloudCredentials.defaultChain())
        .isNotEqualTo(a);
  }

  @Test
  void buildsAccessKeyAndStsCredentialClients() {
    CredentialModel ak = CloudCredentials.accessKey(ID, SECRET, null).toCredentialsClient().getCredential();
    assertThat(ak.getType()).isEqualTo("access_key");
    assertThat(ak.getAccessKeyId()).isEqualTo(ID);
    assertThat(ak.getAccessKeySecret()).isEqualTo(SECRET);
    CredentialModel sts = CloudCredentials.accessKey(ID, SECRET, TOKEN).toCredentialsClient().getCredential();
    assertThat(sts.getType()).isEqualTo("sts");
    assertThat(sts.getSecurityToken()).isEqualTo(TOKEN);
  }

  @Test
  void redactsItsOwnSecrets() {
    CloudCredentials sts = CloudCredentials.accessKey(ID, SECRET, TOKEN);
    assertThat(sts.redact("a " + SECRET + " b " + TOKEN)).isEqualTo("a **** b ****");
    assertThat(CloudCredentials.defaultChain().redact("x")).isEqualTo("x");
  }
}
