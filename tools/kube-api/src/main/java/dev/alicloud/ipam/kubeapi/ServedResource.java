package dev.alicloud.ipam.kubeapi;

import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceColumnDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionNames;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionVersion;
import io.fabric8.kubernetes.api.model.apiextensions.v1.JSONSchemaProps;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * One resource type (group, version, plural) the embedded API server announces in discovery and OpenAPI. Kubectl maps
 * {@code ipa} to a URL only through these documents, which the CRUD mock does not serve.
 *
 * @param printerColumns the CRD version's additionalPrinterColumns; {@code null} for built-in types, which are not
 *     rendered as server-side tables
 * @param schema the CRD version's OpenAPI v3 schema, if any; {@code null} for built-in types
 */
public record ServedResource(String group, String version, String kind, String plural, String singular,
    boolean namespaced, List<String> shortNames, List<String> categories, boolean statusSubresource,
    boolean preferredVersion, List<CustomResourceColumnDefinition> printerColumns, JSONSchemaProps schema) {

  public ServedResource {
    shortNames = List.copyOf(shortNames);
    categories = List.copyOf(categories);
    printerColumns = printerColumns == null ? null : List.copyOf(printerColumns);
  }

  /** {@code v1} for the core group, {@code group/version} otherwise. */
  public String groupVersion() {
    return group.isEmpty() ? version : group + "/" + version;
  }

  /** The URL path of the group version: {@code /api/v1} or {@code /apis/group/version}. */
  public String groupVersionPath() {
    return group.isEmpty() ? "/api/" + version : "/apis/" + group + "/" + version;
  }

  /** Whether this type comes from a CustomResourceDefinition (and so has printer columns). */
  public boolean custom() {
    return printerColumns != null;
  }

  /** The types every Kubernetes API server has that the operator and kubectl touch. */
  public static List<ServedResource> builtIns() {
    return List.of(
        builtIn("", "namespaces", "Namespace", false, List.of("ns"), true),
        builtIn("", "secrets", "Secret", true, List.of(), false),
        builtIn("", "configmaps", "ConfigMap", true, List.of("cm"), false),
        builtIn("", "events", "Event", true, List.of("ev"), false),
        builtIn("", "serviceaccounts", "ServiceAccount", true, List.of("sa"), false),
        builtIn("apiextensions.k8s.io", "customresourcedefinitions", "CustomResourceDefinition", false,
            List.of("crd", "crds"), true),
        builtIn("coordination.k8s.io", "leases", "Lease", true, List.of(), false));
  }

  private static ServedResource builtIn(String group, String plural, String kind, boolean namespaced,
      List<String> shortNames, boolean status) {
    return new ServedResource(group, "v1", kind, plural, kind.toLowerCase(Locale.ROOT), namespaced,
        shortNames, List.of(), status, true, null, null);
  }

  /** One entry per served version of the CRD; the storage version is the preferred one. */
  public static List<ServedResource> fromCrd(CustomResourceDefinition crd) {
    var spec = crd.getSpec();
    CustomResourceDefinitionNames names = spec.getNames();
    boolean namespaced = !"Cluster".equals(spec.getScope());
    List<CustomResourceDefinitionVersion> served = spec.getVersions().stream()
        .filter(v -> !Boolean.FALSE.equals(v.getServed()))
        .toList();
    String preferred = served.stream().filter(v -> Boolean.TRUE.equals(v.getStorage())).findFirst()
        .or(() -> served.stream().findFirst())
        .map(CustomResourceDefinitionVersion::getName)
        .orElse(null);
    return served.stream().map(v -> new ServedResource(spec.getGroup(), v.getName(), names.getKind(),
        names.getPlural(),
        Optional.ofNullable(names.getSingular()).orElse(names.getKind().toLowerCase(Locale.ROOT)), namespaced,
        orEmpty(names.getShortNames()), orEmpty(names.getCategories()),
        v.getSubresources() != null && v.getSubresources().getStatus() != null,
        v.getName().equals(preferred), orEmpty(v.getAdditionalPrinterColumns()),
        v.getSchema() == null ? null : v.getSchema().getOpenAPIV3Schema())).toList();
  }

  private static <T> List<T> orEmpty(List<T> list) {
    return list == null ? List.of() : list;
  }
}
