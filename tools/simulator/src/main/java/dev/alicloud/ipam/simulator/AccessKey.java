package dev.alicloud.ipam.simulator;

import java.util.Set;

/**
 * A simulated credential with its RAM-like permissions: an allow list of actions (null = every action), pools the
 * key is denied on (resource-level deny) and, for STS credentials, the security token the request must carry.
 */
record AccessKey(String id, String secret, String securityToken, Set<String> allowedActions, Set<String> deniedPools) {

  AccessKey {
    allowedActions = allowedActions == null ? null : Set.copyOf(allowedActions);
    deniedPools = Set.copyOf(deniedPools);
  }

  boolean allows(String action) {
    return allowedActions == null || allowedActions.contains("*") || allowedActions.contains(action);
  }

  boolean deniedOn(String poolId) {
    return deniedPools.contains(poolId);
  }

  AccessKey withAllowedActions(Set<String> actions) {
    return new AccessKey(id, secret, securityToken, actions, deniedPools);
  }

  AccessKey withDeniedPools(Set<String> pools) {
    return new AccessKey(id, secret, securityToken, allowedActions, pools);
  }
}
