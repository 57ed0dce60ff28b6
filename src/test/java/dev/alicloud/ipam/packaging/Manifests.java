package dev.alicloud.ipam.packaging;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.KubernetesResource;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * A set of rendered Kubernetes objects (one deploy/ file, all of deploy/, or one {@code helm template} output),
 * parsed offline into the fabric8 model, with the look-ups and generic checks the packaging tests share.
 */
final class Manifests {

  static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();
  private static final Pattern DOCUMENT_SEPARATOR = Pattern.compile("(?m)^---\\s*$");

  private final List<HasMetadata> objects;

  private Manifests(List<HasMetadata> objects) {
    this.objects = List.copyOf(objects);
  }

  static Manifests of(List<HasMetadata> objects) {
    return new Manifests(objects);
  }

  /** Every non-empty document of a YAML stream; a document that is not a Kubernetes object fails. */
  static Manifests parse(String yaml, String source) {
    List<HasMetadata> parsed = new ArrayList<>();
    String[] documents = DOCUMENT_SEPARATOR.split(yaml);
    for (int i = 0; i < documents.length; i++) {
      String document = documents[i];
      if (document.lines().allMatch(line -> line.isBlank() || line.stripLeading().startsWith("#"))) {
        continue;
      }
      Object object = SERIALIZATION.unmarshal(document);
      assertThat(object).as("%s document %d is a Kubernetes object with apiVersion, kind, metadata", source, i + 1)
          .isInstanceOf(HasMetadata.class);
      HasMetadata resource = (HasMetadata) object;
      assertThat(resource.getMetadata()).as("%s document %d: metadata", source, i + 1).isNotNull();
      assertThat(resource.getMetadata().getName()).as("%s document %d: metadata.name", source, i + 1).isNotBlank();
      parsed.add(resource);
    }
    return new Manifests(parsed);
  }

  List<HasMetadata> all() {
    return objects;
  }

  <T extends HasMetadata> List<T> all(Class<T> type) {
    return objects.stream().filter(type::isInstance).map(type::cast).toList();
  }

  List<GenericKubernetesResource> generic(String apiVersion, String kind) {
    return all(GenericKubernetesResource.class).stream()
        .filter(r -> apiVersion.equals(r.getApiVersion()) && kind.equals(r.getKind())).toList();
  }

  <T extends HasMetadata> T single(Class<T> type) {
    List<T> found = all(type);
    assertThat(found).as("exactly one %s", type.getSimpleName()).hasSize(1);
    return found.get(0);
  }

  Deployment deployment() {
    return single(Deployment.class);
  }

  /**
   * Paths of fields that the fabric8 model does not know (kept in additionalProperties): a misspelled field
   * (readOnlyRootFileSystem, runAsNonroot, ...) is silently ignored by many tools, so the tests refuse it.
   * Objects without a model (ServiceMonitor) are skipped.
   */
  List<String> unknownFields() {
    List<String> found = new ArrayList<>();
    for (HasMetadata object : objects) {
      if (!(object instanceof GenericKubernetesResource)) {
        walk(object, object.getKind() + "/" + object.getMetadata().getName(), found);
      }
    }
    return found;
  }

  private static void walk(Object value, String path, List<String> found) {
    if (value == null) {
      return;
    }
    if (value instanceof Collection<?> list) {
      int i = 0;
      for (Object item : list) {
        walk(item, path + "[" + i++ + "]", found);
      }
      return;
    }
    if (value instanceof Map<?, ?> map) {
      map.forEach((k, v) -> walk(v, path + "[" + k + "]", found));
      return;
    }
    if (!(value instanceof KubernetesResource)
        || !value.getClass().getName().startsWith("io.fabric8.kubernetes.api.model")) {
      return;
    }
    for (Method getter : value.getClass().getMethods()) {
      if (getter.getParameterCount() != 0 || Modifier.isStatic(getter.getModifiers())
          || !(getter.getName().startsWith("get") || getter.getName().startsWith("is"))
          || getter.getDeclaringClass() == Object.class) {
        continue;
      }
      Object child;
      try {
        child = getter.invoke(value);
      } catch (IllegalAccessException | InvocationTargetException e) {
        continue;
      }
      if (getter.getName().equals("getAdditionalProperties") && child instanceof Map<?, ?> extra) {
        extra.keySet().forEach(k -> found.add(path + "." + k));
      } else {
        walk(child, path + "." + property(getter.getName()), found);
      }
    }
  }

  private static String property(String getter) {
    String name = getter.startsWith("is") ? getter.substring(2) : getter.substring(3);
    return name.isEmpty() ? name : Character.toLowerCase(name.charAt(0)) + name.substring(1);
  }
}
