package dev.alicloud.ipam.packaging;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.api.model.rbac.RoleRef;
import io.fabric8.kubernetes.api.model.rbac.Subject;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * The runtime contract's Kubernetes API calls, written once: what deploy/ and every rendering of the chart must
 * grant the operator's service account, no permission more and none less.
 *
 * <p>Rules are compared as atomic permissions (scope, API group, resource, resource name, verb), so the way a
 * manifest groups verbs into rules does not matter. The Lease rules are also checked the way JOSDK checks them at
 * start ({@link #assertJosdkLeaseCheckPasses}).
 */
final class ExpectedRbac {

  static final String CLUSTER = "<cluster>";

  /** One verb on one resource (and resource name, "" for any) in one scope (a namespace or {@link #CLUSTER}). */
  record Permission(String scope, String apiGroup, String resource, String resourceName, String verb)
      implements Comparable<Permission> {

    @Override
    public int compareTo(Permission o) {
      return toString().compareTo(o.toString());
    }

    @Override
    public String toString() {
      return scope + " " + (apiGroup.isEmpty() ? "core" : apiGroup) + "/" + resource
          + (resourceName.isEmpty() ? "" : "[" + resourceName + "]") + " " + verb;
    }
  }

  /** A rule of the contract. */
  record Rule(String apiGroup, String resource, List<String> resourceNames, List<String> verbs) {

    Stream<Permission> in(String scope) {
      List<String> names = resourceNames.isEmpty() ? List.of("") : resourceNames;
      return names.stream().flatMap(n -> verbs.stream().map(v -> new Permission(scope, apiGroup, resource, n, v)));
    }
  }

  // --- the contract (/tmp/runtime-contract.md, "Kubernetes API calls the operator makes") ---

  /** In every watched namespace (or cluster-wide when all namespaces are watched). */
  static final List<Rule> WATCHED = List.of(
      // watch the resources; add and remove the finalizer (JOSDK patches, with server-side apply or JSON patch);
      // get: the ownership check reads a previous owner that is not in the cache
      new Rule("ipam.alicloud.dev", "ipampoolallocations", List.of(), List.of("get", "list", "watch", "patch")),
      new Rule("ipam.alicloud.dev", "ipampoolallocations/status", List.of(), List.of("patch")),
      new Rule("", "events", List.of(), List.of("create")),
      // read spec.credentialsSecretRef's Secret; patch its metadata.finalizers (ipam.alicloud.dev/credentials-in-use)
      new Rule("", "secrets", List.of(), List.of("get", "patch")));

  /** Cluster-scoped, only when no cluster id is configured (it is derived from kube-system's UID). */
  static final Rule KUBE_SYSTEM_NAMESPACE = new Rule("", "namespaces", List.of("kube-system"), List.of("get"));

  /** Cluster-scoped, only with leader election: JOSDK checks its Lease permissions at start. */
  static final Rule RULES_REVIEW =
      new Rule("authorization.k8s.io", "selfsubjectrulesreviews", List.of(), List.of("create"));

  /** The contract's Lease verbs (leader election). */
  static final List<String> LEASE_VERBS = List.of("get", "create", "update");

  /**
   * In the Lease's namespace, only with leader election: get and update narrowed to the installation's own Lease
   * (fabric8's LeaderElector reads and updates it by name; several releases in one namespace cannot take over each
   * other's Lease); create cannot be narrowed by resourceNames in Kubernetes RBAC.
   */
  static List<Rule> leases(String leaseName) {
    return List.of(new Rule("coordination.k8s.io", "leases", List.of(leaseName), List.of("get", "update", "patch")),
        new Rule("coordination.k8s.io", "leases", List.of(), List.of("create")));
  }

  /** How an installation is configured, as far as RBAC is concerned. */
  record Installation(String namespace, List<String> watchNamespaces, boolean clusterIdSet, boolean leaderElection,
      String leaseName) {
  }

  static Set<Permission> expected(Installation installation) {
    Set<Permission> permissions = new TreeSet<>();
    if (installation.watchNamespaces().isEmpty()) {
      WATCHED.forEach(r -> r.in(CLUSTER).forEach(permissions::add));
    } else {
      for (String ns : installation.watchNamespaces()) {
        WATCHED.forEach(r -> r.in(ns).forEach(permissions::add));
      }
    }
    if (!installation.clusterIdSet()) {
      KUBE_SYSTEM_NAMESPACE.in(CLUSTER).forEach(permissions::add);
    }
    if (installation.leaderElection()) {
      RULES_REVIEW.in(CLUSTER).forEach(permissions::add);
      leases(installation.leaseName()).forEach(r -> r.in(installation.namespace()).forEach(permissions::add));
    }
    return permissions;
  }

  // --- what manifests grant ---

  /**
   * Every permission the manifests grant the service account through their (Cluster)RoleBindings. A binding of
   * the service account to a role the manifests do not define fails, and so does a role nobody binds.
   */
  static Set<Permission> granted(Manifests manifests, String saNamespace, String saName) {
    Set<Permission> permissions = new TreeSet<>();
    Set<String> boundRoles = new TreeSet<>();
    for (ClusterRoleBinding binding : manifests.all(ClusterRoleBinding.class)) {
      assertThat(binding.getSubjects()).as("subjects of ClusterRoleBinding %s", binding.getMetadata().getName())
          .allMatch(s -> isServiceAccount(s, saNamespace, saName));
      permissions.addAll(rulesOf(manifests, binding.getRoleRef(), null, boundRoles).stream()
          .flatMap(r -> permissions(r, CLUSTER)).toList());
    }
    for (RoleBinding binding : manifests.all(RoleBinding.class)) {
      assertThat(binding.getSubjects()).as("subjects of RoleBinding %s/%s", binding.getMetadata().getNamespace(),
          binding.getMetadata().getName()).allMatch(s -> isServiceAccount(s, saNamespace, saName));
      String ns = binding.getMetadata().getNamespace();
      assertThat(ns).as("namespace of RoleBinding %s", binding.getMetadata().getName()).isNotBlank();
      permissions.addAll(rulesOf(manifests, binding.getRoleRef(), ns, boundRoles).stream()
          .flatMap(r -> permissions(r, ns)).toList());
    }
    Set<String> definedRoles = new TreeSet<>();
    manifests.all(ClusterRole.class).forEach(r -> definedRoles.add("ClusterRole " + r.getMetadata().getName()));
    manifests.all(Role.class).forEach(r -> definedRoles.add("Role " + r.getMetadata().getNamespace() + "/"
        + r.getMetadata().getName()));
    assertThat(boundRoles).as("roles bound to the service account").isEqualTo(definedRoles);
    return permissions;
  }

  private static boolean isServiceAccount(Subject subject, String namespace, String name) {
    return "ServiceAccount".equals(subject.getKind()) && namespace.equals(subject.getNamespace())
        && name.equals(subject.getName());
  }

  private static List<PolicyRule> rulesOf(Manifests manifests, RoleRef ref, String bindingNamespace,
      Set<String> bound) {
    assertThat(ref.getApiGroup()).isEqualTo("rbac.authorization.k8s.io");
    if ("ClusterRole".equals(ref.getKind())) {
      ClusterRole role = manifests.all(ClusterRole.class).stream()
          .filter(r -> r.getMetadata().getName().equals(ref.getName())).findFirst()
          .orElseThrow(() -> new AssertionError("bound ClusterRole " + ref.getName() + " is not in the manifests"));
      bound.add("ClusterRole " + ref.getName());
      assertThat(role.getAggregationRule()).as("ClusterRole %s aggregates nothing", ref.getName()).isNull();
      return role.getRules();
    }
    assertThat(ref.getKind()).isEqualTo("Role");
    Role role = manifests.all(Role.class).stream()
        .filter(r -> r.getMetadata().getName().equals(ref.getName())
            && Objects.equals(r.getMetadata().getNamespace(), bindingNamespace)).findFirst()
        .orElseThrow(() -> new AssertionError("bound Role " + bindingNamespace + "/" + ref.getName()
            + " is not in the manifests"));
    bound.add("Role " + bindingNamespace + "/" + ref.getName());
    return role.getRules();
  }

  private static Stream<Permission> permissions(PolicyRule rule, String scope) {
    assertThat(rule.getNonResourceURLs()).as("nonResourceURLs").isNullOrEmpty();
    List<String> names = rule.getResourceNames() == null || rule.getResourceNames().isEmpty()
        ? List.of("") : rule.getResourceNames();
    List<Permission> out = new ArrayList<>();
    for (String group : rule.getApiGroups()) {
      for (String resource : rule.getResources()) {
        for (String name : names) {
          for (String verb : rule.getVerbs()) {
            out.add(new Permission(scope, group, resource, name, verb));
          }
        }
      }
    }
    return out.stream();
  }

  // --- checks ---

  /** The manifests grant exactly the contract's permissions for this installation. */
  static void assertGrantsExactly(Manifests manifests, String saNamespace, String saName, Installation installation) {
    assertNoWildcards(manifests);
    Set<Permission> granted = granted(manifests, saNamespace, saName);
    Set<Permission> expected = expected(installation);
    Set<Permission> beyond = new TreeSet<>(granted);
    beyond.removeAll(expected);
    Set<Permission> missing = new TreeSet<>(expected);
    missing.removeAll(granted);
    assertThat(beyond).as("granted beyond the runtime contract").isEmpty();
    assertThat(missing).as("missing from the runtime contract").isEmpty();
    if (installation.leaderElection()) {
      assertJosdkLeaseCheckPasses(manifests, installation.namespace(), installation.leaseName());
    }
  }

  /** No "*" anywhere in any rule: apiGroups, resources, verbs, resourceNames. */
  static void assertNoWildcards(Manifests manifests) {
    List<PolicyRule> rules = new ArrayList<>();
    manifests.all(ClusterRole.class).forEach(r -> rules.addAll(r.getRules()));
    manifests.all(Role.class).forEach(r -> rules.addAll(r.getRules()));
    assertThat(rules).as("RBAC rules").isNotEmpty();
    for (PolicyRule rule : rules) {
      Stream.of(rule.getApiGroups(), rule.getResources(), rule.getVerbs(), rule.getResourceNames())
          .filter(Objects::nonNull).flatMap(List::stream)
          .forEach(v -> assertThat(v).as("rule %s", rule).doesNotContain("*"));
    }
  }

  /**
   * JOSDK's start-up check (LeaderElectionManager.checkLeaseAccess, 5.2.3): the verbs of the lease rules in the
   * Lease's namespace whose resourceNames are empty or name the Lease must include get, create and update, or the
   * operator refuses to start.
   */
  static void assertJosdkLeaseCheckPasses(Manifests manifests, String namespace, String leaseName) {
    Set<String> verbs = new TreeSet<>();
    manifests.all(Role.class).stream()
        .filter(r -> namespace.equals(r.getMetadata().getNamespace()))
        .flatMap(r -> r.getRules().stream())
        .filter(r -> r.getApiGroups().contains("coordination.k8s.io") && r.getResources().contains("leases"))
        .filter(r -> r.getResourceNames() == null || r.getResourceNames().isEmpty()
            || r.getResourceNames().contains(leaseName))
        .forEach(r -> verbs.addAll(r.getVerbs()));
    assertThat(verbs).as("verbs on the Lease %s/%s, as JOSDK checks them at start", namespace, leaseName)
        .containsAll(LEASE_VERBS);
  }

  private ExpectedRbac() {
  }
}
