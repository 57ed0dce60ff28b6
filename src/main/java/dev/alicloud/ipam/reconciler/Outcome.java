package dev.alicloud.ipam.reconciler;

import dev.alicloud.ipam.cloud.CloudException;
import java.time.Duration;

/**
 * What one pass of the reconciler concluded, in kstatus terms. The status, the events and the requeue delay are
 * all derived from it, so the three never disagree.
 *
 * @param state Ready, progressing (Reconciling=True) or Stalled
 * @param reason condition reason (a state word or a cleaned cloud code)
 * @param message what happened and, when a person must act, what to do
 * @param error the cloud error behind a non-ready outcome, or null
 * @param requeueAfter when to look again; null lets the framework's maximum interval decide
 */
public record Outcome(State state, String reason, String message, CloudException error, Duration requeueAfter) {

  /** The three kstatus states. */
  public enum State { READY, PROGRESSING, STALLED }

  public static Outcome ready(String reason, String message, Duration requeueAfter) {
    return new Outcome(State.READY, reason, message, null, requeueAfter);
  }

  public static Outcome progressing(String reason, String message, CloudException error, Duration requeueAfter) {
    return new Outcome(State.PROGRESSING, reason, message, error, requeueAfter);
  }

  public static Outcome stalled(String reason, String message, CloudException error, Duration requeueAfter) {
    return new Outcome(State.STALLED, reason, message, error, requeueAfter);
  }
}
