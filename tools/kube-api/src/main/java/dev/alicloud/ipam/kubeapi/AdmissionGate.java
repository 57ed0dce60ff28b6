package dev.alicloud.ipam.kubeapi;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.alicloud.ipam.kubeapi.admission.FieldError;
import dev.alicloud.ipam.kubeapi.admission.InvalidStatus;
import dev.alicloud.ipam.kubeapi.admission.SchemaAdmission;
import dev.alicloud.ipam.kubeapi.admission.UnknownFields;
import io.fabric8.kubernetes.api.model.Status;
import io.fabric8.kubernetes.api.model.apiextensions.v1.JSONSchemaProps;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The embedded API's schema enforcement for custom resources: the pruning of undeclared fields ({@link UnknownFields})
 * and what kube-apiserver's admission would refuse at create, update, patch and status writes, judged by the CRD
 * version's schema and CEL rules ({@link SchemaAdmission}) and answered with the apiserver's 422 Status
 * ({@link InvalidStatus}). Types without a schema are let through.
 */
final class AdmissionGate {

  /** What a write does to the stored object. */
  enum Write {
    CREATE, UPDATE, UPDATE_STATUS
  }

  private final ObjectMapper mapper;
  /** Per type (group version and plural), with the schema it was built from: a changed CRD builds anew. */
  private final Map<String, Compiled> admissions = new ConcurrentHashMap<>();

  private record Compiled(JSONSchemaProps schema, JsonNode schemaJson, SchemaAdmission admission) {
  }

  private Compiled compiled(ServedResource type) {
    return admissions.compute(type.groupVersion() + "/" + type.plural(),
        (key, compiled) -> {
          if (compiled != null && compiled.schema() == type.schema()) {
            return compiled;
          }
          JsonNode json = mapper.valueToTree(type.schema());
          return new Compiled(type.schema(), json, SchemaAdmission.of(json));
        });
  }

  AdmissionGate(ObjectMapper mapper) {
    this.mapper = mapper;
  }

  /**
   * Removes the fields the type's schema does not declare, as the apiserver prunes while decoding.
   *
   * @return the removed fields' paths
   */
  List<String> pruneUnknownFields(ServedResource type, ObjectNode object) {
    return type.schema() == null ? List.of() : UnknownFields.prune(compiled(type).schemaJson(), object);
  }

  /**
   * The refusal of a write, if admission refuses it.
   *
   * @param old the stored object; null on a create
   * @param object the object as it would be stored
   */
  Optional<Status> refusal(ServedResource type, Write write, JsonNode old, JsonNode object) {
    if (type.schema() == null) {
      return Optional.empty();
    }
    SchemaAdmission admission = compiled(type).admission();
    List<FieldError> errors = switch (write) {
      case CREATE -> admission.create(object);
      case UPDATE -> admission.update(old, object);
      case UPDATE_STATUS -> admission.updateStatus(old, object);
    };
    if (errors.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(InvalidStatus.of(type.group(), type.kind(), object.path("metadata").path("name").asText(null),
        errors));
  }
}
