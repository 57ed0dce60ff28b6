package dev.alicloud.ipam.kubeapi;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Minimal OpenAPI v3 documents, just enough for {@code kubectl apply}: for each kind a path whose {@code patch}
 * operation names the kind ({@code x-kubernetes-group-version-kind}) and accepts the {@code fieldValidation} query
 * parameter. Kubectl then leaves validation to the server and skips client-side validation, which would otherwise
 * need the protobuf OpenAPI v2 document. The schemas of custom resources are published too, for
 * {@code kubectl explain}; built-in types have none.
 */
final class OpenApiDocuments {

  static final String PREFIX = "/openapi/v3";

  private final ObjectMapper mapper;
  private final KubernetesSerialization serialization;

  OpenApiDocuments(ObjectMapper mapper, KubernetesSerialization serialization) {
    this.mapper = mapper;
    this.serialization = serialization;
  }

  /** {@code /openapi/v3}: one entry per group version, e.g. {@code apis/ipam.alicloud.dev/v1alpha1}. */
  String index(List<ServedResource> resources) {
    ObjectNode root = mapper.createObjectNode();
    ObjectNode paths = root.putObject("paths");
    byGroupVersion(resources).forEach((key, members) -> paths.putObject(key)
        .put("serverRelativeURL", PREFIX + "/" + key + "?hash=" + hash(document(key, members))));
    return root.toString();
  }

  /** {@code /openapi/v3/<key>} where key is {@code api/v1} or {@code apis/<group>/<version>}; empty if not served. */
  Optional<String> groupVersion(String key, List<ServedResource> resources) {
    return Optional.ofNullable(byGroupVersion(resources).get(key)).map(members -> document(key, members));
  }

  private static Map<String, List<ServedResource>> byGroupVersion(List<ServedResource> resources) {
    Map<String, List<ServedResource>> map = new LinkedHashMap<>();
    for (ServedResource r : resources) {
      map.computeIfAbsent(r.groupVersionPath().substring(1), k -> new ArrayList<>()).add(r);
    }
    return map;
  }

  private String document(String key, List<ServedResource> members) {
    ObjectNode root = mapper.createObjectNode();
    root.put("openapi", "3.0.0");
    root.putObject("info").put("title", "vpc-ipam sandbox").put("version", key);
    ObjectNode paths = root.putObject("paths");
    for (ServedResource r : members) {
      String path = r.groupVersionPath() + (r.namespaced() ? "/namespaces/{namespace}/" : "/") + r.plural()
          + "/{name}";
      ObjectNode patch = paths.putObject(path).putObject("patch");
      patch.put("x-kubernetes-action", "patch");
      patch.putObject("x-kubernetes-group-version-kind")
          .put("group", r.group()).put("version", r.version()).put("kind", r.kind());
      patch.putArray("parameters").addObject()
          .put("name", "fieldValidation").put("in", "query").putObject("schema").put("type", "string");
      patch.putObject("responses");
      if (r.schema() != null) {
        ObjectNode schema = mapper.valueToTree(serialization.convertValue(r.schema(), Map.class));
        schema.putArray("x-kubernetes-group-version-kind").addObject()
            .put("group", r.group()).put("version", r.version()).put("kind", r.kind());
        root.withObject("/components/schemas").set(schemaName(r), schema);
      }
    }
    return root.toString();
  }

  /** Like the API server: the reversed group plus version and kind, e.g. {@code dev.alicloud.ipam.v1alpha1.X}. */
  private static String schemaName(ServedResource r) {
    List<String> parts = new ArrayList<>(List.of(r.group().split("\\.")));
    Collections.reverse(parts);
    return String.join(".", parts) + "." + r.version() + "." + r.kind();
  }

  private static String hash(String document) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(document.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().withUpperCase().formatHex(digest);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
