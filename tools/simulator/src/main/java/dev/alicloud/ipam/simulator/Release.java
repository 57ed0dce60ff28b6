package dev.alicloud.ipam.simulator;

/**
 * One accepted release, as the cloud's audit trail would record it: which allocation went, what its description (and
 * so its ownership tag) said at that moment, and the ClientToken of the call that released it. Audits compare the
 * caller the token names with the owner the tag named.
 *
 * @param allocationId the released allocation
 * @param poolId its pool
 * @param description its description when the Delete arrived
 * @param clientToken the Delete's ClientToken, null when the call sent none
 */
public record Release(String allocationId, String poolId, String description, String clientToken) {
}
