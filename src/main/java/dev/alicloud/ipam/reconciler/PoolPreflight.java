package dev.alicloud.ipam.reconciler;

import dev.alicloud.ipam.api.v1alpha1.IpamPoolAllocationSpec;
import dev.alicloud.ipam.cloud.CloudException;
import dev.alicloud.ipam.cloud.ErrorKind;
import dev.alicloud.ipam.cloud.PoolInfo;
import dev.alicloud.ipam.cloud.VpcIpamClient;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Checks a spec against what the pool itself says before the first create, so that a block the pool cannot give
 * (a pool missing from the region, a mask outside its range, an exact block outside its CIDRs, keys the gateway
 * refuses) stalls without a single create being sent. The answers are kept per pool and identity for ten minutes:
 * a thousand creates in one pool cost one ListIpamPools (and one ListIpamPoolCidrs for exact blocks), not one read
 * each. Where the RAM policy lacks the two read actions the check is skipped and the create decides, as before.
 */
final class PoolPreflight {

  private static final Logger LOG = LoggerFactory.getLogger(PoolPreflight.class);
  static final Duration FRESH_FOR = Duration.ofMinutes(10);

  /** Why the pool cannot give the block: the reason and a message that says what to change. */
  record Refusal(String reason, String message) {
  }

  private record Key(VpcIpamClient client, String poolId) {
  }

  /** What was read: the pool (empty when absent), its CIDRs once needed, or nothing when reading is not allowed. */
  private record Facts(boolean permitted, Optional<PoolInfo> pool, List<String> cidrs, Instant readAt) {
  }

  private final Clock clock;
  private final Map<Key, Facts> facts = new ConcurrentHashMap<>();
  private final Map<Key, Object> locks = new ConcurrentHashMap<>();

  PoolPreflight(Clock clock) {
    this.clock = clock;
  }

  /**
   * Empty when the pool may give the block, or when the pool cannot be read with this identity. A refusal is not
   * remembered: the next (slow) retry reads again, so a pool created or widened meanwhile is seen at once.
   */
  Optional<Refusal> check(IpamPoolAllocationSpec spec, VpcIpamClient client) {
    Key key = new Key(client, spec.getIpamPoolId());
    Optional<Refusal> refusal = refusal(key, spec, client);
    if (refusal.isPresent()) {
      facts.remove(key);
    }
    return refusal;
  }

  private Optional<Refusal> refusal(Key key, IpamPoolAllocationSpec spec, VpcIpamClient client) {
    Facts known = facts.get(key);
    if (!fresh(known)) {
      // one read per pool however many resources ask at once: the first reads, the others wait for its answer
      synchronized (locks.computeIfAbsent(key, k -> new Object())) {
        known = facts.get(key);
        if (!fresh(known)) {
          known = read(client, spec.getIpamPoolId());
          facts.put(key, known);
        }
      }
    }
    if (!known.permitted()) {
      return Optional.empty();
    }
    if (known.pool().isEmpty()) {
      return Optional.of(new Refusal(Reasons.fromCode("ResourceNotFound.IpamPool"), "Pool " + spec.getIpamPoolId()
          + " does not exist in region " + client.regionId() + " (or this identity cannot see it): check "
          + "spec.ipamPoolId and spec.regionId. Nothing was sent to create"));
    }
    PoolInfo pool = known.pool().get();
    Integer mask = spec.getCidrMask() != null ? spec.getCidrMask() : prefixOf(spec.getCidr());
    if (mask != null && pool.refusesMask(mask)) {
      return Optional.of(new Refusal(Reasons.fromCode("OperationDenied.CidrMaskOutOfRange"), "Pool "
          + pool.poolId() + " allocates blocks from " + pool.describeRange() + ", not /" + mask + ": choose a size "
          + "in that range. Nothing was sent to create"));
    }
    if (spec.getCidr() != null) {
      if (known.cidrs() == null) {
        synchronized (locks.computeIfAbsent(key, k -> new Object())) {
          Facts latest = facts.getOrDefault(key, known);
          known = latest.cidrs() != null ? latest
              : new Facts(true, latest.pool(), readCidrs(client, pool.poolId()), latest.readAt());
          facts.put(key, known);
        }
      }
      if (!known.cidrs().isEmpty() && known.cidrs().stream().noneMatch(c -> contains(c, spec.getCidr()))) {
        return Optional.of(new Refusal(Reasons.fromCode("OperationDenied.CidrNotInPool"), "spec.cidr "
            + spec.getCidr() + " is not inside the CIDRs of pool " + pool.poolId() + " " + known.cidrs()
            + ": choose a block inside them, or use spec.cidrMask. Nothing was sent to create"));
      }
    }
    return Optional.empty();
  }

  private boolean fresh(Facts known) {
    return known != null && !known.readAt().plus(FRESH_FOR).isBefore(clock.instant());
  }

  /** Forgets what was read (a create the pool refused anyway: its facts may have changed). */
  void forget(VpcIpamClient client, String poolId) {
    facts.remove(new Key(client, poolId));
  }

  private Facts read(VpcIpamClient client, String poolId) {
    try {
      return new Facts(true, client.findPool(poolId), null, clock.instant());
    } catch (CloudException e) {
      if (!isPermissionDenied(e)) {
        throw e;
      }
      LOG.info("cannot read pool {} ({}): grant vpc:ListIpamPools and vpc:ListIpamPoolCidrs to check specs before "
          + "creating; creating without the check", poolId, e.code());
      return new Facts(false, Optional.empty(), null, clock.instant());
    }
  }

  /** The pool's CIDRs; empty (nothing to compare with) when the policy does not allow reading them. */
  private static List<String> readCidrs(VpcIpamClient client, String poolId) {
    try {
      return List.copyOf(client.poolCidrs(poolId));
    } catch (CloudException e) {
      if (!isPermissionDenied(e)) {
        throw e;
      }
      LOG.info("cannot read the CIDRs of pool {} ({}): creating without checking spec.cidr", poolId, e.code());
      return List.of();
    }
  }

  /** The RAM policy lacks the read (not: the keys are wrong, which every other call would hit as well). */
  private static boolean isPermissionDenied(CloudException e) {
    return e.kind() == ErrorKind.UNAUTHORIZED && (e.code().startsWith("Forbidden") || e.code().equals("NoPermission"));
  }

  private static Integer prefixOf(String cidr) {
    return cidr == null ? null : Integer.valueOf(cidr.substring(cidr.indexOf('/') + 1));
  }

  /** True when {@code inner} lies inside {@code outer}; false when either is not an IPv4 CIDR. */
  static boolean contains(String outer, String inner) {
    Ipv4Block o = Ipv4Block.parse(outer);
    Ipv4Block i = Ipv4Block.parse(inner);
    return o != null && i != null && o.contains(i);
  }
}
