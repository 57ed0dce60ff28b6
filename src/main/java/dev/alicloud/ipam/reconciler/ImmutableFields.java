package dev.alicloud.ipam.reconciler;

import dev.alicloud.ipam.api.v1alpha1.IpamPoolAllocationSpec;
import dev.alicloud.ipam.api.v1alpha1.IpamPoolAllocationStatus;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Compares the spec with the allocation the resource holds, for the fields that cannot change once it exists. The
 * CRD's rules refuse such changes at admission; where they did not run (no schema, an older CRD, a forced replace),
 * the resource must not report Ready for a block, pool or region that is not the one its spec names.
 */
final class ImmutableFields {

  private ImmutableFields() {
  }

  /** What to change back, each phrased for the user; empty when the spec still describes the allocation held. */
  static List<String> problems(IpamPoolAllocationSpec spec, IpamPoolAllocationStatus status) {
    List<String> problems = new ArrayList<>();
    String id = status.getAllocationId();
    if (id == null) {
      return problems;
    }
    changed(problems, id, "regionId", status.getRegionId(), spec.getRegionId());
    changed(problems, id, "ipamPoolId", status.getIpamPoolId(), spec.getIpamPoolId());
    String was = status.getAcquiredWith();
    String now = spec.acquisitionField();
    if (was != null && now != null && !was.equals(now)) {
      problems.add("spec." + now + " replaced spec." + was + " after " + id + " was "
          + ("allocationId".equals(was) ? "adopted" : "made") + "; that choice cannot change: remove spec." + now
          + " and set spec." + was + " back to " + heldValue(was, id, status.getCidr())
          + ", or create a new resource for the new spec." + now);
      return problems;
    }
    if (spec.isAdoption()) {
      changed(problems, id, "allocationId", id, spec.getAllocationId());
    }
    String held = status.getCidr();
    if (held != null && spec.getCidr() != null && !held.equals(spec.getCidr())) {
      problems.add("spec.cidr is " + spec.getCidr() + " but " + id + " holds " + held + ": set it back to " + held
          + ", or create a new resource for " + spec.getCidr());
    }
    if (held != null && spec.getCidrMask() != null && !held.endsWith("/" + spec.getCidrMask())) {
      String prefix = held.substring(held.indexOf('/') + 1);
      problems.add("spec.cidrMask is " + spec.getCidrMask() + " but " + id + " holds the /" + prefix + " " + held
          + ": set it back to " + prefix + ", or create a new resource for a /" + spec.getCidrMask());
    }
    return problems;
  }

  /** The value the field had when the allocation was acquired, as the allocation shows it. */
  private static String heldValue(String field, String id, String cidr) {
    return switch (field) {
      case "allocationId" -> id;
      case "cidrMask" -> cidr == null ? "its earlier value" : cidr.substring(cidr.indexOf('/') + 1);
      default -> cidr == null ? "its earlier value" : cidr;
    };
  }

  private static void changed(List<String> problems, String id, String field, String held, String wanted) {
    if (held != null && !Objects.equals(held, wanted)) {
      problems.add("spec." + field + " changed from " + held + " to " + wanted + " after " + id + " was made; it "
          + "cannot change: set it back to " + held + ", or create a new resource");
    }
  }
}
