package dev.alicloud.ipam.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;

/** Points at a Secret in the resource's namespace holding the access key the operator signs calls with. */
public class CredentialsSecretRef {

  @Required
  @Size(min = 1, max = 253)
  @Pattern("^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$")
  @JsonPropertyDescription("Name of a Secret in the same namespace with the keys accessKeyId, accessKeySecret and, "
      + "for STS credentials, securityToken.")
  private String name;

  public CredentialsSecretRef() {
  }

  public CredentialsSecretRef(String name) {
    this.name = name;
  }

  public String getName() {
    return name;
  }

  public void setName(String name) {
    this.name = name;
  }
}
