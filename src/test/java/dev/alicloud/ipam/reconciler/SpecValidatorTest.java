package dev.alicloud.ipam.reconciler;

import static org.assertj.core.api.Assertions.assertThat;

import dev.alicloud.ipam.testing.AllocationBuilder;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

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
  void aReleaseOnlyNeedsRegionPoolAndIdentity() {
    var spec = AllocationBuilder.named("a").cidr("10.1.2.3/16").description("9 lives").build().getSpec();
    assertThat(SpecValidator.releaseProblems(spec)).isEmpty();
    spec.setIpamPoolId("pool");
    assertThat(SpecValidator.releaseProblems(spec)).containsExactly("spec.ipamPoolId must look like ipam-pool-xxxxxxxx");
  }
}
