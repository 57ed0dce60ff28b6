package dev.alicloud.ipam.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What the user wants: one block from one pool, chosen by exact CIDR, by mask size, or by adopting an existing
 * allocation. The admission rules here are the first line of defence; the reconciler re-checks everything.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"regionId", "ipamPoolId", "cidr", "cidrMask", "allocationId", "allocationName", "description",
    "deletionPolicy", "dryRun", "credentialsSecretRef"})
@ValidationRule(value = "(has(self.cidr) ? 1 : 0) + (has(self.cidrMask) ? 1 : 0) + (has(self.allocationId) ? 1 : 0) == 1",
    message = "set exactly one of cidr, cidrMask or allocationId")
@ValidationRule(value = "has(self.cidr) == has(oldSelf.cidr) && has(self.cidrMask) == has(oldSelf.cidrMask)"
    + " && has(self.allocationId) == has(oldSelf.allocationId)",
    message = "cidr, cidrMask and allocationId cannot be added or removed after creation: create a new resource instead")
public class IpamPoolAllocationSpec {

  /** Canonical-looking dotted quad with a /0-32 suffix; host bits are checked by the reconciler. */
  public static final String CIDR_PATTERN = "^((25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])\\.){3}"
      + "(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])/([0-9]|[12][0-9]|3[0-2])$";
  public static final String REGION_PATTERN = "^[a-z]{2,}(-[a-z0-9]+)+$";
  public static final String POOL_ID_PATTERN = "^ipam-pool-[a-z0-9]{1,64}$";
  public static final String ALLOCATION_ID_PATTERN = "^ipam-(pool-)?alloc-[a-z0-9]{1,64}$";
  /** Alibaba's rule: a description starts with a letter or a Chinese character. */
  public static final String DESCRIPTION_PATTERN = "^[A-Za-z\u4e00-\u9fa5]";
  /** A URL at the start, whatever its case, after any spaces (RE2 and java.util.regex read it alike). */
  public static final String URL_PREFIX_PATTERN = "(?i)^[\\s\\p{Z}]*https?://";
  /** Control, format (zero-width, bidi overrides) and line or paragraph separator characters. */
  public static final String INVISIBLE_PATTERN = "[\\p{Cc}\\p{Cf}\\p{Zl}\\p{Zp}]";
  /** A character that is not a space of any kind. */
  public static final String VISIBLE_PATTERN = "[^\\s\\p{Z}]";
  /** Two adjacent letters of two look-alike scripts: how homoglyph names (Cyrillic a in a Latin word) are built. */
  public static final String MIXED_SCRIPT_PATTERN = "\\p{Latin}[\\p{Cyrillic}\\p{Greek}]"
      + "|\\p{Cyrillic}[\\p{Latin}\\p{Greek}]|\\p{Greek}[\\p{Latin}\\p{Cyrillic}]";
  public static final int MAX_NAME_LENGTH = 128;
  /** Alibaba allows 256; 128 are kept for the ownership tag the operator appends. */
  public static final int MAX_DESCRIPTION_LENGTH = 128;

  @Required
  @Pattern(REGION_PATTERN)
  @JsonPropertyDescription("Region of the IPAM pool, e.g. cn-hangzhou. Calls are made in this region. Cannot change "
      + "once an allocation exists.")
  private String regionId;

  @Required
  @Pattern(POOL_ID_PATTERN)
  @ValidationRule(value = "self == oldSelf", message = "ipamPoolId is immutable: create a new resource instead")
  @JsonPropertyDescription("ID of the IPAM pool to allocate from, e.g. ipam-pool-6rfh0y5r8oq7. Immutable.")
  private String ipamPoolId;

  @Pattern(CIDR_PATTERN)
  @ValidationRule(value = "self == oldSelf", message = "cidr is immutable: create a new resource instead")
  @JsonPropertyDescription("Reserve exactly this IPv4 block, e.g. 10.20.0.0/16 (no host bits). One of cidr, cidrMask, "
      + "allocationId. Immutable.")
  private String cidr;

  @Min(0)
  @Max(32)
  @ValidationRule(value = "self == oldSelf", message = "cidrMask is immutable: create a new resource instead")
  @JsonPropertyDescription("Reserve the first free block of this prefix length; it must lie within the pool's allowed "
      + "mask range. One of cidr, cidrMask, allocationId. Immutable.")
  private Integer cidrMask;

  @Pattern(ALLOCATION_ID_PATTERN)
  @ValidationRule(value = "self == oldSelf", message = "allocationId is immutable: create a new resource instead")
  @JsonPropertyDescription("Adopt this existing allocation (ipam-pool-alloc-... or ipam-alloc-...) instead of creating one. The operator refuses "
      + "an allocation owned by another resource or cluster. One of cidr, cidrMask, allocationId. Immutable.")
  private String allocationId;

  @Size(min = 1, max = MAX_NAME_LENGTH)
  @ValidationRule(value = "!self.matches(r'" + URL_PREFIX_PATTERN + "')",
      message = "allocationName must not start with http:// or https://")
  @ValidationRule(value = "!self.matches(r'" + INVISIBLE_PATTERN + "')",
      message = "allocationName must not contain control, invisible or line-separator characters")
  @ValidationRule(value = "self.matches(r'" + VISIBLE_PATTERN + "')",
      message = "allocationName must contain a visible character")
  @ValidationRule(value = "!self.matches(r'" + MIXED_SCRIPT_PATTERN + "')",
      message = "allocationName must not mix Latin, Cyrillic or Greek letters within a word (look-alike characters)")
  @JsonPropertyDescription("Name of the allocation in the cloud, 1-128 characters, not starting with http:// or "
      + "https://, without control or invisible characters. Mutable. Default: <namespace>-<name> for created allocations, unchanged for adopted ones.")
  private String allocationName;

  @Size(min = 1, max = MAX_DESCRIPTION_LENGTH)
  @Pattern(DESCRIPTION_PATTERN)
  @ValidationRule(value = "!self.matches(r'" + URL_PREFIX_PATTERN + "')",
      message = "description must not start with http:// or https://")
  @ValidationRule(value = "!self.matches(r'" + INVISIBLE_PATTERN + "')",
      message = "description must not contain control, invisible or line-separator characters")
  @ValidationRule(value = "!self.matches(r'" + MIXED_SCRIPT_PATTERN + "')",
      message = "description must not mix Latin, Cyrillic or Greek letters within a word (look-alike characters)")
  @ValidationRule(value = "!self.contains('" + IpamPoolAllocation.OWNER_TAG_PREFIX + "')",
      message = "description must not contain " + IpamPoolAllocation.OWNER_TAG_PREFIX
          + ": the operator appends that tag itself")
  @JsonPropertyDescription("Description of the allocation in the cloud, 1-128 characters, starting with a letter or a "
      + "Chinese character, without control or invisible characters. The operator appends its ownership tag. Mutable.")
  private String description;

  @Default("Delete")
  @JsonPropertyDescription("Delete (default) releases the cloud allocation when this resource is deleted; Orphan leaves "
      + "it in the cloud. May be changed at any time, also while the resource is being deleted.")
  private DeletionPolicy deletionPolicy;

  @Default("false")
  @JsonPropertyDescription("When true the operator changes nothing in the cloud: it dry-runs the create (or reads, when "
      + "adopting) and, on deletion, dry-runs the release and keeps the finalizer. See the DryRun condition.")
  private Boolean dryRun;

  @JsonPropertyDescription("Secret in this namespace with the access key to use; default: the operator's own identity "
      + "(RRSA, environment, ECS RAM role).")
  private CredentialsSecretRef credentialsSecretRef;

  /** Fields present in the stored object that could not be read, each with what is wrong (see SpecDeserializer). */
  @JsonIgnore
  private Map<String, String> unreadableFields = Map.of();
  /**
   * Their values as stored, written back unchanged whenever this spec is serialized (JOSDK copies resources by a
   * serialization round trip): the copy must report the same problems, not silently lose the fields.
   */
  @JsonIgnore
  private Map<String, JsonNode> unreadableValues = Map.of();

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

  public Integer getCidrMask() {
    return cidrMask;
  }

  public void setCidrMask(Integer cidrMask) {
    this.cidrMask = cidrMask;
  }

  public String getAllocationId() {
    return allocationId;
  }

  public void setAllocationId(String allocationId) {
    this.allocationId = allocationId;
  }

  public String getAllocationName() {
    return allocationName;
  }

  public void setAllocationName(String allocationName) {
    this.allocationName = allocationName;
  }

  public String getDescription() {
    return description;
  }

  public void setDescription(String description) {
    this.description = description;
  }

  public DeletionPolicy getDeletionPolicy() {
    return deletionPolicy;
  }

  public void setDeletionPolicy(DeletionPolicy deletionPolicy) {
    this.deletionPolicy = deletionPolicy;
  }

  public Boolean getDryRun() {
    return dryRun;
  }

  public void setDryRun(Boolean dryRun) {
    this.dryRun = dryRun;
  }

  public CredentialsSecretRef getCredentialsSecretRef() {
    return credentialsSecretRef;
  }

  public void setCredentialsSecretRef(CredentialsSecretRef credentialsSecretRef) {
    this.credentialsSecretRef = credentialsSecretRef;
  }

  @JsonIgnore
  public Map<String, String> getUnreadableFields() {
    return unreadableFields;
  }

  @JsonIgnore
  public void setUnreadableFields(Map<String, String> unreadableFields) {
    this.unreadableFields = Map.copyOf(unreadableFields);
  }

  @JsonAnyGetter
  Map<String, JsonNode> getUnreadableValues() {
    return unreadableValues;
  }

  void setUnreadableValues(Map<String, JsonNode> values) {
    this.unreadableValues = Collections.unmodifiableMap(new LinkedHashMap<>(values));
  }

  /** The effective policy: absent means Delete (the schema default may not have been applied, e.g. in tests). */
  public DeletionPolicy effectiveDeletionPolicy() {
    return deletionPolicy == null ? DeletionPolicy.Delete : deletionPolicy;
  }

  @JsonIgnore
  public boolean isDryRunRequested() {
    return Boolean.TRUE.equals(dryRun);
  }

  @JsonIgnore
  public boolean isAdoption() {
    return allocationId != null;
  }

  /**
   * The field that says how the allocation is acquired: {@code allocationId} (adopted), {@code cidr} or
   * {@code cidrMask} (created); null when none is set.
   */
  @JsonIgnore
  public String acquisitionField() {
    return allocationId != null ? "allocationId" : cidr != null ? "cidr" : cidrMask != null ? "cidrMask" : null;
  }
}
