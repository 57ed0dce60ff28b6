package dev.alicloud.ipam.packaging;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.SecretKeySelector;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * deploy/: the plain manifests of {@code kubectl apply -f deploy/} (and {@code kubectl apply -k deploy/}), parsed
 * offline with the fabric8 model and held to the runtime contract.
 */
@Tag("unit")
class DeployManifestsTest {

  static final Path DEPLOY = Path.of("deploy");
  static final Path CRD = Path.of("crds/ipampoolallocations.ipam.alicloud.dev-v1.yml");
  static final String NAMESPACE = "vpc-ipam-operator";
  static final String SERVICE_ACCOUNT = "vpc-ipam-operator";
  static final String CREDENTIALS_SECRET = "vpc-ipam-operator-credentials";

  static Map<String, Manifests> files;
  static Manifests all;

  @BeforeAll
  static void load() throws IOException {
    files = new LinkedHashMap<>();
    List<HasMetadata> objects = new ArrayList<>();
    for (String file : manifestFiles()) {
      Manifests m = Manifests.parse(Files.readString(DEPLOY.resolve(file)), "deploy/" + file);
      assertThat(m.all()).as("deploy/%s holds Kubernetes objects", file).isNotEmpty();
      files.put(file, m);
      objects.addAll(m.all());
    }
    all = Manifests.of(objects);
  }

  /** What {@code kubectl apply -f deploy/} reads: every *.yaml, *.yml and *.json file, in name order. */
  static List<String> manifestFiles() throws IOException {
    try (Stream<Path> list = Files.list(DEPLOY)) {
      return list.map(p -> p.getFileName().toString()).filter(n -> n.matches(".*\\.(yaml|yml|json)$"))
          .sorted().toList();
    }
  }

  @Test
  void kustomizationListsEveryManifestInApplyOrder() throws IOException {
    Path kustomization = DEPLOY.resolve("Kustomization");
    assertThat(kustomization).exists();
    Map<String, Object> k = Manifests.SERIALIZATION.unmarshal(Files.readString(kustomization), Map.class);
    assertThat(k).containsEntry("apiVersion", "kustomize.config.k8s.io/v1beta1").containsEntry("kind", "Kustomization");
    assertThat(k.get("resources")).as("resources of deploy/Kustomization").isEqualTo(manifestFiles());
    assertThat(manifestFiles()).as("deploy/ files are numbered in apply order")
        .allMatch(f -> f.matches("\\d\\d-[a-z0-9-]+\\.yaml"));
  }

  @Test
  void noKustomizationFileThatKubectlApplyWouldReadAsAnObject() {
    // `kubectl apply -f deploy/` reads every *.yaml: a kustomization.yaml there fails with "apiVersion not set"
    // or "no matches for kind Kustomization", so the kustomization is the extension-less file "Kustomization".
    assertThat(DEPLOY.resolve("kustomization.yaml")).doesNotExist();
    assertThat(DEPLOY.resolve("kustomization.yml")).doesNotExist();
    assertThat(all.all()).noneMatch(o -> "Kustomization".equals(o.getKind()));
  }

  @Test
  void namespaceComesFirstThenTheCrd() {
    List<String> names = new ArrayList<>(files.keySet());
    assertThat(names.get(0)).isEqualTo("00-namespace.yaml");
    assertThat(files.get(names.get(0)).single(Namespace.class).getMetadata().getName()).isEqualTo(NAMESPACE);
    assertThat(names.get(1)).isEqualTo("01-crd.yaml");
    assertThat(files.get(names.get(1)).single(CustomResourceDefinition.class).getMetadata().getName())
        .isEqualTo("ipampoolallocations.ipam.alicloud.dev");
    assertThat(all.all(Namespace.class)).hasSize(1);
    assertThat(all.all(CustomResourceDefinition.class)).hasSize(1);
  }

  @Test
  void crdIsAByteIdenticalCopyOfTheGeneratedOne() throws IOException {
    assertThat(Files.mismatch(DEPLOY.resolve("01-crd.yaml"), CRD))
        .as("offset of the first byte where deploy/01-crd.yaml differs from %s (stale? cp %s deploy/01-crd.yaml)",
            CRD, CRD)
        .isEqualTo(-1L);
  }

  @Test
  void everyNamespacedObjectIsInTheOperatorNamespace() {
    Set<String> clusterScoped = Set.of("Namespace", "CustomResourceDefinition", "ClusterRole", "ClusterRoleBinding");
    for (HasMetadata o : all.all()) {
      if (clusterScoped.contains(o.getKind())) {
        assertThat(o.getMetadata().getNamespace()).as("%s %s is cluster-scoped", o.getKind(), o.getMetadata().getName())
            .isNull();
      } else {
        assertThat(o.getMetadata().getNamespace()).as("namespace of %s %s", o.getKind(), o.getMetadata().getName())
            .isEqualTo(NAMESPACE);
      }
    }
  }

  @Test
  void everyFieldIsKnownToTheKubernetesModel() {
    assertThat(all.unknownFields()).as("fields the Kubernetes API does not know (misspelled?)").isEmpty();
  }

  @Test
  void operatorPodIsHardened() {
    Deployment deployment = all.deployment();
    PodChecks.assertHardenedOperatorPod(deployment, all, Set.of());
    assertThat(deployment.getSpec().getTemplate().getSpec().getServiceAccountName()).isEqualTo(SERVICE_ACCOUNT);
    assertThat(all.single(ServiceAccount.class).getMetadata().getName()).isEqualTo(SERVICE_ACCOUNT);
  }

  @Test
  void twoReplicasElectALeader() {
    Deployment deployment = all.deployment();
    assertThat(deployment.getSpec().getReplicas()).isEqualTo(2);
    Map<String, EnvVar> env = PodChecks.env(deployment);
    assertThat(PodChecks.value(env, "IPAM_LEADER_ELECTION")).isEqualTo("true");
    assertThat(PodChecks.value(env, "IPAM_LEADER_ELECTION_ID")).isEqualTo("vpc-ipam-operator");
    assertThat(env).as("Lease in POD_NAMESPACE, where the leases Role is")
        .doesNotContainKey("IPAM_LEADER_ELECTION_NAMESPACE");
    assertThat(deployment.getSpec().getTemplate().getSpec().getContainers().get(0).getImage())
        .isEqualTo("ghcr.io/alicloud-ipam/vpc-ipam-operator:0.1.0");
  }

  @Test
  void accessKeysComeFromAnOptionalSecret() {
    Map<String, EnvVar> env = PodChecks.env(all.deployment());
    Map<String, String> keys = Map.of("ALIBABA_CLOUD_ACCESS_KEY_ID", "accessKeyId",
        "ALIBABA_CLOUD_ACCESS_KEY_SECRET", "accessKeySecret");
    keys.forEach((name, key) -> {
      assertThat(env).containsKey(name);
      SecretKeySelector ref = env.get(name).getValueFrom().getSecretKeyRef();
      assertThat(ref).as("%s from a Secret", name).isNotNull();
      assertThat(ref.getName()).isEqualTo(CREDENTIALS_SECRET);
      assertThat(ref.getKey()).isEqualTo(key);
      assertThat(ref.getOptional()).as("%s optional: RRSA or the ECS role work without the Secret", name).isTrue();
    });
  }

  @Test
  void metricsServiceAndDisruptionBudgetSelectTheOperatorPods() {
    Deployment deployment = all.deployment();
    Map<String, String> podLabels = deployment.getSpec().getTemplate().getMetadata().getLabels();
    Service service = all.single(Service.class);
    assertThat(podLabels).containsAllEntriesOf(service.getSpec().getSelector());
    assertThat(service.getSpec().getPorts()).singleElement().satisfies(p -> {
      assertThat(p.getName()).isEqualTo("metrics");
      assertThat(p.getTargetPort().getStrVal()).isEqualTo("http");
    });
    PodDisruptionBudget pdb = all.single(PodDisruptionBudget.class);
    assertThat(pdb.getSpec().getMinAvailable().getIntVal()).isEqualTo(1);
    assertThat(pdb.getSpec().getMaxUnavailable()).isNull();
    assertThat(podLabels).containsAllEntriesOf(pdb.getSpec().getSelector().getMatchLabels());
  }

  @Test
  void rbacGrantsExactlyTheContractForAllNamespaces() {
    String lease = PodChecks.value(PodChecks.env(all.deployment()), "IPAM_LEADER_ELECTION_ID");
    ExpectedRbac.assertGrantsExactly(all, NAMESPACE, SERVICE_ACCOUNT,
        new ExpectedRbac.Installation(NAMESPACE, List.of(), false, true, lease));
  }
}
