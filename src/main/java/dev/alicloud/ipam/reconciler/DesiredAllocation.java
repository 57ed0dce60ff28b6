package dev.alicloud.ipam.reconciler;

import dev.alicloud.ipam.api.v1alpha1.IpamPoolAllocationSpec;
import dev.alicloud.ipam.cloud.CreateAllocationRequest;

/** The name and description an allocation should carry in the cloud, from the spec and the ownership tag. */
final class DesiredAllocation {

  private DesiredAllocation() {
  }

  static String name(ReconcilePass pass, String cloudName) {
    var spec = pass.spec();
    if (spec.getAllocationName() != null) {
      return spec.getAllocationName();
    }
    if (spec.isAdoption() && cloudName != null && !cloudName.isEmpty()) {
      return cloudName;
    }
    String name = pass.resource.getMetadata().getNamespace() + "-" + pass.resource.getMetadata().getName();
    return name.length() > IpamPoolAllocationSpec.MAX_NAME_LENGTH
        ? name.substring(0, IpamPoolAllocationSpec.MAX_NAME_LENGTH) : name;
  }

  static String description(ReconcilePass pass, String cloudDescription) {
    var spec = pass.spec();
    String text = spec.getDescription();
    if (text == null && spec.isAdoption()) {
      text = OwnershipTag.stripFrom(cloudDescription);
      if (text != null && text.length() > 256 - OwnershipTag.MAX_LENGTH) {
        text = text.substring(0, 256 - OwnershipTag.MAX_LENGTH);
      }
    }
    return pass.tag().appendTo(text);
  }

  /** The create request for this resource, without a client token. */
  static CreateAllocationRequest createRequest(ReconcilePass pass) {
    var spec = pass.spec();
    return new CreateAllocationRequest(spec.getRegionId(), spec.getIpamPoolId(), spec.getCidr(), spec.getCidrMask(),
        name(pass, null), pass.tag().appendTo(spec.getDescription()), false, null);
  }

  static String describeRequest(IpamPoolAllocationSpec spec) {
    return spec.getCidr() != null ? spec.getCidr() : "a /" + spec.getCidrMask() + " block";
  }
}
