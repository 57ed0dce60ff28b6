package dev.alicloud.ipam.reconciler;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ConditionBuilder;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;

/**
 * The one place conditions are written: keeps {@code lastTransitionTime} when the status does not change, stamps
 * {@code observedGeneration}, and never writes an invalid reason.
 */
public final class Conditions {

  private Conditions() {
  }

  public static Optional<Condition> find(List<Condition> conditions, String type) {
    return conditions.stream().filter(c -> type.equals(c.getType())).findFirst();
  }

  public static boolean isTrue(List<Condition> conditions, String type) {
    return find(conditions, type).map(c -> "True".equals(c.getStatus())).orElse(false);
  }

  /** Sets (adds or replaces) one condition. */
  public static void set(List<Condition> conditions, String type, boolean status, String reason, String message,
      Long generation, Instant now) {
    String statusText = status ? "True" : "False";
    String validReason = Reasons.VALID.matcher(reason).matches() ? reason : Reasons.fromCode(reason);
    Optional<Condition> previous = find(conditions, type);
    String transition = previous.filter(p -> statusText.equals(p.getStatus()))
        .map(Condition::getLastTransitionTime)
        .orElse(DateTimeFormatter.ISO_INSTANT.format(now.truncatedTo(ChronoUnit.SECONDS)));
    Condition next = new ConditionBuilder()
        .withType(type)
        .withStatus(statusText)
        .withReason(validReason)
        .withMessage(message == null ? "" : message)
        .withObservedGeneration(generation)
        .withLastTransitionTime(transition)
        .build();
    previous.ifPresentOrElse(p -> conditions.set(conditions.indexOf(p), next), () -> conditions.add(next));
  }

  public static void remove(List<Condition> conditions, String type) {
    conditions.removeIf(c -> type.equals(c.getType()));
  }
}
