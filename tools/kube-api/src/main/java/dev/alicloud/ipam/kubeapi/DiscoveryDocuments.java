package dev.alicloud.ipam.kubeapi;

import io.fabric8.kubernetes.api.model.APIGroup;
import io.fabric8.kubernetes.api.model.APIGroupBuilder;
import io.fabric8.kubernetes.api.model.APIGroupListBuilder;
import io.fabric8.kubernetes.api.model.APIResource;
import io.fabric8.kubernetes.api.model.APIResourceBuilder;
import io.fabric8.kubernetes.api.model.APIResourceListBuilder;
import io.fabric8.kubernetes.api.model.APIVersionsBuilder;
import io.fabric8.kubernetes.api.model.GroupVersionForDiscovery;
import io.fabric8.kubernetes.api.model.RootPathsBuilder;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The legacy (unaggregated) discovery documents: {@code /api}, {@code /apis}, {@code /apis/<group>} and the
 * APIResourceList of each group version, plus {@code /} and {@code /version}. The CRUD mock answers these paths with a List of stored objects, which
 * makes kubectl believe no resource type exists.
 */
final class DiscoveryDocuments {

  static final List<String> VERBS =
      List.of("create", "delete", "deletecollection", "get", "list", "patch", "update", "watch");
  static final List<String> SUBRESOURCE_VERBS = List.of("get", "patch", "update");

  private final KubernetesSerialization serialization;

  DiscoveryDocuments(KubernetesSerialization serialization) {
    this.serialization = serialization;
  }

  /** {@code /}: the paths this server answers. */
  String rootPaths(List<ServedResource> resources) {
    Set<String> paths = new LinkedHashSet<>(List.of("/api", "/apis"));
    for (ServedResource r : resources) {
      if (!r.group().isEmpty()) {
        paths.add("/apis/" + r.group());
      }
      paths.add(r.groupVersionPath());
    }
    paths.addAll(List.of("/openapi/v3", "/version"));
    return serialization.asJson(new RootPathsBuilder().withPaths(new ArrayList<>(paths)).build());
  }

  /** {@code /version}: the Kubernetes release this server pretends to be (kubectl warns beyond one minor of skew). */
  String version() {
    Map<String, String> version = new LinkedHashMap<>();
    version.put("major", "1");
    version.put("minor", "32");
    version.put("gitVersion", "v1.32.0-vpc-ipam-sandbox");
    version.put("gitCommit", "");
    version.put("gitTreeState", "clean");
    version.put("buildDate", "1970-01-01T00:00:00Z");
    version.put("goVersion", "");
    version.put("compiler", "fabric8-mock");
    version.put("platform",
        System.getProperty("os.name").toLowerCase(Locale.ROOT) + "/" + System.getProperty("os.arch"));
    return serialization.asJson(version);
  }

  /** {@code /api}: the core group has v1 only. */
  String apiVersions() {
    return serialization.asJson(new APIVersionsBuilder().withVersions("v1").build());
  }

  /** {@code /apis}: every named group, in the order first served. */
  String apiGroupList(List<ServedResource> resources) {
    return serialization.asJson(new APIGroupListBuilder().withGroups(groups(resources)).build());
  }

  /** {@code /apis/<group>}. */
  Optional<String> apiGroup(String group, List<ServedResource> resources) {
    return groups(resources).stream().filter(g -> g.getName().equals(group)).findFirst().map(serialization::asJson);
  }

  /** {@code /api/v1} or {@code /apis/<group>/<version>}: the resources of one group version, with subresources. */
  Optional<String> apiResourceList(String group, String version, List<ServedResource> resources) {
    List<APIResource> entries = new ArrayList<>();
    for (ServedResource r : resources) {
      if (!r.group().equals(group) || !r.version().equals(version)) {
        continue;
      }
      entries.add(new APIResourceBuilder()
          .withName(r.plural())
          .withSingularName(r.singular())
          .withNamespaced(r.namespaced())
          .withKind(r.kind())
          .withVerbs(VERBS)
          .withShortNames(r.shortNames().isEmpty() ? null : r.shortNames())
          .withCategories(r.categories().isEmpty() ? null : r.categories())
          .build());
      if (r.statusSubresource()) {
        entries.add(new APIResourceBuilder()
            .withName(r.plural() + "/status")
            .withSingularName("")
            .withNamespaced(r.namespaced())
            .withKind(r.kind())
            .withVerbs(SUBRESOURCE_VERBS)
            .build());
      }
    }
    if (entries.isEmpty()) {
      return Optional.empty();
    }
    String groupVersion = group.isEmpty() ? version : group + "/" + version;
    return Optional.of(serialization.asJson(
        new APIResourceListBuilder().withGroupVersion(groupVersion).withResources(entries).build()));
  }

  private static List<APIGroup> groups(List<ServedResource> resources) {
    Map<String, List<ServedResource>> byGroup = new LinkedHashMap<>();
    for (ServedResource r : resources) {
      if (!r.group().isEmpty()) {
        byGroup.computeIfAbsent(r.group(), g -> new ArrayList<>()).add(r);
      }
    }
    List<APIGroup> groups = new ArrayList<>();
    byGroup.forEach((name, members) -> {
      Map<String, GroupVersionForDiscovery> versions = new LinkedHashMap<>();
      GroupVersionForDiscovery preferred = null;
      for (ServedResource r : members) {
        var gv = versions.computeIfAbsent(r.version(),
            v -> new GroupVersionForDiscovery(r.groupVersion(), r.version()));
        if (r.preferredVersion() && preferred == null) {
          preferred = gv;
        }
      }
      List<GroupVersionForDiscovery> ordered = new ArrayList<>(versions.values());
      if (preferred == null) {
        preferred = ordered.get(0);
      }
      // kubectl takes the first listed version as the default one: put the preferred version first
      ordered.remove(preferred);
      ordered.add(0, preferred);
      groups.add(new APIGroupBuilder().withName(name).withVersions(ordered).withPreferredVersion(preferred).build());
    });
    return groups;
  }
}
