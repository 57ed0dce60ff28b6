package dev.alicloud.ipam.api.v1alpha1;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;

/**
 * Reads {@code spec} field by field, strictly: what does not fit the model is left out and listed in
 * {@link IpamPoolAllocationSpec#getUnreadableFields()}, where the reconciler's validation turns it into a Stalled
 * InvalidSpec condition for this one resource.
 */
public final class SpecDeserializer extends TolerantDeserializer<IpamPoolAllocationSpec> {

  private static final Map<String, String> EXPECTED = Map.of(
      "cidrMask", "a whole number from 0 to 32, unquoted (cidrMask: 24)",
      "deletionPolicy", "Delete or Orphan, capitalised as shown",
      "dryRun", "true or false, unquoted",
      "credentialsSecretRef", "an object with only a name (credentialsSecretRef: {name: my-secret})");

  public SpecDeserializer() {
    super(IpamPoolAllocationSpec.class, field -> EXPECTED.getOrDefault(field, "a string"));
  }

  @Override
  protected IpamPoolAllocationSpec keep(IpamPoolAllocationSpec spec, Map<String, String> problems,
      Map<String, JsonNode> values) {
    spec.setUnreadableFields(problems);
    spec.setUnreadableValues(values);
    return spec;
  }

  @Override
  protected IpamPoolAllocationSpec unreadable(String problem) {
    IpamPoolAllocationSpec spec = new IpamPoolAllocationSpec();
    spec.setUnreadableFields(Map.of("", problem));
    return spec;
  }
}
