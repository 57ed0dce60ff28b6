package dev.alicloud.ipam.kubeapi;

import java.util.Locale;
import java.util.Optional;

/**
 * One request to the embedded API as RBAC sees it: verb, API group, resource (with its subresource), namespace and
 * name. Recorded so that tests can compare what the operator really calls with what its roles grant.
 *
 * @param verb get, list, watch, create, update, patch, delete or deletecollection
 * @param group the API group, empty for the core group
 * @param resource plural name, with {@code /subresource} when there is one
 * @param namespace the namespace, null for cluster-scoped requests
 * @param name the object's name, null for collections and creates
 */
public record ApiCall(String verb, String group, String resource, String namespace, String name) {

  /** The call a request stands for; empty for discovery and other non-resource paths. */
  static Optional<ApiCall> of(String method, String path) {
    ApiRequest request = ApiRequest.parse(path);
    return request.resource().map(r -> {
      String resource = r.subresource() == null ? r.plural() : r.plural() + "/" + r.subresource();
      String verb = switch (method.toUpperCase(Locale.ROOT)) {
        case "GET" -> request.watch() ? "watch" : r.list() ? "list" : "get";
        case "POST" -> "create";
        case "PUT" -> "update";
        case "PATCH" -> "patch";
        case "DELETE" -> r.name() == null ? "deletecollection" : "delete";
        default -> method.toLowerCase(Locale.ROOT);
      };
      return new ApiCall(verb, r.group() == null ? "" : r.group(), resource, r.namespace(),
          "create".equals(verb) ? null : r.name());
    });
  }
}
