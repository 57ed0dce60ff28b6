package dev.alicloud.ipam.reconciler;

import dev.alicloud.ipam.api.v1alpha1.IpamPoolAllocation;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.ObjectReferenceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Clock;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes a Kubernetes Event on the resource for each transition, so {@code kubectl describe} tells the story.
 * Failing to write an event never fails a reconcile.
 */
public class EventRecorder {

  public static final String COMPONENT = "vpc-ipam-operator";
  private static final Logger log = LoggerFactory.getLogger(EventRecorder.class);

  private final KubernetesClient client;
  private final Clock clock;
  private final boolean routineEvents;

  /**
   * @param routineEvents record {@link #routine} events too; off, they are only logged (each Event is one more write
   *     to the API server, and these say what the Ready condition says already)
   */
  public EventRecorder(KubernetesClient client, Clock clock, boolean routineEvents) {
    this.client = client;
    this.clock = clock;
    this.routineEvents = routineEvents;
  }

  public void normal(IpamPoolAllocation resource, String reason, String message) {
    record(resource, "Normal", reason, message);
  }

  /** A Normal transition the conditions already show (Allocated, Adopted, Released): an Event only when asked for. */
  public void routine(IpamPoolAllocation resource, String reason, String message) {
    if (routineEvents) {
      record(resource, "Normal", reason, message);
    } else {
      var meta = resource.getMetadata();
      log.info("{}/{}: {}: {}", meta.getNamespace(), meta.getName(), reason, message);
    }
  }

  public void warning(IpamPoolAllocation resource, String reason, String message) {
    record(resource, "Warning", reason, message);
  }

  private void record(IpamPoolAllocation resource, String type, String reason, String message) {
    var meta = resource.getMetadata();
    var now = clock.instant();
    String timestamp = DateTimeFormatter.ISO_INSTANT.format(now.truncatedTo(ChronoUnit.SECONDS));
    String text = message == null ? "" : message.length() > 1024 ? message.substring(0, 1021) + "..." : message;
    log.info("{}/{}: {} {}: {}", meta.getNamespace(), meta.getName(), type, reason, text);
    try {
      client.v1().events().inNamespace(meta.getNamespace()).resource(new EventBuilder()
          .withNewMetadata()
          .withName(meta.getName() + "." + Long.toHexString(now.toEpochMilli()) + Long.toHexString(System.nanoTime()))
          .withNamespace(meta.getNamespace())
          .endMetadata()
          .withInvolvedObject(new ObjectReferenceBuilder()
              .withApiVersion(resource.getApiVersion())
              .withKind(resource.getKind())
              .withName(meta.getName())
              .withNamespace(meta.getNamespace())
              .withUid(meta.getUid())
              .withResourceVersion(meta.getResourceVersion())
              .build())
          .withType(type)
          .withReason(reason)
          .withMessage(text)
          .withCount(1)
          .withFirstTimestamp(timestamp)
          .withLastTimestamp(timestamp)
          .withNewSource().withComponent(COMPONENT).endSource()
          .withReportingComponent(COMPONENT)
          .build()).create();
    } catch (RuntimeException e) {
      log.warn("could not record event {} on {}/{}: {}", reason, meta.getNamespace(), meta.getName(), e.getMessage());
    }
  }
}
