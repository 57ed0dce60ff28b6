package dev.alicloud.ipam.reconciler;

import dev.alicloud.ipam.cloud.Allocation;
import dev.alicloud.ipam.cloud.VpcIpamClient;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A per-pool snapshot of the cloud's allocations, read with List in pages of 100. Drift checks of every resource
 * in a pool share one snapshot, so checking N allocations costs about N/100 calls instead of N Gets; the snapshot
 * is also where a create whose answer was lost is found again by its ownership tag.
 */
public final class AllocationInventory {

  private final Clock clock;
  private final Map<Key, Snapshot> snapshots = new ConcurrentHashMap<>();

  public AllocationInventory(Clock clock) {
    this.clock = clock;
  }

  private record Key(VpcIpamClient client, String poolId) {
  }

  /**
   * One pool's allocations. A read swaps in a new map; what the operator changes in between is put into the current
   * one (under the snapshot's lock, so a read in progress cannot lose it), one entry at a time: copying the map on
   * each change cost a drift round over N resources in one pool N squared entry copies.
   */
  private static final class Snapshot {
    private volatile Map<String, Allocation> byId = new ConcurrentHashMap<>();
    private volatile Instant readAt = Instant.EPOCH;
  }

  /** The allocation as of a snapshot at most {@code maxAge} old; reads the pool again when older. */
  public Optional<Allocation> lookup(VpcIpamClient client, String poolId, String allocationId, Duration maxAge) {
    Snapshot snapshot = snapshots.computeIfAbsent(new Key(client, poolId), k -> new Snapshot());
    if (snapshot.readAt.plus(maxAge).isBefore(clock.instant())) {
      synchronized (snapshot) {
        if (snapshot.readAt.plus(maxAge).isBefore(clock.instant())) {
          read(client, poolId, snapshot);
        }
      }
    }
    return Optional.ofNullable(snapshot.byId.get(allocationId));
  }

  /** Reads the pool now and returns the allocation tagged with this owner, if any. */
  public Optional<Allocation> findOwnedBy(VpcIpamClient client, String poolId, OwnershipTag owner) {
    Snapshot snapshot = snapshots.computeIfAbsent(new Key(client, poolId), k -> new Snapshot());
    synchronized (snapshot) {
      read(client, poolId, snapshot);
    }
    return snapshot.byId.values().stream()
        .filter(a -> !a.isDeleted())
        .filter(a -> OwnershipTag.parse(a.description()).map(t -> t.names(owner)).orElse(false))
        .findFirst();
  }

  /** Records what this operator just created or changed, so the next lookup does not see a stale snapshot. */
  public void remember(VpcIpamClient client, Allocation allocation) {
    Snapshot snapshot = snapshots.computeIfAbsent(new Key(client, allocation.ipamPoolId()), k -> new Snapshot());
    synchronized (snapshot) {
      snapshot.byId.put(allocation.allocationId(), allocation);
    }
  }

  /** Drops a released allocation from its snapshot. */
  public void forget(VpcIpamClient client, String poolId, String allocationId) {
    Snapshot snapshot = snapshots.get(new Key(client, poolId));
    if (snapshot != null) {
      synchronized (snapshot) {
        snapshot.byId.remove(allocationId);
      }
    }
  }

  private void read(VpcIpamClient client, String poolId, Snapshot snapshot) {
    List<Allocation> all = client.listAll(poolId);
    var byId = new ConcurrentHashMap<String, Allocation>(Math.max(16, all.size() * 2));
    for (Allocation a : all) {
      byId.put(a.allocationId(), a);
    }
    snapshot.byId = byId;
    snapshot.readAt = clock.instant();
  }
}
