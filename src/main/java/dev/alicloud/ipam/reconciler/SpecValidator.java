package dev.alicloud.ipam.reconciler;

import dev.alicloud.ipam.api.v1alpha1.IpamPoolAllocationSpec;
import java.util.ArrayList;
import java.util.List;

/**
 * Re-checks a spec the way admission should have, for clusters where the CRD's rules did not run (older API
 * servers, a CRD applied without them) and for what the schema cannot say (host bits in a CIDR). A spec that fails
 * here never reaches the cloud.
 */
public final class SpecValidator {

  private SpecValidator() {
  }

  /** Every problem, each phrased as what to change; empty when the spec is valid. */
  public static List<String> problems(IpamPoolAllocationSpec spec) {
    List<String> problems = new ArrayList<>();
    if (spec == null) {
      problems.add("spec is missing: set regionId, ipamPoolId and one of cidr, cidrMask or allocationId");
      return problems;
    }
    check(problems, spec.getRegionId() != null && spec.getRegionId().matches(IpamPoolAllocationSpec.REGION_PATTERN),
        "spec.regionId must be a region id such as cn-hangzhou");
    check(problems,
        spec.getIpamPoolId() != null && spec.getIpamPoolId().matches(IpamPoolAllocationSpec.POOL_ID_PATTERN),
        "spec.ipamPoolId must look like ipam-pool-xxxxxxxx");
    int chosen = (spec.getCidr() != null ? 1 : 0) + (spec.getCidrMask() != null ? 1 : 0)
        + (spec.getAllocationId() != null ? 1 : 0);
    check(problems, chosen == 1, "set exactly one of spec.cidr, spec.cidrMask or spec.allocationId");
    if (spec.getCidr() != null) {
      String cidrProblem = cidrProblem(spec.getCidr());
      check(problems, cidrProblem == null, cidrProblem);
    }
    if (spec.getCidrMask() != null) {
      check(problems, spec.getCidrMask() >= 0 && spec.getCidrMask() <= 32, "spec.cidrMask must be between 0 and 32");
    }
    if (spec.getAllocationId() != null) {
      check(problems, spec.getAllocationId().matches(IpamPoolAllocationSpec.ALLOCATION_ID_PATTERN),
          "spec.allocationId must look like ipam-alloc-xxxxxxxx");
    }
    String name = spec.getAllocationName();
    if (name != null) {
      check(problems, !name.isEmpty() && name.length() <= IpamPoolAllocationSpec.MAX_NAME_LENGTH,
          "spec.allocationName must be 1 to " + IpamPoolAllocationSpec.MAX_NAME_LENGTH + " characters");
      check(problems, !hasUrlPrefix(name), "spec.allocationName must not start with http:// or https://");
    }
    String description = spec.getDescription();
    if (description != null) {
      check(problems, !description.isEmpty() && description.length() <= IpamPoolAllocationSpec.MAX_DESCRIPTION_LENGTH,
          "spec.description must be 1 to " + IpamPoolAllocationSpec.MAX_DESCRIPTION_LENGTH + " characters");
      check(problems, description.isEmpty() || isLetterOrHan(description.charAt(0)),
          "spec.description must start with a letter or a Chinese character");
      check(problems, !hasUrlPrefix(description), "spec.description must not start with http:// or https://");
    }
    if (spec.getCredentialsSecretRef() != null) {
      String secret = spec.getCredentialsSecretRef().getName();
      check(problems, secret != null && secret.matches("^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$") && secret.length() <= 253,
          "spec.credentialsSecretRef.name must be the name of a Secret in this namespace");
    }
    return problems;
  }

  /** Problems that stop a release: only where to call and with which identity matter then. */
  public static List<String> releaseProblems(IpamPoolAllocationSpec spec) {
    return problems(spec).stream()
        .filter(p -> p.startsWith("spec.regionId") || p.startsWith("spec.ipamPoolId")
            || p.startsWith("spec.credentialsSecretRef") || p.startsWith("spec is missing"))
        .toList();
  }

  /** Null when {@code cidr} is a canonical IPv4 CIDR, else what is wrong with it. */
  static String cidrProblem(String cidr) {
    if (!cidr.matches(IpamPoolAllocationSpec.CIDR_PATTERN)) {
      return "spec.cidr must be an IPv4 CIDR such as 10.0.0.0/24";
    }
    String[] parts = cidr.split("/");
    int prefix = Integer.parseInt(parts[1]);
    long address = 0;
    for (String octet : parts[0].split("\\.")) {
      address = (address << 8) | Integer.parseInt(octet);
    }
    long hostMask = prefix == 32 ? 0 : (1L << (32 - prefix)) - 1;
    if ((address & hostMask) != 0) {
      long network = address & ~hostMask & 0xFFFFFFFFL;
      return "spec.cidr " + cidr + " has host bits set: did you mean " + dotted(network) + "/" + prefix + "?";
    }
    return null;
  }

  private static String dotted(long a) {
    return ((a >> 24) & 255) + "." + ((a >> 16) & 255) + "." + ((a >> 8) & 255) + "." + (a & 255);
  }

  private static boolean hasUrlPrefix(String s) {
    return s.startsWith("http://") || s.startsWith("https://");
  }

  private static boolean isLetterOrHan(char c) {
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '\u4e00' && c <= '\u9fa5');
  }

  private static void check(List<String> problems, boolean ok, String problem) {
    if (!ok) {
      problems.add(problem);
    }
  }
}
