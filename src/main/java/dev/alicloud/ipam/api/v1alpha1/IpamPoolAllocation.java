package dev.alicloud.ipam.api.v1alpha1;

import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.ValidationRule;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Categories;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Kind;
import io.fabric8.kubernetes.model.annotation.Plural;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Version;

/**
 * A CIDR block reserved from an Alibaba Cloud VPC IPAM pool, declared from Git. The operator creates (or
 * adopts) the cloud allocation, reports it in {@code status}, and releases it through a finalizer.
 */
@Group(IpamPoolAllocation.GROUP)
@Version(IpamPoolAllocation.VERSION)
@Kind("IpamPoolAllocation")
@Plural("ipampoolallocations")
@ShortNames("ipa")
@Categories({"alicloud", "ipam"})
// kubectl shows the columns in this order (PrinterColumnOrder puts the generated CRD's list in it)
@AdditionalPrinterColumn(name = "READY", jsonPath = ".status.conditions[?(@.type==\"Ready\")].status",
    type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "REASON", jsonPath = ".status.conditions[?(@.type==\"Ready\")].reason",
    type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "CIDR", jsonPath = ".status.cidr", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "POOL", jsonPath = ".spec.ipamPoolId", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "AGE", jsonPath = ".metadata.creationTimestamp", type = AdditionalPrinterColumn.Type.DATE)
@AdditionalPrinterColumn(name = "REGION", jsonPath = ".spec.regionId", priority = 1, type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "POLICY", jsonPath = ".spec.deletionPolicy", priority = 1,
    type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "ALLOCATION", jsonPath = ".status.allocationId", priority = 1,
    type = AdditionalPrinterColumn.Type.STRING)
@ValidationRule(value = "!has(oldSelf.status) || !has(oldSelf.status.allocationId) || self.spec.regionId == oldSelf.spec.regionId",
    message = "spec.regionId cannot change once an allocation exists (status.allocationId is set)")
public class IpamPoolAllocation extends CustomResource<IpamPoolAllocationSpec, IpamPoolAllocationStatus>
    implements Namespaced {

  public static final String GROUP = "ipam.alicloud.dev";
  public static final String VERSION = "v1alpha1";
  /** Finalizer that guards the release of the cloud allocation. */
  public static final String FINALIZER = GROUP + "/release";
  /** Starts the ownership tag the operator appends to the cloud description (cluster, namespace, name, uid). */
  public static final String OWNER_TAG_PREFIX = GROUP + "/owner=";

  @Override
  @Required
  public IpamPoolAllocationSpec getSpec() {
    return super.getSpec();
  }

  /** Read leniently: one object the schema did not check must not stop the informer for all others. */
  @Override
  @JsonDeserialize(using = SpecDeserializer.class)
  public void setSpec(IpamPoolAllocationSpec spec) {
    super.setSpec(spec);
  }

  @Override
  @JsonDeserialize(using = StatusDeserializer.class)
  public void setStatus(IpamPoolAllocationStatus status) {
    super.setStatus(status);
  }
}
