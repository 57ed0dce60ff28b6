package dev.alicloud.ipam.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.Objects;

/**
 * The cloud name and description an allocation had before a resource adopted it. Adoption writes the ownership tag
 * (and any name or description the spec sets) into the cloud; letting go of the allocation without releasing it puts
 * these back, so adoption leaves what it adopted as it found it.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class AdoptedFrom {

  @JsonPropertyDescription("The cloud name (IpamPoolAllocationName) before adoption; empty when it had none.")
  private String name;
  @JsonPropertyDescription("The cloud description before adoption, without any earlier owner's tag.")
  private String description;

  public AdoptedFrom() {
  }

  public AdoptedFrom(String name, String description) {
    this.name = name;
    this.description = description;
  }

  public String getName() {
    return name;
  }

  public void setName(String name) {
    this.name = name;
  }

  public String getDescription() {
    return description;
  }

  public void setDescription(String description) {
    this.description = description;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof AdoptedFrom a && Objects.equals(name, a.name) && Objects.equals(description, a.description);
  }

  @Override
  public int hashCode() {
    return Objects.hash(name, description);
  }
}
