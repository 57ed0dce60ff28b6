package dev.alicloud.ipam.kubeapi;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * A request path of the Kubernetes API split into its parts, so the dispatcher can tell discovery, OpenAPI, list,
 * single-object and watch requests apart without regular expressions scattered around.
 *
 * @param path the path without the query, e.g. {@code /apis/ipam.alicloud.dev/v1alpha1/namespaces/default/x}
 * @param segments the non-empty path segments
 * @param query the raw (still URL-encoded) {@code name=value} pairs, in order
 */
record ApiRequest(String path, List<String> segments, List<String> query) {

  /** What a path under {@code /api/v1} or {@code /apis/<group>/<version>} addresses. */
  record ResourceRef(String group, String version, String namespace, String plural, String name,
      String subresource) {

    boolean list() {
      return name == null;
    }
  }

  static ApiRequest parse(String requestPath) {
    int q = requestPath.indexOf('?');
    String path = q < 0 ? requestPath : requestPath.substring(0, q);
    String query = q < 0 ? "" : requestPath.substring(q + 1);
    List<String> segments = Arrays.stream(path.split("/")).filter(s -> !s.isEmpty()).toList();
    List<String> pairs = Arrays.stream(query.split("&")).filter(s -> !s.isEmpty()).toList();
    return new ApiRequest(path, segments, pairs);
  }

  /** The decoded value of the first query parameter of that name. */
  Optional<String> param(String name) {
    for (String pair : query) {
      int eq = pair.indexOf('=');
      String key = decode(eq < 0 ? pair : pair.substring(0, eq));
      if (key.equals(name)) {
        return Optional.of(eq < 0 ? "" : decode(pair.substring(eq + 1)));
      }
    }
    return Optional.empty();
  }

  /** A watch: {@code ?watch=true} (or 1), or the legacy {@code /watch/} path prefix. */
  boolean watch() {
    String watch = param("watch").orElse("false");
    return watch.equals("true") || watch.equals("1") || legacyWatchPath();
  }

  private boolean legacyWatchPath() {
    return segments.size() > 2 && segments.get(0).equals("api") && segments.get(2).equals("watch")
        || segments.size() > 3 && segments.get(0).equals("apis") && segments.get(3).equals("watch");
  }

  /** The same request path and query without the named parameter. */
  String pathWithout(String name) {
    List<String> kept = new ArrayList<>();
    for (String pair : query) {
      int eq = pair.indexOf('=');
      if (!decode(eq < 0 ? pair : pair.substring(0, eq)).equals(name)) {
        kept.add(pair);
      }
    }
    return kept.isEmpty() ? path : path + "?" + String.join("&", kept);
  }

  /** The resource addressed, if this is a path below a group version; watches included. */
  Optional<ResourceRef> resource() {
    List<String> rest;
    String group;
    String version;
    if (segments.size() >= 3 && segments.get(0).equals("api")) {
      group = "";
      version = segments.get(1);
      rest = segments.subList(2, segments.size());
    } else if (segments.size() >= 4 && segments.get(0).equals("apis")) {
      group = segments.get(1);
      version = segments.get(2);
      rest = segments.subList(3, segments.size());
    } else {
      return Optional.empty();
    }
    if (rest.get(0).equals("watch")) {
      rest = rest.subList(1, rest.size());
      if (rest.isEmpty()) {
        return Optional.empty();
      }
    }
    if (rest.get(0).equals("namespaces") && rest.size() >= 3 && !isNamespaceSubresource(rest)) {
      return Optional.of(new ResourceRef(group, version, rest.get(1), rest.get(2), at(rest, 3), at(rest, 4)));
    }
    return Optional.of(new ResourceRef(group, version, null, rest.get(0), at(rest, 1), at(rest, 2)));
  }

  /** {@code namespaces/<name>/status} and {@code /finalize} are subresources of a Namespace, not a list. */
  private static boolean isNamespaceSubresource(List<String> rest) {
    return rest.size() == 3 && (rest.get(2).equals("status") || rest.get(2).equals("finalize"));
  }

  private static String at(List<String> list, int index) {
    return index < list.size() ? list.get(index) : null;
  }

  private static String decode(String s) {
    return URLDecoder.decode(s, StandardCharsets.UTF_8);
  }
}
