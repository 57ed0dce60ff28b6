package dev.alicloud.ipam.simulator;

/**
 * The simulator's mutable record of one allocation (guarded by the {@link SimulatorState} lock), with the facts the
 * API does not show: its creation sequence (stable list order), whether it is an IPv6 VPC allocation and when it was
 * released. {@link #snapshot()} gives the immutable view.
 */
final class StoredAllocation {

  static final String CREATED = "Created";
  static final String DELETED = "Deleted";

  final String id;
  final String poolId;
  final String regionId;
  final String cidr;
  final Ipv4Cidr ipv4; // null for IPv6 allocations
  final String sourceCidr;
  final String resourceType;
  final String resourceId;
  final String creationTime;
  final long createdAtMillis;
  final long sequence;
  String name;
  String description;
  String status = CREATED;
  long deletedAtMillis;

  StoredAllocation(String id, String poolId, String regionId, String cidr, Ipv4Cidr ipv4, String sourceCidr,
      String resourceType, String resourceId, String name, String description, String creationTime,
      long createdAtMillis, long sequence) {
    this.id = id;
    this.poolId = poolId;
    this.regionId = regionId;
    this.cidr = cidr;
    this.ipv4 = ipv4;
    this.sourceCidr = sourceCidr;
    this.resourceType = resourceType;
    this.resourceId = resourceId == null ? "" : resourceId;
    this.name = name == null ? "" : name;
    this.description = description == null ? "" : description;
    this.creationTime = creationTime;
    this.createdAtMillis = createdAtMillis;
    this.sequence = sequence;
  }

  boolean ipv6() {
    return ipv4 == null;
  }

  boolean live() {
    return CREATED.equals(status);
  }

  SimAllocation snapshot() {
    return new SimAllocation(id, poolId, regionId, cidr, sourceCidr, name, description, resourceType, resourceId,
        status, creationTime);
  }
}
