package dev.alicloud.ipam.cloud;

/** What CreateIpamPoolAllocation answered: the new allocation's ID and the block actually reserved. */
public record CreatedAllocation(String requestId, String allocationId, String cidr, String sourceCidr) {
}
