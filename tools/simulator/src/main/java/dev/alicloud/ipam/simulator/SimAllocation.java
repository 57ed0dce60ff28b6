package dev.alicloud.ipam.simulator;

/**
 * An immutable snapshot of one simulated allocation, with the same meaning as the fields of
 * {@code GetIpamPoolAllocation}. Tests compare these against what the operator believes.
 *
 * @param allocationId {@code IpamPoolAllocationId}, e.g. {@code ipam-pool-alloc-0123456789abcdefghijkl} (or the
 *     older {@code ipam-alloc-} form, seeded)
 * @param poolId {@code IpamPoolId}
 * @param regionId {@code RegionId} (the pool's region)
 * @param cidr the reserved block ({@code Cidr}); an IPv6 CIDR for seeded IPv6 VPC allocations
 * @param sourceCidr the provisioned CIDR of the pool the block came from ({@code SourceCidr})
 * @param name {@code IpamPoolAllocationName}, empty when none was given
 * @param description {@code IpamPoolAllocationDescription}, empty when none was given
 * @param resourceType {@code ResourceType}: {@code Custom}, {@code VPC}, {@code IpamPool} (or a seeded odd type)
 * @param resourceId {@code ResourceId}, empty for custom allocations
 * @param status {@code Created} or {@code Deleted}
 * @param creationTime {@code CreationTime}, e.g. {@code 2024-10-15T10:24:19+08:00}
 */
public record SimAllocation(String allocationId, String poolId, String regionId, String cidr, String sourceCidr,
    String name, String description, String resourceType, String resourceId, String status, String creationTime) {
}
