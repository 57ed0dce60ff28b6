package dev.alicloud.ipam.reconciler;

/** The condition types the operator writes; the first three are the kstatus ones tools read without custom code. */
public final class ConditionTypes {
  public static final String READY = "Ready";
  public static final String RECONCILING = "Reconciling";
  public static final String STALLED = "Stalled";
  public static final String DRY_RUN = "DryRun";
  public static final String RELEASABLE = "Releasable";

  private ConditionTypes() {
  }
}
