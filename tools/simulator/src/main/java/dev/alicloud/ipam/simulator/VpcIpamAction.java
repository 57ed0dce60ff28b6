package dev.alicloud.ipam.simulator;

import java.util.Optional;

/**
 * The API actions the simulator serves, with the two facts request handling needs about each: does it change state
 * (lost-response faults, {@link CallLog#mutatingCalls()}) and is it an allocation call (a RAM denial answers
 * {@code OperationDenied.Unauthorized} 400 there, {@code Forbidden.RAM} 403 elsewhere).
 */
enum VpcIpamAction {
  CreateIpamPoolAllocation(true, true),
  DeleteIpamPoolAllocation(true, true),
  UpdateIpamPoolAllocation(true, true),
  GetIpamPoolAllocation(false, true),
  ListIpamPoolAllocations(false, true),
  ListIpamPools(false, false),
  ListIpamPoolCidrs(false, false),
  GetIpamPoolNextAvailableCidr(false, false);

  private final boolean mutating;
  private final boolean allocationCall;

  VpcIpamAction(boolean mutating, boolean allocationCall) {
    this.mutating = mutating;
    this.allocationCall = allocationCall;
  }

  boolean mutating() {
    return mutating;
  }

  ApiException denial() {
    return allocationCall ? ApiException.unauthorized() : ApiException.forbiddenRam();
  }

  static Optional<VpcIpamAction> find(String name) {
    for (VpcIpamAction a : values()) {
      if (a.name().equals(name)) {
        return Optional.of(a);
      }
    }
    return Optional.empty();
  }

  static boolean isMutating(String name) {
    return find(name).map(VpcIpamAction::mutating).orElse(false);
  }
}
