package dev.alicloud.ipam.api.v1alpha1;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** What the informer's deserialization makes of objects that no schema checked. */
@Tag("unit")
class SpecDeserializerTest {

  private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

  private static IpamPoolAllocation read(String spec, String status) {
    return SERIALIZATION.unmarshal("{\"apiVersion\":\"ipam.alicloud.dev/v1alpha1\",\"kind\":\"IpamPoolAllocation\","
        + "\"metadata\":{\"name\":\"a\",\"namespace\":\"default\"},\"spec\":" + spec
        + (status == null ? "" : ",\"status\":" + status) + "}", IpamPoolAllocation.class);
  }

  @Test
  void readsAValidSpecWhole() {
    var spec = read("{\"regionId\":\"cn-hangzhou\",\"ipamPoolId\":\"ipam-pool-a1\",\"cidrMask\":24,"
        + "\"deletionPolicy\":\"Orphan\",\"dryRun\":true,\"credentialsSecretRef\":{\"name\":\"creds\"}}", null)
        .getSpec();
    assertThat(spec.getUnreadableFields()).isEmpty();
    assertThat(spec.getCidrMask()).isEqualTo(24);
    assertThat(spec.getDeletionPolicy()).isEqualTo(DeletionPolicy.Orphan);
    assertThat(spec.isDryRunRequested()).isTrue();
    assertThat(spec.getCredentialsSecretRef().getName()).isEqualTo("creds");
  }

  @Test
  void leavesOutWhatDoesNotBindStrictlyAndSaysWhy() {
    var spec = read("{\"regionId\":\"cn-hangzhou\",\"ipamPoolId\":\"ipam-pool-a1\",\"cidrmask\":24,\"cidrMask\":\"24\","
        + "\"deletionPolicy\":\"orphan\",\"dryRun\":1,\"tags\":{\"team\":\"a\"},\"description\":42,"
        + "\"credentialsSecretRef\":{\"name\":\"creds\",\"namespace\":\"other\"}}", null).getSpec();
    assertThat(spec.getRegionId()).isEqualTo("cn-hangzhou");
    assertThat(spec.getCidrMask()).as("no coercion of \"24\"").isNull();
    assertThat(spec.getDeletionPolicy()).isNull();
    assertThat(spec.getDryRun()).as("no coercion of 1").isNull();
    assertThat(spec.getCredentialsSecretRef()).isNull();
    assertThat(spec.getUnreadableFields()).containsOnlyKeys("cidrmask", "cidrMask", "deletionPolicy", "dryRun", "tags",
        "description", "credentialsSecretRef");
    assertThat(spec.getUnreadableFields().get("cidrmask")).startsWith("is not a field of this resource (did you mean "
        + "cidrMask?)");
    assertThat(spec.getUnreadableFields().get("cidrMask")).isEqualTo("must be a whole number from 0 to 32, unquoted "
        + "(cidrMask: 24): got \"24\"");
    assertThat(spec.getUnreadableFields().get("deletionPolicy")).endsWith("got \"orphan\"");
    assertThat(spec.getUnreadableFields().get("description")).isEqualTo("must be a string: got 42");
  }

  @Test
  void refusesFractionsOverflowsAndWordsForTheMask() {
    for (String mask : new String[] {"24.5", "24.0", "4294967320", "\"twenty-four\"", "true"}) {
      var spec = read("{\"regionId\":\"cn-hangzhou\",\"ipamPoolId\":\"ipam-pool-a1\",\"cidrMask\":" + mask + "}",
          null).getSpec();
      assertThat(spec.getUnreadableFields()).as(mask).containsOnlyKeys("cidrMask");
    }
  }

  @Test
  void showsHostileValuesEscapedAndCutShort() {
    var spec = read("{\"dryRun\":\"yes\\u001b[31m" + "x".repeat(100) + "\"}", null).getSpec();
    String problem = spec.getUnreadableFields().get("dryRun");
    assertThat(problem).contains("\\u001B[31m").doesNotContain("\u001b").endsWith("...");
    assertThat(problem.length()).isLessThan(100);
  }

  @Test
  void aSpecThatIsNotAnObjectIsReportedNotThrown() {
    assertThat(read("\"cidrMask: 24\"", null).getSpec().getUnreadableFields())
        .containsEntry("", "must be an object: got \"cidrMask: 24\"");
  }

  @Test
  void aStatusFromAnotherVersionLosesOnlyTheFieldsItCannotRead() {
    var status = read("{\"regionId\":\"cn-hangzhou\"}", "{\"allocationId\":\"ipam-alloc-1\",\"cidr\":\"10.0.0.0/24\","
        + "\"futureField\":{\"x\":1},\"observedGeneration\":\"three\",\"conditions\":[{\"type\":\"Ready\","
        + "\"status\":\"True\",\"extra\":1}]}").getStatus();
    assertThat(status.getAllocationId()).isEqualTo("ipam-alloc-1");
    assertThat(status.getCidr()).isEqualTo("10.0.0.0/24");
    assertThat(status.getObservedGeneration()).isNull();
    assertThat(status.getConditions()).hasSize(1);
  }

  @Test
  void aCopyMadeBySerializationKeepsTheFieldsAndTheirProblems() {
    var resource = read("{\"regionId\":\"cn-hangzhou\",\"tags\":1,\"dryRun\":\"true\"}", null);
    String json = SERIALIZATION.asJson(resource);
    assertThat(json).doesNotContain("unreadable").contains("\"tags\":1").contains("\"dryRun\":\"true\"");
    var copy = SERIALIZATION.unmarshal(json, IpamPoolAllocation.class);
    assertThat(copy.getSpec().getUnreadableFields()).as("JOSDK clones by a round trip: a dryRun it cannot read must "
        + "not become a real create").isEqualTo(resource.getSpec().getUnreadableFields()).containsKey("dryRun");
  }
}
