package dev.alicloud.ipam.reconciler;

import dev.alicloud.ipam.api.v1alpha1.AdoptedFrom;
import dev.alicloud.ipam.api.v1alpha1.CloudError;
import dev.alicloud.ipam.api.v1alpha1.IpamPoolAllocationStatus;
import dev.alicloud.ipam.cloud.Allocation;
import dev.alicloud.ipam.cloud.CloudException;
import dev.alicloud.ipam.cloud.ErrorHints;
import io.fabric8.kubernetes.api.model.Condition;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns an {@link Outcome} into the kstatus conditions, {@code lastError} and {@code observedGeneration} of a
 * status. The only writer of Ready, Reconciling and Stalled.
 */
public final class StatusBuilder {

  private final Clock clock;

  public StatusBuilder(Clock clock) {
    this.clock = clock;
  }

  /** A deep-enough copy to compare the next status with the current one. */
  public static IpamPoolAllocationStatus copyOf(IpamPoolAllocationStatus s) {
    IpamPoolAllocationStatus c = new IpamPoolAllocationStatus();
    if (s == null) {
      return c;
    }
    c.setObservedGeneration(s.getObservedGeneration());
    c.setAllocationId(s.getAllocationId());
    c.setRegionId(s.getRegionId());
    c.setIpamPoolId(s.getIpamPoolId());
    c.setCidr(s.getCidr());
    c.setSourceCidr(s.getSourceCidr());
    c.setResourceType(s.getResourceType());
    c.setResourceId(s.getResourceId());
    c.setResourceOwnerId(s.getResourceOwnerId());
    c.setResourceRegionId(s.getResourceRegionId());
    c.setCloudStatus(s.getCloudStatus());
    c.setLastRequestId(s.getLastRequestId());
    c.setCreateAttempted(s.getCreateAttempted());
    c.setCreateSentAt(s.getCreateSentAt());
    c.setAcquiredWith(s.getAcquiredWith());
    AdoptedFrom from = s.getAdoptedFrom();
    c.setAdoptedFrom(from == null ? null : new AdoptedFrom(from.getName(), from.getDescription()));
    CloudError e = s.getLastError();
    c.setLastError(e == null ? null
        : new CloudError(e.getCode(), e.getHttpStatus(), e.getMessage(), e.getRequestId(), e.getRetryable()));
    List<Condition> conditions = new ArrayList<>();
    for (Condition x : s.getConditions()) {
      conditions.add(new io.fabric8.kubernetes.api.model.ConditionBuilder(x).build());
    }
    c.setConditions(conditions);
    return c;
  }

  /**
   * Records the allocation the cloud reported in {@code regionId}, and so where it must be released. What holds the
   * block is recorded only when it is not the reservation itself (an adopted VPC's or sub-pool's block): for a custom
   * reservation it says nothing new, and a drift check that first reads it would write every status once more.
   */
  public static void recordAllocation(IpamPoolAllocationStatus status, Allocation a, String regionId) {
    status.setAllocationId(a.allocationId());
    status.setRegionId(regionId);
    if (a.ipamPoolId() != null) {
      status.setIpamPoolId(a.ipamPoolId());
    }
    status.setCidr(a.cidr());
    status.setSourceCidr(a.sourceCidr());
    status.setResourceType(a.resourceType());
    boolean heldByAnother = a.resourceType() != null && !a.isCustom();
    status.setResourceId(heldByAnother ? blankToNull(a.resourceId()) : null);
    status.setResourceOwnerId(heldByAnother ? blankToNull(a.resourceOwnerId()) : null);
    status.setResourceRegionId(heldByAnother ? blankToNull(a.resourceRegionId()) : null);
    status.setCloudStatus(a.status() == null ? "Created" : a.status());
  }

  private static String blankToNull(String value) {
    return value == null || value.isBlank() ? null : value;
  }

  /**
   * Records where and when a create is about to be sent, so that a lost answer is searched for there, and a read
   * that misses the new allocation soon after is not taken for its loss.
   */
  public void recordCreateAttempt(IpamPoolAllocationStatus status, String regionId, String ipamPoolId) {
    status.setCreateAttempted(true);
    status.setCreateSentAt(clock.instant().truncatedTo(ChronoUnit.MILLIS).toString());
    status.setRegionId(regionId);
    status.setIpamPoolId(ipamPoolId);
  }

  /** A create was refused with an answer: nothing was made, and the spec may change where the next one goes. */
  public static void recordCreateRefused(IpamPoolAllocationStatus status) {
    status.setCreateAttempted(false);
    status.setRegionId(null);
    status.setIpamPoolId(null);
  }

  /**
   * Forgets an allocation that is gone: nothing of it is shown as held any more, and the Releasable verdict, which was
   * about it, goes too.
   */
  public static void clearAllocation(IpamPoolAllocationStatus status) {
    Conditions.remove(status.getConditions(), ConditionTypes.RELEASABLE);
    status.setAcquiredWith(null);
    status.setAdoptedFrom(null);
    status.setAllocationId(null);
    status.setRegionId(null);
    status.setIpamPoolId(null);
    status.setCidr(null);
    status.setSourceCidr(null);
    status.setResourceType(null);
    status.setResourceId(null);
    status.setResourceOwnerId(null);
    status.setResourceRegionId(null);
    status.setCloudStatus(null);
  }

  /** The cloud error as users read it: exact code, HTTP status, the hint of what to do, the cloud's message. */
  public static CloudError toCloudError(CloudException e) {
    String cloudMessage = e.cloudMessage() == null ? "" : " Cloud said: " + e.cloudMessage();
    return new CloudError(e.code(), e.httpStatus(), ErrorHints.hintFor(e.code()) + cloudMessage, e.requestId(),
        e.retryable());
  }

  /** Applies the outcome's kstatus triple; a transient outcome never hides a Stalled of the same generation. */
  public void apply(IpamPoolAllocationStatus status, Outcome outcome, Long generation) {
    var now = clock.instant();
    List<Condition> conditions = status.getConditions();
    boolean stalledThisGeneration = Conditions.find(conditions, ConditionTypes.STALLED)
        .filter(c -> "True".equals(c.getStatus()))
        .filter(c -> generation != null && generation.equals(c.getObservedGeneration()))
        .isPresent();
    if (outcome.state() == Outcome.State.PROGRESSING && outcome.error() != null && stalledThisGeneration) {
      return;
    }
    status.setObservedGeneration(generation);
    if (outcome.error() != null) {
      status.setLastError(toCloudError(outcome.error()));
      if (outcome.error().requestId() != null) {
        status.setLastRequestId(outcome.error().requestId());
      }
    } else if (outcome.state() != Outcome.State.STALLED) {
      status.setLastError(null);
    }
    switch (outcome.state()) {
      case READY -> {
        Conditions.set(conditions, ConditionTypes.READY, true, outcome.reason(), outcome.message(), generation, now);
        Conditions.set(conditions, ConditionTypes.RECONCILING, false, outcome.reason(), "", generation, now);
        Conditions.set(conditions, ConditionTypes.STALLED, false, outcome.reason(), "", generation, now);
      }
      case PROGRESSING -> {
        Conditions.set(conditions, ConditionTypes.READY, false, outcome.reason(), outcome.message(), generation, now);
        Conditions.set(conditions, ConditionTypes.RECONCILING, true, outcome.reason(), outcome.message(), generation,
            now);
        Conditions.set(conditions, ConditionTypes.STALLED, false, outcome.reason(), "", generation, now);
      }
      case STALLED -> {
        Conditions.set(conditions, ConditionTypes.READY, false, outcome.reason(), outcome.message(), generation, now);
        Conditions.set(conditions, ConditionTypes.RECONCILING, false, outcome.reason(), "", generation, now);
        Conditions.set(conditions, ConditionTypes.STALLED, true, outcome.reason(), outcome.message(), generation, now);
      }
      default -> throw new IllegalStateException(outcome.state().toString());
    }
  }

  /** Sets a condition other than the kstatus triple (DryRun, Releasable). */
  public void setCondition(IpamPoolAllocationStatus status, String type, boolean value, String reason, String message,
      Long generation) {
    Conditions.set(status.getConditions(), type, value, reason, message, generation, clock.instant());
  }
}
