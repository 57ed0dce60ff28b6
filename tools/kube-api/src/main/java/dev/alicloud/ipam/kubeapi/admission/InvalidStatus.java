package dev.alicloud.ipam.kubeapi.admission;

import io.fabric8.kubernetes.api.model.Status;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.api.model.StatusCause;
import io.fabric8.kubernetes.api.model.StatusCauseBuilder;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The HTTP 422 answer kube-apiserver gives to an object admission refuses ({@code errors.NewInvalid} of
 * k8s.io/apimachinery): reason {@code Invalid}, one cause per field error, and a message kubectl turns into
 * {@code The IpamPoolAllocation "x" is invalid: ...}.
 */
public final class InvalidStatus {

  public static final int CODE = 422;

  private InvalidStatus() {
  }

  /**
   * @param group the API group, empty for the core group
   * @param kind e.g. {@code IpamPoolAllocation}
   * @param name the object's name
   * @param errors at least one
   */
  public static Status of(String group, String kind, String name, List<FieldError> errors) {
    String qualifiedKind = group.isEmpty() ? kind : kind + "." + group;
    Set<String> messages = new LinkedHashSet<>();
    errors.forEach(e -> messages.add(e.message()));
    String aggregate = messages.size() == 1 ? messages.iterator().next() : "[" + String.join(", ", messages) + "]";
    List<StatusCause> causes = errors.stream().map(e -> new StatusCauseBuilder()
        .withReason(e.type().reason()).withMessage(e.causeMessage()).withField(e.field()).build()).toList();
    return new StatusBuilder()
        .withNewMetadata().endMetadata()
        .withStatus("Failure")
        .withMessage(qualifiedKind + " " + FieldError.quote(name == null ? "" : name) + " is invalid: " + aggregate)
        .withReason("Invalid")
        .withNewDetails().withName(name).withGroup(group).withKind(kind).withCauses(causes).endDetails()
        .withCode(CODE)
        .build();
  }
}
