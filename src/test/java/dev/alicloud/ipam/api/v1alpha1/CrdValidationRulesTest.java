package dev.alicloud.ipam.api.v1alpha1;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.alicloud.ipam.testing.AllocationBuilder;
import dev.alicloud.ipam.testing.SchemaAdmission;
import java.util.function.Consumer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The generated CRD's schema and CEL rules, evaluated as admission would: what users can and cannot apply. */
@Tag("unit")
class CrdValidationRulesTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private final SchemaAdmission admission = SchemaAdmission.generated();

  private static ObjectNode object(AllocationBuilder builder) {
    return JSON.valueToTree(builder.build());
  }

  private static ObjectNode with(ObjectNode object, Consumer<ObjectNode> specChange) {
    ObjectNode copy = object.deepCopy();
    specChange.accept((ObjectNode) copy.get("spec"));
    return copy;
  }

  private static ObjectNode mask() {
    return object(AllocationBuilder.named("a").cidrMask(24));
  }

  @Test
  void acceptsEachOfTheThreeWaysToChooseABlock() {
    assertThat(admission.create(mask())).isEmpty();
    assertThat(admission.create(object(AllocationBuilder.named("a").cidr("10.1.0.0/16")))).isEmpty();
    assertThat(admission.create(object(AllocationBuilder.named("a").adopt("ipam-alloc-c4vhvr3b22mmc6abcd")))).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {"ipam-pool-alloc-112za33e4abcd", "ipam-alloc-112za33e4abcd"})
  void admitsBothPublishedAllocationIdForms(String id) {
    assertThat(admission.create(object(AllocationBuilder.named("a").adopt(id)))).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {"ipam-pool-112za33e4", "ipam-pool-alloc-", "ipam-pool-alloc-112ZA", "ipam-pool-alloc-1 ",
      "ipam-alloc-pool-1", "ipam-pool-pool-alloc-1"})
  void refusesLookAlikeAllocationIds(String id) {
    assertThat(admission.create(object(AllocationBuilder.named("a").adopt(id))))
        .anyMatch(e -> e.contains("spec.allocationId in body should match"));
  }

  @Test
  void rejectsNoneOrTwoOfCidrMaskAndAllocationId() {
    assertThat(admission.create(with(mask(), s -> s.remove("cidrMask"))))
        .anyMatch(e -> e.contains("set exactly one of cidr, cidrMask or allocationId"));
    assertThat(admission.create(with(mask(), s -> s.put("cidr", "10.0.0.0/24"))))
        .anyMatch(e -> e.contains("set exactly one"));
    assertThat(admission.create(with(mask(), s -> {
      s.put("cidr", "10.0.0.0/24");
      s.put("allocationId", "ipam-alloc-abc");
    }))).anyMatch(e -> e.contains("set exactly one"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"10.0.0/24", "10.0.0.256/24", "10.0.0.0/33", "10.0.0.0", "010.0.0.0/8", " 10.0.0.0/8",
      "10.0.0.0/8 ", "fd00::/8", "10.0.0.0/-1", "ten.0.0.0/8"})
  void rejectsMalformedCidrs(String cidr) {
    assertThat(admission.create(object(AllocationBuilder.named("a").cidr(cidr))))
        .anyMatch(e -> e.contains("spec.cidr in body should match"));
  }

  @ParameterizedTest
  @ValueSource(ints = {-1, 33, 64})
  void rejectsMasksOutOfRange(int mask) {
    assertThat(admission.create(object(AllocationBuilder.named("a").cidrMask(mask)))).anyMatch(e ->
        e.startsWith("spec.cidrMask: Invalid value: " + mask + ": spec.cidrMask in body should be"));
  }

  @Test
  void checksNameAndDescriptionTheWayTheCloudDoes() {
    assertThat(admission.create(with(mask(), s -> s.put("allocationName", "http://evil"))))
        .contains("spec.allocationName: Invalid value: \"string\": allocationName must not start with http:// or https://");
    assertThat(admission.create(with(mask(), s -> s.put("allocationName", "x".repeat(129)))))
        .anyMatch(e -> e.startsWith("spec.allocationName: Too long: may not be longer than 128"));
    assertThat(admission.create(with(mask(), s -> s.put("allocationName", "")))).isNotEmpty();
    assertThat(admission.create(with(mask(), s -> s.put("description", "1st block")))).isNotEmpty();
    assertThat(admission.create(with(mask(), s -> s.put("description", "https://x"))))
        .contains("spec.description: Invalid value: \"string\": description must not start with http:// or https://");
    assertThat(admission.create(with(mask(), s -> s.put("description", "x".repeat(129))))).isNotEmpty();
    assertThat(admission.create(with(mask(), s -> s.put("description", "生产网络 block")))).isEmpty();
    assertThat(admission.create(with(mask(), s -> s.put("allocationName", "生产 network")))).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {"HTTP://x", " https://x", "team\u200b-a", "\u202egpj.exe", "a\nb", "a\u0000b",
      "a\u2028b", "t\u0435am", "   "})
  void refusesNamesThatHideWhatTheyAre(String name) {
    assertThat(admission.create(with(mask(), s -> s.put("allocationName", name)))).hasSize(1);
  }

  @ParameterizedTest
  @ValueSource(strings = {"team-a", "\u56e2\u961f a", "\u043a\u043e\u043c\u0430\u043d\u0434\u0430 team",
      "caf\u00e9", "a http://x", "\uD83D\uDE00 party"})
  void acceptsOrdinaryNamesInAnyScript(String name) {
    assertThat(admission.create(with(mask(), s -> s.put("allocationName", name)))).isEmpty();
  }

  @Test
  void refusesAForgedOwnershipTagAndHiddenCharactersInTheDescription() {
    assertThat(admission.create(with(mask(), s -> s.put("description", "Team ipam.alicloud.dev/owner=c:ns/n:u"))))
        .containsExactly("spec.description: Invalid value: \"string\": description must not contain ipam.alicloud.dev/owner=: the operator "
            + "appends that tag itself");
    assertThat(admission.create(with(mask(), s -> s.put("description", "A\u202eknalb"))))
        .containsExactly("spec.description: Invalid value: \"string\": description must not contain control, invisible or line-separator "
            + "characters");
  }

  @Test
  void matchesPatternsAtTheVeryEndLikeTheApiServer() {
    assertThat(admission.create(object(AllocationBuilder.named("a").cidr("10.0.0.0/8\n"))))
        .anyMatch(e -> e.contains("spec.cidr in body should match"));
  }

  @Test
  void requiresASpec() {
    ObjectNode noSpec = mask();
    noSpec.remove("spec");
    assertThat(admission.create(noSpec)).contains("spec: Required value");
  }

  @Test
  void rejectsUnknownPoliciesAndBadIds() {
    assertThat(admission.create(with(mask(), s -> s.put("deletionPolicy", "Retain"))))
        .anyMatch(e -> e.startsWith("spec.deletionPolicy: Unsupported value"));
    assertThat(admission.create(with(mask(), s -> s.put("ipamPoolId", "pool-1")))).isNotEmpty();
    assertThat(admission.create(with(mask(), s -> s.put("regionId", "Hangzhou")))).isNotEmpty();
    assertThat(admission.create(with(mask(), s -> s.remove("regionId"))))
        .contains("spec.regionId: Required value");
    assertThat(admission.create(with(mask(), s -> s.putObject("credentialsSecretRef").put("name", "Bad_Name"))))
        .isNotEmpty();
  }

  @Test
  void keepsThePoolAndTheBlockImmutable() {
    ObjectNode old = mask();
    assertThat(admission.update(old, with(old, s -> s.put("ipamPoolId", "ipam-pool-other"))))
        .contains("spec.ipamPoolId: Invalid value: \"string\": ipamPoolId is immutable: create a new resource instead");
    assertThat(admission.update(old, with(old, s -> s.put("cidrMask", 25))))
        .contains("spec.cidrMask: Invalid value: \"integer\": cidrMask is immutable: create a new resource instead");
    assertThat(admission.update(old, with(old, s -> {
      s.remove("cidrMask");
      s.put("cidr", "10.0.0.0/24");
    }))).anyMatch(e -> e.contains("cannot be added or removed after creation"));
    ObjectNode cidr = object(AllocationBuilder.named("a").cidr("10.1.0.0/16"));
    assertThat(admission.update(cidr, with(cidr, s -> s.put("cidr", "10.2.0.0/16"))))
        .contains("spec.cidr: Invalid value: \"string\": cidr is immutable: create a new resource instead");
  }

  @Test
  void letsNameDescriptionPolicyAndDryRunChange() {
    ObjectNode old = mask();
    assertThat(admission.update(old, with(old, s -> {
      s.put("allocationName", "renamed");
      s.put("description", "New text");
      s.put("deletionPolicy", "Orphan");
      s.put("dryRun", true);
    }))).isEmpty();
  }

  @Test
  void freezesTheRegionOnlyOnceAnAllocationExists() {
    ObjectNode old = mask();
    ObjectNode moved = with(old, s -> s.put("regionId", "cn-beijing"));
    assertThat(admission.update(old, moved)).as("no allocation yet: a wrong region can be fixed").isEmpty();

    old.putObject("status").put("allocationId", "ipam-alloc-abc");
    moved.set("status", old.get("status").deepCopy());
    assertThat(admission.update(old, moved)).anyMatch(e -> e.contains("spec.regionId cannot change"));
  }
}
