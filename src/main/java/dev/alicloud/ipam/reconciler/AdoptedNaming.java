package dev.alicloud.ipam.reconciler;

import dev.alicloud.ipam.api.v1alpha1.AdoptedFrom;
import dev.alicloud.ipam.cloud.Allocation;
import dev.alicloud.ipam.cloud.CloudException;
import dev.alicloud.ipam.cloud.UpdateAllocationRequest;
import dev.alicloud.ipam.cloud.VpcIpamClient;
import dev.alicloud.ipam.cloud.VpcIpamClientFactory;
import dev.alicloud.ipam.reconciler.CredentialsResolver.CredentialsProblem;
import java.util.Objects;
import java.util.Optional;

/**
 * Puts back the cloud name and description an adopted allocation had before adoption, when its resource lets go of
 * it without releasing it ({@code deletionPolicy: Orphan}), so that adoption leaves what it adopted as it found it.
 * Best effort: letting go must not hang on the cloud, so a failure is a Warning event that names the old values.
 */
final class AdoptedNaming extends Step {

  /** What an allocation whose description was empty is left with: the API takes 1 to 256 characters. */
  static final String EMPTY_DESCRIPTION_STAND_IN = "No longer managed by vpc-ipam-operator";

  private final VpcIpamClientFactory clients;
  private final CredentialsResolver credentials;
  private final OwnershipGuard guard;

  AdoptedNaming(Step.Collaborators c, VpcIpamClientFactory clients, CredentialsResolver credentials,
      OwnershipGuard guard) {
    super(c);
    this.clients = clients;
    this.credentials = credentials;
    this.guard = guard;
  }

  /**
   * Restores the adopted allocation's naming, also when the claim had not settled yet (the tag may be written);
   * returns what to add to the event that reports letting go ("" when nothing was done).
   */
  String restore(ReconcilePass pass) {
    AdoptedFrom from = pass.status.getAdoptedFrom();
    String id = pass.status.getAllocationId() != null ? pass.status.getAllocationId()
        : pass.spec().isAdoption() ? pass.spec().getAllocationId() : null;
    if (from == null || id == null) {
      return "";
    }
    String region = pass.status.getRegionId() != null ? pass.status.getRegionId() : pass.spec().getRegionId();
    try {
      VpcIpamClient client = clients.forRegion(region, credentials.resolve(pass.resource));
      Optional<Allocation> current = confirmExists(client, id);
      if (current.isEmpty()) {
        return "";
      }
      if (!guard.judge(pass, current.get()).proven()) {
        return "; its name and description were left as they are, since it is not provably this resource's";
      }
      String name = blankToNull(from.getName());
      String description = from.getDescription() == null || from.getDescription().isBlank()
          ? EMPTY_DESCRIPTION_STAND_IN : from.getDescription();
      if ((name == null || name.equals(current.get().name()))
          && Objects.equals(description, current.get().description())) {
        return "";
      }
      pass.status.setLastRequestId(client.update(new UpdateAllocationRequest(region, id, name, description, false,
          null)));
      return "; the name and description it had before adoption were put back";
    } catch (CloudException | CredentialsProblem e) {
      String cause = e instanceof CloudException ce ? ce.code() : e.getMessage();
      events.warning(pass.resource, Reasons.ORPHANED, "Could not put back the name and description " + id
          + " had before adoption (" + cause + "); it keeps this resource's tag. They were: name '"
          + Objects.toString(from.getName(), "") + "', description '" + Objects.toString(from.getDescription(), "")
          + "'");
      return "";
    }
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s;
  }
}
