package dev.alicloud.ipam.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.fabric8.kubernetes.api.model.Condition;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/** What the operator observed: the cloud allocation, the last error, and kstatus conditions. Written only by the operator. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"observedGeneration", "allocationId", "regionId", "ipamPoolId", "cidr", "sourceCidr", "resourceType",
    "resourceId", "resourceOwnerId", "resourceRegionId", "cloudStatus",
    "acquiredWith", "adoptedFrom", "createAttempted", "lastRequestId", "lastError", "conditions"})
public class IpamPoolAllocationStatus {

  @JsonPropertyDescription("The metadata.generation the operator last acted on.")
  private Long observedGeneration;
  @JsonPropertyDescription("ID of the cloud allocation this resource owns (ipam-pool-alloc-... or ipam-alloc-...).")
  private String allocationId;
  @JsonPropertyDescription("Region the allocation lives in, or a create was sent to. Releases are made there, "
      + "whatever spec.regionId says later.")
  private String regionId;
  @JsonPropertyDescription("Pool the allocation was made from or adopted in, or a create was sent to.")
  private String ipamPoolId;
  @JsonPropertyDescription("The reserved block, e.g. 10.0.0.0/24.")
  private String cidr;
  @JsonPropertyDescription("The pool CIDR the block was carved from.")
  private String sourceCidr;
  @JsonPropertyDescription("Custom, VPC or IpamPool: what the allocation belongs to in the cloud.")
  private String resourceType;
  @JsonPropertyDescription("What holds the block when it is not a custom reservation, e.g. vpc-... (adopted blocks).")
  private String resourceId;
  @JsonPropertyDescription("The Alibaba Cloud account of the resource holding the block: in a pool shared across "
      + "accounts, whose block this is.")
  private String resourceOwnerId;
  @JsonPropertyDescription("The region of the resource holding the block, when the cloud reports it.")
  private String resourceRegionId;
  @JsonPropertyDescription("Created or Deleted, as the cloud reports it.")
  private String cloudStatus;
  @JsonPropertyDescription("The spec field the allocation was acquired with: cidr or cidrMask (created), or "
      + "allocationId (adopted).")
  private String acquiredWith;
  @JsonPropertyDescription("For an adopted allocation: its cloud name and description before adoption, put back "
      + "when this resource lets go of it without releasing it.")
  private AdoptedFrom adoptedFrom;
  @JsonPropertyDescription("True from just before a create is sent until its answer is recorded or it was refused: "
      + "a create may then have reached the cloud unrecorded, so the operator searches the pool for its tag before "
      + "creating again or letting the resource go.")
  private Boolean createAttempted;
  @JsonPropertyDescription("When the operator last sent a create (RFC 3339). IPAM reads are eventually consistent: "
      + "for a short grace after it, a read that misses the new allocation proves neither a loss nor a release.")
  private String createSentAt;
  @JsonPropertyDescription("RequestId of the last cloud call, for Alibaba Cloud support.")
  private String lastRequestId;
  @JsonPropertyDescription("The last cloud error; absent after a success.")
  private CloudError lastError;
  @JsonPropertyDescription("Ready, Reconciling, Stalled (kstatus), DryRun and Releasable.")
  private List<Condition> conditions = new ArrayList<>();

  public Long getObservedGeneration() {
    return observedGeneration;
  }

  public void setObservedGeneration(Long observedGeneration) {
    this.observedGeneration = observedGeneration;
  }

  public String getAllocationId() {
    return allocationId;
  }

  public void setAllocationId(String allocationId) {
    this.allocationId = allocationId;
  }

  public String getRegionId() {
    return regionId;
  }

  public void setRegionId(String regionId) {
    this.regionId = regionId;
  }

  public String getIpamPoolId() {
    return ipamPoolId;
  }

  public void setIpamPoolId(String ipamPoolId) {
    this.ipamPoolId = ipamPoolId;
  }

  public String getCidr() {
    return cidr;
  }

  public void setCidr(String cidr) {
    this.cidr = cidr;
  }

  public String getSourceCidr() {
    return sourceCidr;
  }

  public void setSourceCidr(String sourceCidr) {
    this.sourceCidr = sourceCidr;
  }

  public String getResourceId() {
    return resourceId;
  }

  public void setResourceId(String resourceId) {
    this.resourceId = resourceId;
  }

  public String getResourceOwnerId() {
    return resourceOwnerId;
  }

  public void setResourceOwnerId(String resourceOwnerId) {
    this.resourceOwnerId = resourceOwnerId;
  }

  public String getResourceRegionId() {
    return resourceRegionId;
  }

  public void setResourceRegionId(String resourceRegionId) {
    this.resourceRegionId = resourceRegionId;
  }

  public String getResourceType() {
    return resourceType;
  }

  public void setResourceType(String resourceType) {
    this.resourceType = resourceType;
  }

  public String getCloudStatus() {
    return cloudStatus;
  }

  public void setCloudStatus(String cloudStatus) {
    this.cloudStatus = cloudStatus;
  }

  public String getAcquiredWith() {
    return acquiredWith;
  }

  public void setAcquiredWith(String acquiredWith) {
    this.acquiredWith = acquiredWith;
  }

  public AdoptedFrom getAdoptedFrom() {
    return adoptedFrom;
  }

  public void setAdoptedFrom(AdoptedFrom adoptedFrom) {
    this.adoptedFrom = adoptedFrom;
  }

  public Boolean getCreateAttempted() {
    return createAttempted;
  }

  public void setCreateAttempted(Boolean createAttempted) {
    this.createAttempted = createAttempted;
  }

  public String getCreateSentAt() {
    return createSentAt;
  }

  public void setCreateSentAt(String createSentAt) {
    this.createSentAt = createSentAt;
  }

  public String getLastRequestId() {
    return lastRequestId;
  }

  public void setLastRequestId(String lastRequestId) {
    this.lastRequestId = lastRequestId;
  }

  public CloudError getLastError() {
    return lastError;
  }

  public void setLastError(CloudError lastError) {
    this.lastError = lastError;
  }

  public List<Condition> getConditions() {
    return conditions;
  }

  public void setConditions(List<Condition> conditions) {
    this.conditions = conditions == null ? new ArrayList<>() : conditions;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof IpamPoolAllocationStatus s && Objects.equals(observedGeneration, s.observedGeneration)
        && Objects.equals(allocationId, s.allocationId) && Objects.equals(regionId, s.regionId)
        && Objects.equals(ipamPoolId, s.ipamPoolId) && Objects.equals(cidr, s.cidr)
        && Objects.equals(sourceCidr, s.sourceCidr) && Objects.equals(resourceType, s.resourceType)
        && Objects.equals(resourceId, s.resourceId) && Objects.equals(resourceOwnerId, s.resourceOwnerId)
        && Objects.equals(resourceRegionId, s.resourceRegionId)
        && Objects.equals(cloudStatus, s.cloudStatus) && Objects.equals(lastRequestId, s.lastRequestId)
        && Objects.equals(createAttempted, s.createAttempted) && Objects.equals(createSentAt, s.createSentAt)
        && Objects.equals(acquiredWith, s.acquiredWith)
        && Objects.equals(adoptedFrom, s.adoptedFrom)
        && Objects.equals(lastError, s.lastError) && Objects.equals(conditions, s.conditions);
  }

  @Override
  public int hashCode() {
    return Objects.hash(observedGeneration, allocationId, cidr, conditions);
  }
}
