package dev.alicloud.ipam.simulator;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The simulated cloud's data: pools, allocations and access keys, plus the handle tests use to seed and inspect it.
 * Every read and change happens under one lock, so concurrent API calls see a consistent state and check-then-act
 * sequences (overlap check, then insert) are atomic.
 *
 * <p>A removed pool ({@link #removePool}) keeps its allocations as orphans: they are no longer "live" (not listed by
 * {@link #allocations()}, reads answer {@code ResourceNotFound.IpamPoolAllocation}), but a delete of one answers
 * 404 {@code ResourceNotFound.IpamPool}, as the cloud does when the pool is gone.
 */
public final class SimulatorState {

  /** A pool with its provisioned CIDRs parsed. */
  record PoolEntry(IpamPool pool, List<Ipv4Cidr> cidrs) {
  }

  /** The cloud's allocation id shape, for ids chosen by a seed. */
  public static final String ALLOCATION_ID_PATTERN = "^ipam-(pool-)?alloc-[a-z0-9]{1,64}$";

  private static final DateTimeFormatter CREATION_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ssXXX");

  /** How many of the latest releases {@link #releases()} keeps. */
  public static final int RELEASES_KEPT = 10_000;

  private final Object lock = new Object();
  private final SimulatorConfig config;
  private final IdGenerator ids;
  private final ClientTokenStore tokens;
  private final Map<String, PoolEntry> pools = new LinkedHashMap<>();
  private final Map<String, StoredAllocation> allocations = new LinkedHashMap<>();
  private final ArrayDeque<Release> releases = new ArrayDeque<>();
  private final Map<String, AccessKey> keys = new ConcurrentHashMap<>();
  private long sequence;

  SimulatorState(SimulatorConfig config, IdGenerator ids) {
    this.config = config;
    this.ids = ids;
    this.tokens = new ClientTokenStore(config.clock(), config.clientTokenTtl());
  }

  // ---------------------------------------------------------------- pools

  /**
   * Creates a pool.
   *
   * @param provisionedCidrs canonical IPv4 CIDRs, not overlapping each other (may be empty)
   * @param minMask smallest allowed allocation prefix length, 0..32
   * @param maxMask largest allowed allocation prefix length, minMask..32
   * @throws IllegalArgumentException on bad input or when a pool with this id exists
   */
  public IpamPool addPool(String poolId, String regionId, List<String> provisionedCidrs, int minMask, int maxMask) {
    requireText(poolId, "poolId");
    requireText(regionId, "regionId");
    if (minMask < 0 || maxMask > 32 || minMask > maxMask) {
      throw new IllegalArgumentException("need 0 <= minMask <= maxMask <= 32");
    }
    List<Ipv4Cidr> parsed = new ArrayList<>();
    for (String c : provisionedCidrs) {
      Ipv4Cidr cidr = Ipv4Cidr.parse(c);
      for (Ipv4Cidr other : parsed) {
        if (other.overlaps(cidr)) {
          throw new IllegalArgumentException("provisioned CIDRs overlap: " + other + " and " + cidr);
        }
      }
      parsed.add(cidr);
    }
    IpamPool pool = new IpamPool(poolId, regionId, parsed.stream().map(Ipv4Cidr::toString).toList(), minMask,
        maxMask);
    synchronized (lock) {
      if (pools.containsKey(poolId)) {
        throw new IllegalArgumentException("pool exists: " + poolId);
      }
      allocations.values().removeIf(a -> a.poolId.equals(poolId)); // orphans of an earlier pool with this id
      pools.put(poolId, new PoolEntry(pool, List.copyOf(parsed)));
    }
    return pool;
  }

  /** Provisions one more CIDR to an existing pool (like {@code AddIpamPoolCidr}). */
  public IpamPool addPoolCidr(String poolId, String cidr) {
    Ipv4Cidr parsed = Ipv4Cidr.parse(cidr);
    synchronized (lock) {
      PoolEntry entry = requirePool(poolId);
      for (Ipv4Cidr other : entry.cidrs()) {
        if (other.overlaps(parsed)) {
          throw new IllegalArgumentException("provisioned CIDRs overlap: " + other + " and " + parsed);
        }
      }
      List<Ipv4Cidr> cidrs = new ArrayList<>(entry.cidrs());
      cidrs.add(parsed);
      IpamPool old = entry.pool();
      IpamPool pool = new IpamPool(poolId, old.regionId(), cidrs.stream().map(Ipv4Cidr::toString).toList(),
          old.minMask(), old.maxMask());
      pools.put(poolId, new PoolEntry(pool, List.copyOf(cidrs)));
      return pool;
    }
  }

  /** Deletes a pool; its allocations become orphans (see the class comment). Unknown ids are ignored. */
  public void removePool(String poolId) {
    synchronized (lock) {
      pools.remove(poolId);
    }
  }

  public Optional<IpamPool> pool(String poolId) {
    synchronized (lock) {
      return Optional.ofNullable(pools.get(poolId)).map(PoolEntry::pool);
    }
  }

  /** Every pool, in creation order. */
  public List<IpamPool> pools() {
    synchronized (lock) {
      return pools.values().stream().map(PoolEntry::pool).toList();
    }
  }

  // ---------------------------------------------------------------- seeded allocations

  /**
   * Seeds an allocation that the operator did not make, e.g. a VPC's ({@code "VPC"}, {@code "vpc-..."}), a sub-pool's
   * ({@code "IpamPool"}) or a custom one. Any other non-blank type (e.g. {@code "VSwitch"}) is stored as given: a
   * delete of it answers {@code OperationDenied.UnexpectedResourceType}.
   *
   * @throws IllegalArgumentException when the pool is missing, or the CIDR is not canonical, not inside the pool or
   *     overlaps a live allocation
   */
  public SimAllocation seedAllocation(String poolId, String cidr, String resourceType, String resourceId) {
    return seedAllocation(poolId, cidr, resourceType, resourceId, null);
  }

  /**
   * Like {@link #seedAllocation(String, String, String, String)} with a chosen id, so a committed manifest (the
   * sandbox's examples) can name the allocation it adopts; null picks a random one.
   *
   * @throws IllegalArgumentException also when the id is malformed or taken
   */
  public SimAllocation seedAllocation(String poolId, String cidr, String resourceType, String resourceId,
      String allocationId) {
    return seedAllocation(poolId, cidr, resourceType, resourceId, allocationId, "", "");
  }

  /**
   * Like {@link #seedAllocation(String, String, String, String, String)} with a name and a description, e.g. the ones
   * the operator would have given (the benchmark seeds thousands of allocations owned by its resources this way).
   */
  public SimAllocation seedAllocation(String poolId, String cidr, String resourceType, String resourceId,
      String allocationId, String name, String description) {
    requireText(resourceType, "resourceType");
    if (allocationId != null && !allocationId.matches(ALLOCATION_ID_PATTERN)) {
      throw new IllegalArgumentException("allocation id must match " + ALLOCATION_ID_PATTERN + ": " + allocationId);
    }
    Ipv4Cidr block = Ipv4Cidr.parse(cidr);
    synchronized (lock) {
      PoolEntry pool = requirePool(poolId);
      Ipv4Cidr source = pool.cidrs().stream().filter(r -> r.contains(block)).findFirst()
          .orElseThrow(() -> new IllegalArgumentException(cidr + " is not inside a CIDR of pool " + poolId));
      if (usedBlocks(poolId).stream().anyMatch(u -> u.overlaps(block))) {
        throw new IllegalArgumentException(cidr + " overlaps a live allocation of pool " + poolId);
      }
      if (allocationId != null && allocations.containsKey(allocationId)) {
        throw new IllegalArgumentException("allocation id already taken: " + allocationId);
      }
      return insert(allocationId, pool.pool(), block.toString(), block, source.toString(), resourceType, resourceId,
          name == null ? "" : name, description == null ? "" : description).snapshot();
    }
  }

  /** Seeds an IPv6 VPC allocation (type {@code VPC}); the cloud refuses to delete these. */
  public SimAllocation seedIpv6VpcAllocation(String poolId, String cidr, String resourceId) {
    requireText(cidr, "cidr");
    if (!cidr.contains(":") || !cidr.contains("/")) {
      throw new IllegalArgumentException("not an IPv6 CIDR: " + cidr);
    }
    synchronized (lock) {
      PoolEntry pool = requirePool(poolId);
      return insert(pool.pool(), cidr, null, cidr, "VPC", resourceId, "", "").snapshot();
    }
  }

  // ---------------------------------------------------------------- access keys

  /** Adds (or replaces) a key that may call every action. */
  public void addAccessKey(String accessKeyId, String accessKeySecret) {
    requireText(accessKeyId, "accessKeyId");
    requireText(accessKeySecret, "accessKeySecret");
    keys.put(accessKeyId, new AccessKey(accessKeyId, accessKeySecret, null, null, Set.of()));
  }

  /** Adds (or replaces) an STS key: requests must carry {@code x-acs-security-token} equal to the token. */
  public void addStsAccessKey(String accessKeyId, String accessKeySecret, String securityToken) {
    requireText(accessKeyId, "accessKeyId");
    requireText(accessKeySecret, "accessKeySecret");
    requireText(securityToken, "securityToken");
    keys.put(accessKeyId, new AccessKey(accessKeyId, accessKeySecret, securityToken, null, Set.of()));
  }

  public void removeAccessKey(String accessKeyId) {
    keys.remove(accessKeyId);
  }

  /**
   * RAM-like allow list: the key may only call these actions ({@code "CreateIpamPoolAllocation"} or
   * {@code "vpc:CreateIpamPoolAllocation"}; {@code "*"} allows all). Others answer
   * {@code OperationDenied.Unauthorized} (allocation calls) or {@code Forbidden.RAM} (other reads).
   */
  public void restrictAccessKey(String accessKeyId, Set<String> allowedActions) {
    Set<String> normalized = new HashSet<>();
    for (String a : allowedActions) {
      normalized.add(a.startsWith("vpc:") ? a.substring(4) : a);
    }
    keys.compute(accessKeyId, (id, k) -> requireKey(id, k).withAllowedActions(normalized));
  }

  /** Lifts the allow list of a key (every action allowed again). */
  public void unrestrictAccessKey(String accessKeyId) {
    keys.compute(accessKeyId, (id, k) -> requireKey(id, k).withAllowedActions(null));
  }

  /** Resource-level deny: every allocation call of this key on this pool answers {@code OperationDenied.Unauthorized}. */
  public void denyPool(String accessKeyId, String poolId) {
    keys.compute(accessKeyId, (id, k) -> {
      AccessKey key = requireKey(id, k);
      Set<String> denied = new HashSet<>(key.deniedPools());
      denied.add(poolId);
      return key.withDeniedPools(denied);
    });
  }

  /** Ids of the known keys (never the secrets). */
  public Set<String> accessKeyIds() {
    return new TreeSet<>(keys.keySet());
  }

  // ---------------------------------------------------------------- inspection

  /** The stored allocation with this id: live, released-but-retained ({@code Deleted}) or orphaned. */
  public Optional<SimAllocation> allocation(String allocationId) {
    synchronized (lock) {
      purgeExpired();
      return Optional.ofNullable(allocations.get(allocationId)).map(StoredAllocation::snapshot);
    }
  }

  /** Every live allocation ({@code Created}, pool present), all pools, in creation order. */
  public List<SimAllocation> allocations() {
    synchronized (lock) {
      purgeExpired();
      return allocations.values().stream().filter(a -> a.live() && pools.containsKey(a.poolId))
          .map(StoredAllocation::snapshot).toList();
    }
  }

  /** Every live allocation of one pool, in creation order. */
  public List<SimAllocation> allocations(String poolId) {
    return allocations().stream().filter(a -> a.poolId().equals(poolId)).toList();
  }

  /** Every stored allocation, including released-but-retained and orphaned ones (for the admin dump). */
  public List<SimAllocation> storedAllocations() {
    synchronized (lock) {
      purgeExpired();
      return allocations.values().stream().map(StoredAllocation::snapshot).toList();
    }
  }

  /** Forgets every remembered ClientToken now (as if the TTL had passed). */
  public void forgetClientTokens() {
    tokens.clear();
  }

  /** Changes how long ClientTokens are remembered from now on (zero: never). */
  public void clientTokenTtl(Duration ttl) {
    tokens.ttl(ttl);
  }

  /** Removes all pools, allocations and remembered tokens; keys stay. */
  public void clear() {
    synchronized (lock) {
      pools.clear();
      allocations.clear();
      releases.clear();
      tokens.clear();
    }
  }

  // ---------------------------------------------------------------- for the actions (caller holds lock())

  Object lock() {
    return lock;
  }

  ClientTokenStore tokens() {
    return tokens;
  }

  SimulatorConfig config() {
    return config;
  }

  AccessKey key(String accessKeyId) {
    return accessKeyId == null ? null : keys.get(accessKeyId);
  }

  PoolEntry poolEntry(String poolId) {
    return pools.get(poolId);
  }

  List<PoolEntry> poolEntries() {
    return new ArrayList<>(pools.values());
  }

  /** Live or retained allocation (orphans included), or null. */
  StoredAllocation find(String allocationId) {
    purgeExpired();
    return allocations.get(allocationId);
  }

  /** Allocations of a pool that the API shows (live and retained-deleted), in creation order. */
  List<StoredAllocation> visibleIn(String poolId) {
    purgeExpired();
    List<StoredAllocation> result = new ArrayList<>();
    for (StoredAllocation a : allocations.values()) {
      if (a.poolId.equals(poolId)) {
        result.add(a);
      }
    }
    result.sort(Comparator.comparingLong(a -> a.sequence));
    return result;
  }

  /** IPv4 blocks held by live allocations of a pool. */
  List<Ipv4Cidr> usedBlocks(String poolId) {
    List<Ipv4Cidr> used = new ArrayList<>();
    for (StoredAllocation a : allocations.values()) {
      if (a.poolId.equals(poolId) && a.live() && a.ipv4 != null) {
        used.add(a.ipv4);
      }
    }
    return used;
  }

  StoredAllocation insert(IpamPool pool, String cidr, Ipv4Cidr ipv4, String sourceCidr, String resourceType,
      String resourceId, String name, String description) {
    return insert(null, pool, cidr, ipv4, sourceCidr, resourceType, resourceId, name, description);
  }

  private StoredAllocation insert(String chosenId, IpamPool pool, String cidr, Ipv4Cidr ipv4, String sourceCidr,
      String resourceType, String resourceId, String name, String description) {
    String id = chosenId;
    while (id == null || (chosenId == null && allocations.containsKey(id))) {
      id = ids.allocationId();
    }
    String created = CREATION_TIME.format(
        Instant.ofEpochMilli(config.clock().millis()).truncatedTo(ChronoUnit.SECONDS).atZone(config.zone()));
    StoredAllocation a = new StoredAllocation(id, pool.poolId(), pool.regionId(), cidr, ipv4, sourceCidr,
        resourceType, resourceId, name, description, created, config.clock().millis(), ++sequence);
    allocations.put(id, a);
    return a;
  }

  /** Releases: forgotten at once, or kept with {@code Deleted} for the configured retention. */
  /** The most recent releases, oldest first (at most {@link #RELEASES_KEPT}). */
  public List<Release> releases() {
    synchronized (lock) {
      return List.copyOf(releases);
    }
  }

  /** Releases an allocation for a Delete that carried {@code clientToken}; caller holds the lock. */
  void release(StoredAllocation a, String clientToken) {
    releases.addLast(new Release(a.id, a.poolId, a.description, clientToken));
    if (releases.size() > RELEASES_KEPT) {
      releases.removeFirst();
    }
    if (config.deletedRetention().isZero()) {
      allocations.remove(a.id);
    } else {
      a.status = StoredAllocation.DELETED;
      a.deletedAtMillis = config.clock().millis();
    }
  }

  private void purgeExpired() {
    if (config.deletedRetention().isZero()) {
      return; // nothing is ever retained
    }
    long retention = config.deletedRetention().toMillis();
    long now = config.clock().millis();
    allocations.values().removeIf(a -> !a.live() && now - a.deletedAtMillis >= retention);
  }

  private PoolEntry requirePool(String poolId) {
    PoolEntry entry = pools.get(poolId);
    if (entry == null) {
      throw new IllegalArgumentException("no such pool: " + poolId);
    }
    return entry;
  }

  private static AccessKey requireKey(String id, AccessKey k) {
    if (k == null) {
      throw new IllegalArgumentException("no such access key: " + id);
    }
    return k;
  }

  private static void requireText(String value, String name) {
    if (Objects.requireNonNull(value, name).isBlank()) {
      throw new IllegalArgumentException(name + " must not be blank");
    }
  }
}
