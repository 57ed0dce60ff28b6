package dev.alicloud.ipam.reconciler;

import java.util.regex.Pattern;

/**
 * Condition reasons: the operator's own state words, and Alibaba error codes turned into valid reasons
 * ({@code OperationDenied.Unauthorized} becomes {@code OperationDeniedUnauthorized}; the exact code stays in
 * {@code status.lastError.code}).
 */
public final class Reasons {
  public static final String ALLOCATING = "Allocating";
  public static final String ALLOCATED = "Allocated";
  public static final String ADOPTED = "Adopted";
  public static final String UPDATING = "Updating";
  public static final String RELEASED = "Released";
  public static final String ORPHANED = "Orphaned";
  public static final String DRY_RUN_OPERATION = "DryRunOperation";
  public static final String THROTTLED = "Throttled";
  public static final String CLOUD_UNAVAILABLE = "CloudUnavailable";
  public static final String INVALID_SPEC = "InvalidSpec";
  public static final String CREDENTIALS_NOT_FOUND = "CredentialsNotFound";
  public static final String CREDENTIALS_INVALID = "CredentialsInvalid";
  public static final String OWNED_BY_ANOTHER = "OwnedByAnother";
  public static final String OWNERSHIP_UNPROVEN = "OwnershipUnproven";
  public static final String ADOPTING = "Adopting";
  public static final String TAKING_OWNERSHIP = "TakingOwnership";
  public static final String STATUS_CORRECTED = "StatusCorrected";
  public static final String ALLOCATION_NOT_FOUND = "AllocationNotFound";
  public static final String POOL_MISMATCH = "PoolMismatch";
  public static final String ALLOCATION_LOST = "AllocationLost";
  /** A release found nothing right after a create: the cloud's reads may lag it; the finalizer waits. */
  public static final String NOT_YET_VISIBLE = "NotYetVisible";
  public static final String RECOVERED = "Recovered";
  public static final String ERROR = "Error";

  /** The Kubernetes rule for metav1.Condition reasons. */
  public static final Pattern VALID = Pattern.compile("^[A-Za-z]([A-Za-z0-9_,:]*[A-Za-z0-9_])?$");

  private Reasons() {
  }

  /** A valid reason for any cloud code: characters the rule forbids (dots, dashes ...) are dropped. */
  public static String fromCode(String code) {
    if (code == null) {
      return ERROR;
    }
    String cleaned = code.replaceAll("[^A-Za-z0-9_]", "");
    cleaned = cleaned.replaceFirst("^[^A-Za-z]+", "");
    if (cleaned.length() > 1024) {
      cleaned = cleaned.substring(0, 1024);
    }
    return cleaned.isEmpty() ? ERROR : cleaned;
  }
}
