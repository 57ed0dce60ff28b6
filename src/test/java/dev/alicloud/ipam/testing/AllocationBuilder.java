package dev.alicloud.ipam.testing;

import dev.alicloud.ipam.api.v1alpha1.CredentialsSecretRef;
import dev.alicloud.ipam.api.v1alpha1.DeletionPolicy;
import dev.alicloud.ipam.api.v1alpha1.IpamPoolAllocation;
import dev.alicloud.ipam.api.v1alpha1.IpamPoolAllocationSpec;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;

/** Builds test resources: one fluent place instead of spec setters copied through every test. */
public final class AllocationBuilder {

  private final IpamPoolAllocation resource = new IpamPoolAllocation();
  private final IpamPoolAllocationSpec spec = new IpamPoolAllocationSpec();

  private AllocationBuilder(String name) {
    resource.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace(Fixtures.NAMESPACE).build());
    spec.setRegionId(Fixtures.REGION);
    spec.setIpamPoolId(Fixtures.POOL);
    resource.setSpec(spec);
  }

  public static AllocationBuilder named(String name) {
    return new AllocationBuilder(name);
  }

  public AllocationBuilder inNamespace(String namespace) {
    resource.getMetadata().setNamespace(namespace);
    return this;
  }

  public AllocationBuilder cidrMask(int mask) {
    spec.setCidrMask(mask);
    return this;
  }

  public AllocationBuilder cidr(String cidr) {
    spec.setCidr(cidr);
    return this;
  }

  public AllocationBuilder adopt(String allocationId) {
    spec.setAllocationId(allocationId);
    return this;
  }

  public AllocationBuilder region(String regionId) {
    spec.setRegionId(regionId);
    return this;
  }

  public AllocationBuilder pool(String poolId) {
    spec.setIpamPoolId(poolId);
    return this;
  }

  public AllocationBuilder allocationName(String name) {
    spec.setAllocationName(name);
    return this;
  }

  public AllocationBuilder description(String description) {
    spec.setDescription(description);
    return this;
  }

  public AllocationBuilder dryRun() {
    spec.setDryRun(true);
    return this;
  }

  public AllocationBuilder orphan() {
    spec.setDeletionPolicy(DeletionPolicy.Orphan);
    return this;
  }

  public AllocationBuilder credentials(String secretName) {
    spec.setCredentialsSecretRef(new CredentialsSecretRef(secretName));
    return this;
  }

  public AllocationBuilder annotate(String key, String value) {
    resource.getMetadata().setAnnotations(java.util.Map.of(key, value));
    return this;
  }

  public IpamPoolAllocation build() {
    return resource;
  }
}
