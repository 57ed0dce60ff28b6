package dev.alicloud.ipam.reconciler;

import dev.alicloud.ipam.api.v1alpha1.IpamPoolAllocationSpec;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Re-checks a spec the way admission should have, for clusters where the CRD's rules did not run (older API
 * servers, a CRD applied without them) and for what the schema cannot say (host bits in a CIDR). A spec that fails
 * here never reaches the cloud.
 */
public final class SpecValidator {

  private SpecValidator() {
  }

  /** One thing wrong with a spec: the field it concerns and what to change. */
  private record Problem(String field, String message) {
  }

  /**
   * The fields a release depends on: where to call, with which identity, and whether to release for real (an
   * unreadable deletionPolicy or dryRun could mean Orphan or true: never guess towards releasing).
   */
  private static final Set<String> RELEASE_FIELDS = Set.of("spec", "regionId", "ipamPoolId", "credentialsSecretRef",
      "deletionPolicy", "dryRun");
  private static final Set<String> LOCATION_FIELDS = Set.of("regionId", "ipamPoolId");
  /** The CRD's rule: neither case nor leading spaces hide a URL. */
  private static final Pattern URL_PREFIX = Pattern.compile(IpamPoolAllocationSpec.URL_PREFIX_PATTERN);
  private static final Pattern VISIBLE = Pattern.compile(IpamPoolAllocationSpec.VISIBLE_PATTERN);
  private static final Pattern INVISIBLE = Pattern.compile(IpamPoolAllocationSpec.INVISIBLE_PATTERN);
  private static final Set<Character.UnicodeScript> LOOK_ALIKE_SCRIPTS = EnumSet.of(Character.UnicodeScript.LATIN,
      Character.UnicodeScript.CYRILLIC, Character.UnicodeScript.GREEK);

  /** Every problem, each phrased as what to change; empty when the spec is valid. */
  public static List<String> problems(IpamPoolAllocationSpec spec) {
    return check(spec).stream().map(Problem::message).toList();
  }

  /**
   * Problems that stop a release: only where to call, with which identity and whether for real matter then; where
   * to call not at all when the status recorded it ({@code located}).
   */
  public static List<String> releaseProblems(IpamPoolAllocationSpec spec, boolean located) {
    return check(spec).stream().filter(p -> RELEASE_FIELDS.contains(p.field()))
        .filter(p -> !located || !LOCATION_FIELDS.contains(p.field())).map(Problem::message).toList();
  }

  private static List<Problem> check(IpamPoolAllocationSpec spec) {
    List<Problem> problems = new ArrayList<>();
    if (spec == null) {
      problems.add(new Problem("spec",
          "spec is missing: set regionId, ipamPoolId and one of cidr, cidrMask or allocationId"));
      return problems;
    }
    spec.getUnreadableFields().forEach((field, problem) -> problems.add(field.isEmpty()
        ? new Problem("spec", "spec " + problem) : new Problem(field, "spec." + field + " " + problem)));
    check(problems, "regionId",
        spec.getRegionId() != null && spec.getRegionId().matches(IpamPoolAllocationSpec.REGION_PATTERN),
        "spec.regionId must be a region id such as cn-hangzhou");
    check(problems, "ipamPoolId",
        spec.getIpamPoolId() != null && spec.getIpamPoolId().matches(IpamPoolAllocationSpec.POOL_ID_PATTERN),
        "spec.ipamPoolId must look like ipam-pool-xxxxxxxx");
    // a field given in a form the model cannot read (cidrMask: "24", a list) counts as given: it has its own problem
    var unreadable = spec.getUnreadableFields().keySet();
    int chosen = (spec.getCidr() != null || unreadable.contains("cidr") ? 1 : 0)
        + (spec.getCidrMask() != null || unreadable.contains("cidrMask") ? 1 : 0)
        + (spec.getAllocationId() != null || unreadable.contains("allocationId") ? 1 : 0);
    check(problems, "cidr", chosen == 1, "set exactly one of spec.cidr, spec.cidrMask or spec.allocationId");
    if (spec.getCidr() != null) {
      String cidrProblem = cidrProblem(spec.getCidr());
      check(problems, "cidr", cidrProblem == null, cidrProblem);
    }
    if (spec.getCidrMask() != null) {
      check(problems, "cidrMask", spec.getCidrMask() >= 0 && spec.getCidrMask() <= 32,
          "spec.cidrMask must be between 0 and 32");
    }
    if (spec.getAllocationId() != null) {
      check(problems, "allocationId", spec.getAllocationId().matches(IpamPoolAllocationSpec.ALLOCATION_ID_PATTERN),
          "spec.allocationId must look like ipam-pool-alloc-xxxxxxxx (or the older ipam-alloc-xxxxxxxx)");
    }
    String name = spec.getAllocationName();
    if (name != null) {
      checkText(problems, "allocationName", name, IpamPoolAllocationSpec.MAX_NAME_LENGTH);
      check(problems, "allocationName", name.isEmpty() || VISIBLE.matcher(name).find(),
          "spec.allocationName must contain a visible character");
    }
    String description = spec.getDescription();
    if (description != null) {
      checkText(problems, "description", description, IpamPoolAllocationSpec.MAX_DESCRIPTION_LENGTH);
      check(problems, "description", description.isEmpty() || isLetterOrHan(description.codePointAt(0)),
          "spec.description must start with a letter or a Chinese character");
      check(problems, "description", !description.contains(OwnershipTag.PREFIX),
          "spec.description must not contain " + OwnershipTag.PREFIX + ": the operator appends that tag itself");
    }
    if (spec.getCredentialsSecretRef() != null) {
      String secret = spec.getCredentialsSecretRef().getName();
      check(problems, "credentialsSecretRef",
          secret != null && secret.matches("^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$") && secret.length() <= 253,
          "spec.credentialsSecretRef.name must be the name of a Secret in this namespace");
    }
    return problems;
  }

  /** Null when {@code cidr} is a canonical IPv4 CIDR, else what is wrong with it. */
  static String cidrProblem(String cidr) {
    if (!cidr.matches(IpamPoolAllocationSpec.CIDR_PATTERN)) {
      return "spec.cidr must be an IPv4 CIDR such as 10.0.0.0/24";
    }
    Ipv4Block block = Ipv4Block.parse(cidr);
    if (block.hasHostBits()) {
      return "spec.cidr " + cidr + " has host bits set: did you mean " + block.network() + "?";
    }
    return null;
  }

  /** The rules allocationName and description share with the CRD's (which count characters, not UTF-16 units). */
  private static void checkText(List<Problem> problems, String field, String text, int maxLength) {
    int length = text.codePointCount(0, text.length());
    check(problems, field, length >= 1 && length <= maxLength,
        "spec." + field + " must be 1 to " + maxLength + " characters (it has " + length + ")");
    check(problems, field, !URL_PREFIX.matcher(text).find(),
        "spec." + field + " must not start with http:// or https://");
    check(problems, field, !INVISIBLE.matcher(text).find(),
        "spec." + field + " must not contain control, invisible or line-separator characters");
    check(problems, field, !mixesScripts(text),
        "spec." + field + " must not mix Latin, Cyrillic or Greek letters within a word (look-alike characters)");
  }

  /** Two adjacent letters from two of the scripts whose letters look alike: how a homoglyph name is built. */
  private static boolean mixesScripts(String text) {
    int[] points = text.codePoints().toArray();
    for (int i = 1; i < points.length; i++) {
      Character.UnicodeScript a = Character.UnicodeScript.of(points[i - 1]);
      Character.UnicodeScript b = Character.UnicodeScript.of(points[i]);
      if (a != b && LOOK_ALIKE_SCRIPTS.contains(a) && LOOK_ALIKE_SCRIPTS.contains(b)) {
        return true;
      }
    }
    return false;
  }

  private static boolean isLetterOrHan(int c) {
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '\u4e00' && c <= '\u9fa5');
  }

  private static void check(List<Problem> problems, String field, boolean ok, String message) {
    if (!ok) {
      problems.add(new Problem(field, message));
    }
  }
}
