package dev.alicloud.ipam.reconciler;

import static org.assertj.core.api.Assertions.assertThat;

import dev.alicloud.ipam.testing.AllocationBuilder;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The reconciler's own re-check of a spec, for what admission missed or cannot see. */
@Tag("unit")
class SpecValidatorTest {

  private static java.util.List<String> problems(AllocationBuilder b) {
    return SpecValidator.problems(b.build().getSpec());
  }

  @Test
  void acceptsValidSpecs() {
    assertThat(problems(AllocationBuilder.named("a").cidrMask(24))).isEmpty();
    assertThat(problems(AllocationBuilder.named("a").cidr("10.1.0.0/16").description("Team A"))).isEmpty();
    assertThat(problems(AllocationBuilder.named("a").adopt("ipam-alloc-abc123"))).isEmpty();
  }

  @Test
  void acceptsBothPublishedAllocationIdForms() {
    assertThat(problems(AllocationBuilder.named("a").adopt("ipam-pool-alloc-112za33e4abcd"))).as("Create/Get/List pages")
        .isEmpty();
    assertThat(problems(AllocationBuilder.named("a").adopt("ipam-alloc-112za33e4abcd"))).as("the Delete page").isEmpty();
    for (String wrong : new String[] {"ipam-pool-112za33e4", "ipam-pool-alloc-", "ipam-pool-alloc-ABC", "ipam-allocs-1",
        "ipam-pool-pool-alloc-1"}) {
      assertThat(problems(AllocationBuilder.named("a").adopt(wrong))).as(wrong)
          .containsExactly("spec.allocationId must look like ipam-pool-alloc-xxxxxxxx (or the older ipam-alloc-xxxxxxxx)");
    }
  }

  @Test
  void catchesHostBitsTheSchemaCannotSee() {
    assertThat(problems(AllocationBuilder.named("a").cidr("10.1.2.3/16")))
        .containsExactly("spec.cidr 10.1.2.3/16 has host bits set: did you mean 10.1.0.0/16?");
    assertThat(SpecValidator.cidrProblem("0.0.0.0/0")).isNull();
    assertThat(SpecValidator.cidrProblem("10.0.0.1/32")).isNull();
    assertThat(SpecValidator.cidrProblem("255.255.255.255/31")).contains("255.255.255.254/31");
  }

  @Test
  void reportsEveryProblemAsWhatToChange() {
    var spec = AllocationBuilder.named("a").cidrMask(40).cidr("10.0.0.0/24").region("Mars")
        .allocationName("https://x").description("9 lives").build().getSpec();
    assertThat(SpecValidator.problems(spec)).containsExactlyInAnyOrder(
        "spec.regionId must be a region id such as cn-hangzhou",
        "set exactly one of spec.cidr, spec.cidrMask or spec.allocationId",
        "spec.cidrMask must be between 0 and 32",
        "spec.allocationName must not start with http:// or https://",
        "spec.description must start with a letter or a Chinese character");
    assertThat(SpecValidator.problems(null)).hasSize(1);
  }

  @Test
  void aReleaseOnlyNeedsRegionPoolIdentityAndIntent() {
    var spec = AllocationBuilder.named("a").cidr("10.1.2.3/16").description("9 lives").build().getSpec();
    assertThat(SpecValidator.releaseProblems(spec, false)).isEmpty();
    spec.setIpamPoolId("pool");
    assertThat(SpecValidator.releaseProblems(spec, false))
        .containsExactly("spec.ipamPoolId must look like ipam-pool-xxxxxxxx");
    assertThat(SpecValidator.releaseProblems(spec, true)).as("the status recorded where the allocation lives")
        .isEmpty();
    spec.setUnreadableFields(Map.of("deletionPolicy", "must be Delete or Orphan, capitalised as shown: got \"orphan\""));
    assertThat(SpecValidator.releaseProblems(spec, true)).as("never guess Delete for a policy that may mean Orphan")
        .containsExactly("spec.deletionPolicy must be Delete or Orphan, capitalised as shown: got \"orphan\"");
  }

  @ParameterizedTest
  @ValueSource(strings = {"HTTP://x", " https://x", "\u3000http://x", "team\u200b-a", "\u202egpj.exe", "a\nb",
      "a\u0000b", "a\u2028b", "t\u0435am", "\u03b1a"})
  void refusesNamesThatHideWhatTheyAre(String name) {
    assertThat(problems(AllocationBuilder.named("a").cidrMask(24).allocationName(name))).hasSize(1);
    assertThat(problems(AllocationBuilder.named("a").cidrMask(24).description(name))).isNotEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {"team-a", "\u56e2\u961f a", "\u043a\u043e\u043c\u0430\u043d\u0434\u0430 team",
      "\u03b1\u03b2 beta", "caf\u00e9", "a http://x"})
  void acceptsOrdinaryNamesInAnyScript(String name) {
    assertThat(problems(AllocationBuilder.named("a").cidrMask(24).allocationName(name))).isEmpty();
  }

  @Test
  void countsCharactersNotUtf16Units() {
    String emoji128 = "\uD83D\uDE00".repeat(128);
    assertThat(problems(AllocationBuilder.named("a").cidrMask(24).allocationName(emoji128))).isEmpty();
    assertThat(problems(AllocationBuilder.named("a").cidrMask(24).allocationName(emoji128 + "x")))
        .containsExactly("spec.allocationName must be 1 to 128 characters (it has 129)");
    assertThat(problems(AllocationBuilder.named("a").cidrMask(24).allocationName("   ")))
        .containsExactly("spec.allocationName must contain a visible character");
  }

  @Test
  void refusesAForgedOwnershipTagInTheDescription() {
    assertThat(problems(AllocationBuilder.named("a").cidrMask(24).description("Team " + OwnershipTag.PREFIX + "x")))
        .containsExactly("spec.description must not contain ipam.alicloud.dev/owner=: the operator appends that tag "
            + "itself");
  }

  @Test
  void reportsFieldsThatCouldNotBeRead() {
    var spec = AllocationBuilder.named("a").cidrMask(24).build().getSpec();
    spec.setUnreadableFields(Map.of("tags", "is not a field of this resource: remove it"));
    assertThat(SpecValidator.problems(spec)).containsExactly("spec.tags is not a field of this resource: remove it");
  }

  @ParameterizedTest
  @ValueSource(strings = {"\"24\"", "[24]"})
  void aMaskOfTheWrongTypeIsNamedWithoutTheFalseOneOfClause(String mask) {
    var spec = new io.fabric8.kubernetes.client.utils.KubernetesSerialization().unmarshal(
        "{\"apiVersion\":\"ipam.alicloud.dev/v1alpha1\",\"kind\":\"IpamPoolAllocation\",\"metadata\":{\"name\":\"a\"},"
            + "\"spec\":{\"regionId\":\"cn-hangzhou\",\"ipamPoolId\":\"ipam-pool-a1\",\"cidrMask\":" + mask + "}}",
        dev.alicloud.ipam.api.v1alpha1.IpamPoolAllocation.class).getSpec();

    assertThat(SpecValidator.problems(spec)).hasSize(1).allMatch(p -> p.startsWith("spec.cidrMask "))
        .noneMatch(p -> p.contains("exactly one"));
  }
}
