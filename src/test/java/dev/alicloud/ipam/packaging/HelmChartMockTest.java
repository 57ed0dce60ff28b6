package dev.alicloud.ipam.packaging;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.SecretKeySelector;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.ServiceAccountTokenProjection;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.Role;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * helm/vpc-ipam-operator with the real helm binary: lint, {@code helm template} with the default and with
 * non-default values (each rendering parsed and held to the same checks as deploy/, RBAC against
 * {@link ExpectedRbac}), values the schema or the templates refuse, the CRD copy and the NOTES.
 */
@Tag("mock")
class HelmChartMockTest {

  static final Path CHART = Path.of("helm/vpc-ipam-operator");
  static final Path ALL_FEATURES = Path.of("helm/ci/all-features-values.yaml");
  static final Path CRD = Path.of("crds/ipampoolallocations.ipam.alicloud.dev-v1.yml");
  static final String CHART_CRD = "files/ipampoolallocations.ipam.alicloud.dev-v1.yml";
  static final String RELEASE = "ipam";
  static final String NAMESPACE = "ipam-system";
  static final String FULLNAME = "ipam-vpc-ipam-operator";
  static final String APP_VERSION = "0.1.0";

  @TempDir
  static Path home;
  static Helm helm;

  @BeforeAll
  static void locateHelm() {
    helm = Helm.locate(home);
  }

  // --- rendering ---

  static Manifests template(List<String> args) {
    return template(RELEASE, args);
  }

  static Manifests template(String release, List<String> args) {
    List<String> command = new ArrayList<>(List.of("template", release, CHART.toString(), "--namespace", NAMESPACE));
    command.addAll(args);
    Helm.Result result = helm.run(command);
    assertThat(result.exitCode()).as("helm %s\n%s", String.join(" ", command), result.stderr()).isZero();
    return Manifests.parse(result.stdout(), "helm " + String.join(" ", command));
  }

  /**
   * One set of values and what it means for the checks every rendering gets: the RBAC installation it describes,
   * the service account name, extra environment variables, the replicas; plus checks of its own.
   */
  record Scenario(String name, List<String> args, ExpectedRbac.Installation rbac, String serviceAccount,
      Set<String> extraEnv, int replicas, Consumer<Manifests> specific) {

    Scenario withExtraEnv(String... names) {
      return new Scenario(name, args, rbac, serviceAccount, Set.of(names), replicas, specific);
    }

    @Override
    public String toString() {
      return name;
    }
  }

  static Scenario scenario(String name, List<String> args, Consumer<Manifests> specific) {
    return new Scenario(name, args, new ExpectedRbac.Installation(NAMESPACE, List.of(), false, true, FULLNAME),
        FULLNAME, Set.of(), 2, specific);
  }

  static Stream<Scenario> scenarios() {
    return Stream.of(
        scenario("default values", List.of(), HelmChartMockTest::defaults),
        new Scenario("watchNamespaces list", List.of("--set", "watchNamespaces={team-a,team-b}"),
            new ExpectedRbac.Installation(NAMESPACE, List.of("team-a", "team-b"), false, true, FULLNAME),
            FULLNAME, Set.of(), 2,
            m -> {
              assertThat(env(m, "IPAM_WATCH_NAMESPACES")).isEqualTo("team-a,team-b");
              assertThat(m.all(Role.class)).extracting(r -> r.getMetadata().getNamespace())
                  .containsExactlyInAnyOrder("team-a", "team-b", NAMESPACE);
              assertThat(m.single(ClusterRole.class).getRules()).flatExtracting(r -> r.getResources())
                  .containsExactlyInAnyOrder("namespaces", "selfsubjectrulesreviews");
            }),
        scenario("rrsa through ack-pod-identity-webhook",
            List.of("--set", "credentials.rrsa.enabled=true", "--set", "credentials.rrsa.roleName=vpc-ipam-operator"),
            m -> {
              assertThat(m.single(ServiceAccount.class).getMetadata().getAnnotations())
                  .containsEntry("pod-identity.alibabacloud.com/role-name", "vpc-ipam-operator");
              assertThat(PodChecks.env(m.deployment()).keySet()).noneMatch(n -> n.startsWith("ALIBABA_CLOUD_"));
              assertThat(pod(m).getVolumes()).extracting(Volume::getName).containsExactly("tmp");
            }),
        scenario("rrsa with explicit role and OIDC provider ARNs",
            List.of("--set", "credentials.rrsa.enabled=true",
                "--set", "credentials.rrsa.roleArn=acs:ram::1234567890123456:role/vpc-ipam-operator",
                "--set", "credentials.rrsa.oidcProviderArn=acs:ram::1234567890123456:oidc-provider/ack-rrsa-c1"),
            HelmChartMockTest::explicitRrsa),
        scenario("existing Secret with custom keys",
            List.of("--set", "credentials.existingSecret.name=alicloud-keys",
                "--set", "credentials.existingSecret.accessKeyIdKey=id",
                "--set", "credentials.existingSecret.accessKeySecretKey=secret",
                "--set", "credentials.existingSecret.securityTokenKey=token"),
            m -> {
              Map<String, EnvVar> env = PodChecks.env(m.deployment());
              Map.of("ALIBABA_CLOUD_ACCESS_KEY_ID", "id", "ALIBABA_CLOUD_ACCESS_KEY_SECRET", "secret",
                  "ALIBABA_CLOUD_SECURITY_TOKEN", "token").forEach((name, key) -> {
                    SecretKeySelector ref = env.get(name).getValueFrom().getSecretKeyRef();
                    assertThat(ref.getName()).as(name).isEqualTo("alicloud-keys");
                    assertThat(ref.getKey()).as(name).isEqualTo(key);
                    assertThat(ref.getOptional()).as("%s: a named Secret is required", name).isNotEqualTo(Boolean.TRUE);
                  });
              assertThat(m.single(ServiceAccount.class).getMetadata().getAnnotations()).isNullOrEmpty();
            }),
        scenario("image digest and pull secrets",
            List.of("--set", "image.repository=registry.example.com/ipam/operator",
                "--set", "image.tag=9.9.9",
                "--set", "image.digest=sha256:" + "ab".repeat(32),
                "--set", "image.pullSecrets={regcred}"),
            m -> {
              assertThat(container(m).getImage())
                  .isEqualTo("registry.example.com/ipam/operator@sha256:" + "ab".repeat(32));
              assertThat(pod(m).getImagePullSecrets()).extracting(s -> s.getName()).containsExactly("regcred");
            }),
        scenario("ServiceMonitor on",
            List.of("--set", "metrics.serviceMonitor.enabled=true", "--set", "metrics.serviceMonitor.interval=15s",
                "--set", "metrics.serviceMonitor.labels.release=kube-prometheus-stack",
                "--set", "metrics.service.port=9090"),
            HelmChartMockTest::serviceMonitor),
        new Scenario("leader election off with one replica",
            List.of("--set", "leaderElection.enabled=false", "--set", "replicaCount=1"),
            new ExpectedRbac.Installation(NAMESPACE, List.of(), false, false, FULLNAME), FULLNAME, Set.of(), 1,
            m -> {
              assertThat(env(m, "IPAM_LEADER_ELECTION")).isEqualTo("false");
              assertThat(PodChecks.env(m.deployment())).doesNotContainKey("IPAM_LEADER_ELECTION_ID");
              assertThat(m.all(Role.class)).isEmpty();
              assertThat(m.all(PodDisruptionBudget.class)).as("no PDB that would block drains of one pod").isEmpty();
            }),
        scenario("crds.install false", List.of("--set", "crds.install=false"),
            m -> assertThat(m.all(CustomResourceDefinition.class)).isEmpty()),
        scenario("crds.keep false", List.of("--set", "crds.keep=false"),
            m -> assertThat(m.single(CustomResourceDefinition.class).getMetadata().getAnnotations())
                .isNullOrEmpty()),
        scenario("json logs at DEBUG, drift interval, endpoint, throughput, extra env",
            List.of("--set", "logFormat=json", "--set", "logLevel=DEBUG", "--set", "driftInterval=90s",
                "--set-string", "cloud.rateLimit=CreateIpamPoolAllocation=600/60s", "--set", "workers=8", "--set", "driftCheck=get",
                "--set", "cloud.endpoint=https://vpcipam-vpc.cn-hangzhou.aliyuncs.com",
                "--set", "extraEnv[0].name=HTTPS_PROXY", "--set", "extraEnv[0].value=http://proxy:3128"),
            m -> {
              assertThat(env(m, "IPAM_LOG_FORMAT")).isEqualTo("json");
              assertThat(env(m, "IPAM_LOG_LEVEL")).isEqualTo("DEBUG");
              assertThat(env(m, "IPAM_DRIFT_INTERVAL")).isEqualTo("90s");
              assertThat(env(m, "IPAM_CLOUD_RATE_LIMIT")).isEqualTo("CreateIpamPoolAllocation=600/60s");
              assertThat(env(m, "IPAM_WORKERS")).isEqualTo("8");
              assertThat(env(m, "IPAM_DRIFT_CHECK")).isEqualTo("get");
              assertThat(env(m, "IPAM_CLOUD_ENDPOINT")).isEqualTo("https://vpcipam-vpc.cn-hangzhou.aliyuncs.com");
              assertThat(PodChecks.env(m.deployment()).get("HTTPS_PROXY").getValue()).isEqualTo("http://proxy:3128");
            }).withExtraEnv("HTTPS_PROXY"),
        new Scenario("explicit cluster id", List.of("--set", "clusterId=prod-hangzhou-1"),
            new ExpectedRbac.Installation(NAMESPACE, List.of(), true, true, FULLNAME), FULLNAME, Set.of(), 2,
            m -> assertThat(env(m, "IPAM_CLUSTER_ID")).isEqualTo("prod-hangzhou-1")),
        new Scenario("helm/ci/all-features-values.yaml", List.of("-f", ALL_FEATURES.toString()),
            new ExpectedRbac.Installation(NAMESPACE, List.of("team-a", "team-b"), true, true,
                "vpc-ipam-operator-shard-a"), "ipam-operator",
            Set.of("HTTPS_PROXY", "NO_PROXY"), 3,
            m -> {
              explicitRrsa(m);
              serviceMonitor(m);
              assertThat(env(m, "IPAM_LABEL_SELECTOR")).isEqualTo("ipam.alicloud.dev/shard=a");
              assertThat(env(m, "IPAM_LEADER_ELECTION_ID")).isEqualTo("vpc-ipam-operator-shard-a");
              assertThat(env(m, "IPAM_LOG_FORMAT")).isEqualTo("json");
              assertThat(env(m, "ALIBABA_CLOUD_STS_REGION")).as("RRSA through the regional STS").isEqualTo("cn-hangzhou");
              assertThat(env(m, "ALIBABA_CLOUD_VPC_ENDPOINT_ENABLED")).isEqualTo("true");
              assertThat(container(m).getImage()).contains("@sha256:");
              assertThat(m.single(PodDisruptionBudget.class).getSpec().getMinAvailable().getIntVal()).isEqualTo(2);
              assertThat(pod(m).getTopologySpreadConstraints()).singleElement()
                  .satisfies(c -> assertThat(c.getLabelSelector().getMatchLabels())
                      .as("the chart adds the pods' selector").containsEntry("app.kubernetes.io/instance", RELEASE));
            }));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("scenarios")
  void rendersHardenedLeastPrivilegeManifests(Scenario s) {
    Manifests m = template(s.args());
    assertThat(m.unknownFields()).as("fields the Kubernetes API does not know (misspelled?)").isEmpty();
    assertThat(ids(m)).as("no object twice").hasSameSizeAs(m.all());
    Set<String> clusterScoped = Set.of("CustomResourceDefinition", "ClusterRole", "ClusterRoleBinding");
    for (HasMetadata o : m.all()) {
      String what = o.getKind() + " " + o.getMetadata().getName();
      assertThat(o.getMetadata().getLabels()).as("labels of %s", what)
          .containsEntry("app.kubernetes.io/managed-by", "Helm")
          .containsEntry("app.kubernetes.io/part-of", "vpc-ipam-operator");
      if (clusterScoped.contains(o.getKind())) {
        assertThat(o.getMetadata().getNamespace()).as("%s is cluster-scoped", what).isNull();
      } else if (!"Role".equals(o.getKind()) && !"RoleBinding".equals(o.getKind())) {
        assertThat(o.getMetadata().getNamespace()).as("namespace of %s", what).isEqualTo(NAMESPACE);
      }
    }

    Deployment deployment = m.deployment();
    PodChecks.assertHardenedOperatorPod(deployment, m, s.extraEnv());
    assertThat(deployment.getSpec().getReplicas()).isEqualTo(s.replicas());
    assertThat(pod(m).getServiceAccountName()).isEqualTo(s.serviceAccount());
    assertThat(env(m, "IPAM_LEADER_ELECTION")).isEqualTo(String.valueOf(s.rbac().leaderElection()));
    if (s.rbac().leaderElection()) {
      assertThat(env(m, "IPAM_LEADER_ELECTION_ID")).as("the Lease the Role grants").isEqualTo(s.rbac().leaseName());
    }
    assertThat(PodChecks.env(deployment)).as("the Lease is in POD_NAMESPACE, where the chart's Role is")
        .doesNotContainKey("IPAM_LEADER_ELECTION_NAMESPACE");
    ExpectedRbac.assertGrantsExactly(m, NAMESPACE, s.serviceAccount(), s.rbac());

    Map<String, String> podLabels = deployment.getSpec().getTemplate().getMetadata().getLabels();
    m.all(Service.class).forEach(svc -> assertThat(podLabels).containsAllEntriesOf(svc.getSpec().getSelector()));
    List<PodDisruptionBudget> pdbs = m.all(PodDisruptionBudget.class);
    assertThat(pdbs).as("a PodDisruptionBudget exactly when there are several replicas")
        .hasSize(s.replicas() > 1 ? 1 : 0);
    pdbs.forEach(pdb -> assertThat(podLabels).containsAllEntriesOf(pdb.getSpec().getSelector().getMatchLabels()));
    m.all(CustomResourceDefinition.class).forEach(HelmChartMockTest::assertIsTheGeneratedCrd);

    s.specific().accept(m);
  }

  static void defaults(Manifests m) {
    assertThat(container(m).getImage()).isEqualTo("ghcr.io/alicloud-ipam/vpc-ipam-operator:" + APP_VERSION);
    assertThat(container(m).getImagePullPolicy()).isEqualTo("IfNotPresent");
    assertThat(env(m, "IPAM_LEADER_ELECTION_ID")).as("lease name defaults to the release's full name")
        .isEqualTo(FULLNAME);
    assertThat(env(m, "IPAM_LOG_FORMAT")).isEqualTo("plain");
    assertThat(env(m, "IPAM_LOG_LEVEL")).isEqualTo("INFO");
    assertThat(env(m, "IPAM_DRIFT_INTERVAL")).isEqualTo("10m");
    assertThat(env(m, "IPAM_CLOUD_RATE_LIMIT")).as("the published limits").isEmpty();
    assertThat(env(m, "IPAM_WORKERS")).isEqualTo("100");
    assertThat(env(m, "IPAM_ROUTINE_EVENTS")).isEqualTo("false");
    assertThat(env(m, "IPAM_DRIFT_CHECK")).isEqualTo("list");
    assertThat(PodChecks.env(m.deployment()).keySet())
        .doesNotContain("IPAM_WATCH_NAMESPACES", "IPAM_LABEL_SELECTOR", "IPAM_CLUSTER_ID", "IPAM_CLOUD_ENDPOINT")
        .noneMatch(n -> n.startsWith("ALIBABA_CLOUD_"));
    assertThat(m.single(CustomResourceDefinition.class).getMetadata().getAnnotations())
        .as("uninstalling (Helm) or deleting the app (Argo CD, Flux) leaves the CRD and so every resource")
        .containsEntry("helm.sh/resource-policy", "keep")
        .containsEntry("argocd.argoproj.io/sync-options", "Prune=false,Delete=false")
        .containsEntry("kustomize.toolkit.fluxcd.io/prune", "disabled");
    assertThat(m.single(PodDisruptionBudget.class).getSpec().getMinAvailable().getIntVal()).isEqualTo(1);
    assertThat(m.single(Service.class).getSpec().getPorts()).singleElement()
        .satisfies(p -> assertThat(p.getTargetPort().getStrVal()).isEqualTo("http"));
    assertThat(m.generic("monitoring.coreos.com/v1", "ServiceMonitor")).isEmpty();
    assertThat(m.all()).extracting(HasMetadata::getKind).containsExactlyInAnyOrder("CustomResourceDefinition",
        "ServiceAccount", "ClusterRole", "ClusterRoleBinding", "Role", "RoleBinding", "Deployment", "Service",
        "PodDisruptionBudget");
  }

  static void explicitRrsa(Manifests m) {
    Map<String, EnvVar> env = PodChecks.env(m.deployment());
    assertThat(PodChecks.value(env, "ALIBABA_CLOUD_ROLE_ARN")).startsWith("acs:ram::1234567890123456:role/");
    assertThat(PodChecks.value(env, "ALIBABA_CLOUD_OIDC_PROVIDER_ARN"))
        .startsWith("acs:ram::1234567890123456:oidc-provider/");
    String tokenFile = PodChecks.value(env, "ALIBABA_CLOUD_OIDC_TOKEN_FILE");
    VolumeMount mount = container(m).getVolumeMounts().stream()
        .filter(vm -> tokenFile.startsWith(vm.getMountPath() + "/")).findFirst()
        .orElseThrow(() -> new AssertionError("no volume mounted at the token file " + tokenFile));
    assertThat(mount.getReadOnly()).isTrue();
    Volume volume = pod(m).getVolumes().stream().filter(v -> v.getName().equals(mount.getName())).findFirst()
        .orElseThrow();
    assertThat(volume.getProjected()).as("projected token volume").isNotNull();
    ServiceAccountTokenProjection token = volume.getProjected().getSources().get(0).getServiceAccountToken();
    assertThat(token.getAudience()).isEqualTo("sts.aliyuncs.com");
    assertThat(mount.getMountPath() + "/" + token.getPath()).isEqualTo(tokenFile);
    assertThat(token.getExpirationSeconds()).isEqualTo(3600L);
  }

  static void serviceMonitor(Manifests m) {
    GenericKubernetesResource monitor = single(m.generic("monitoring.coreos.com/v1", "ServiceMonitor"));
    assertThat(monitor.getMetadata().getLabels()).containsEntry("release", "kube-prometheus-stack");
    Service service = m.single(Service.class);
    Map<String, Object> spec = monitor.get("spec");
    @SuppressWarnings("unchecked")
    Map<String, String> matchLabels =
        (Map<String, String>) ((Map<String, Object>) spec.get("selector")).get("matchLabels");
    assertThat(service.getMetadata().getLabels()).as("the ServiceMonitor selects the metrics Service")
        .containsAllEntriesOf(matchLabels);
    @SuppressWarnings("unchecked")
    Map<String, Object> endpoint = ((List<Map<String, Object>>) spec.get("endpoints")).get(0);
    assertThat(endpoint).containsEntry("path", "/metrics").containsKey("interval");
    assertThat(service.getSpec().getPorts()).extracting(p -> p.getName()).contains((String) endpoint.get("port"));
    assertThat(service.getSpec().getPorts().get(0).getPort()).isEqualTo(9090);
    assertThat(spec.get("namespaceSelector")).isEqualTo(Map.of("matchNames", List.of(NAMESPACE)));
  }

  static void assertIsTheGeneratedCrd(CustomResourceDefinition rendered) {
    CustomResourceDefinition generated;
    try {
      generated = Manifests.SERIALIZATION.unmarshal(Files.readString(CRD), CustomResourceDefinition.class);
    } catch (IOException e) {
      throw new AssertionError(e);
    }
    assertThat(rendered.getMetadata().getName()).isEqualTo(generated.getMetadata().getName());
    assertThat(rendered.getSpec()).as("the rendered CRD's spec is the generated one").isEqualTo(generated.getSpec());
  }

  // --- sharding ---

  @Test
  void twoShardsCanBeInstalledSideBySide() {
    Manifests a = template("shard-a", List.of("--set", "labelSelector=ipam.alicloud.dev/shard=a"));
    Manifests b = template("shard-b",
        List.of("--set", "labelSelector=ipam.alicloud.dev/shard=b", "--set", "crds.install=false"));
    assertThat(env(a, "IPAM_LEADER_ELECTION_ID")).isEqualTo("shard-a-vpc-ipam-operator");
    assertThat(env(b, "IPAM_LEADER_ELECTION_ID")).isEqualTo("shard-b-vpc-ipam-operator");
    assertThat(env(a, "IPAM_LABEL_SELECTOR")).isEqualTo("ipam.alicloud.dev/shard=a");
    assertThat(env(b, "IPAM_LABEL_SELECTOR")).isEqualTo("ipam.alicloud.dev/shard=b");
    assertThat(b.all(CustomResourceDefinition.class)).as("the CRD belongs to one release").isEmpty();
    ExpectedRbac.assertGrantsExactly(a, NAMESPACE, "shard-a-vpc-ipam-operator",
        new ExpectedRbac.Installation(NAMESPACE, List.of(), false, true, "shard-a-vpc-ipam-operator"));
    ExpectedRbac.assertGrantsExactly(b, NAMESPACE, "shard-b-vpc-ipam-operator",
        new ExpectedRbac.Installation(NAMESPACE, List.of(), false, true, "shard-b-vpc-ipam-operator"));
    Set<String> namesA = ids(a);
    assertThat(ids(b)).as("objects of shard-b that would clash with shard-a's").doesNotContainAnyElementsOf(namesA);
    Map<String, String> podsA = a.deployment().getSpec().getSelector().getMatchLabels();
    Map<String, String> podsB = b.deployment().getSpec().getTemplate().getMetadata().getLabels();
    assertThat(podsB.entrySet().containsAll(podsA.entrySet())).as("shard-a's selector selects shard-b's pods")
        .isFalse();
  }

  private static Set<String> ids(Manifests m) {
    return m.all().stream()
        .map(o -> o.getKind() + " " + o.getMetadata().getNamespace() + "/" + o.getMetadata().getName())
        .collect(Collectors.toCollection(TreeSet::new));
  }

  // --- refused values ---

  static Stream<Arguments> refusedValues() {
    return Stream.of(
        Arguments.of(List.of("--set", "replicaCount=-1"), "replicaCount"),
        Arguments.of(List.of("--set-string", "replicaCount=two"), "replicaCount"),
        Arguments.of(List.of("--set", "logFormat=xml"), "logFormat"),
        Arguments.of(List.of("--set", "logLevel=VERBOSE"), "logLevel"),
        Arguments.of(List.of("--set", "unknownTopLevelKey=1"), "unknownTopLevelKey"),
        Arguments.of(List.of("--set", "metrics.serviceMonitor.intervall=30s"), "intervall"),
        Arguments.of(List.of("--set", "driftInterval=10 minutes"), "driftInterval"),
        Arguments.of(List.of("--set", "driftInterval=0s"), "driftInterval"),
        Arguments.of(List.of("--set", "driftCheck=watch"), "driftCheck"),
        Arguments.of(List.of("--set", "watchNamespaces={Team_A}"), "watchNamespaces"),
        Arguments.of(List.of("--set", "watchNamespaces=team-a"), "watchNamespaces"),
        Arguments.of(List.of("--set", "image.digest=sha256:abc"), "image.digest"),
        Arguments.of(List.of("--set", "image.pullPolicy=Sometimes"), "image.pullPolicy"),
        Arguments.of(List.of("--set", "clusterId=Prod_Cluster"), "clusterId"),
        Arguments.of(List.of("--set", "leaderElection.leaseName=Lease_A"), "leaderElection.leaseName"),
        Arguments.of(List.of("--set", "cloud.endpoint=vpcipam.cn-hangzhou.aliyuncs.com"), "cloud.endpoint"),
        Arguments.of(List.of("--set", "cloud.region=Hangzhou"), "cloud.region"),
        Arguments.of(List.of("--set", "cloud.vpcEndpoints=true"), "cloud.region"),
        Arguments.of(List.of("--set", "credentials.rrsa.enabled=true",
            "--set", "credentials.rrsa.roleArn=arn:aws:iam::1:role/x",
            "--set", "credentials.rrsa.oidcProviderArn=acs:ram::1:oidc-provider/x"), "credentials.rrsa.roleArn"),
        Arguments.of(List.of("--set", "podDisruptionBudget.minAvailable=half"), "podDisruptionBudget.minAvailable"),
        Arguments.of(List.of("--set-string", "cloud.rateLimit=CreateIpamPoolAllocation=fast"), "cloud.rateLimit"),
        Arguments.of(List.of("--set", "cloud.rateLimit=-5"), "cloud.rateLimit"),
        // rules between values, checked by the templates
        Arguments.of(List.of("--set", "replicaCount=2", "--set", "leaderElection.enabled=false"),
            "leaderElection.enabled"),
        Arguments.of(List.of("--set", "credentials.existingSecret.name=keys", "--set", "credentials.rrsa.enabled=true",
            "--set", "credentials.rrsa.roleName=r"), "mutually exclusive"),
        Arguments.of(List.of("--set", "credentials.rrsa.enabled=true"), "credentials.rrsa.roleName"),
        Arguments.of(List.of("--set", "credentials.rrsa.enabled=true", "--set", "credentials.rrsa.roleName=r",
            "--set", "credentials.rrsa.roleArn=acs:ram::1:role/r"), "not both"),
        Arguments.of(List.of("--set", "credentials.rrsa.enabled=true",
            "--set", "credentials.rrsa.roleArn=acs:ram::1:role/r"), "oidcProviderArn"),
        Arguments.of(List.of("--set", "metrics.serviceMonitor.enabled=true", "--set", "metrics.service.enabled=false"),
            "metrics.service.enabled"),
        Arguments.of(List.of("--set", "serviceAccount.create=false"), "serviceAccount.name"));
  }

  @ParameterizedTest(name = "{1}: {0}")
  @MethodSource("refusedValues")
  void refusesBadValues(List<String> values, String mentioned) {
    List<String> command = new ArrayList<>(List.of("template", RELEASE, CHART.toString(), "--namespace", NAMESPACE));
    command.addAll(values);
    Helm.Result result = helm.run(command);
    assertThat(result.exitCode()).as("helm %s should fail; output:\n%s", String.join(" ", command), result.stdout())
        .isNotZero();
    assertThat(result.stderr()).as("the error names the problem").contains(mentioned);
    assertThat(result.stdout()).as("nothing rendered").doesNotContain("kind: Deployment");
  }

  // --- chart files ---

  @Test
  void lintPassesStrictlyWithDefaultAndAllFeatureValues() {
    Helm.Result defaults = helm.run("lint", "--strict", CHART.toString());
    assertThat(defaults.exitCode()).as(defaults.all()).isZero();
    assertThat(defaults.stdout()).contains("1 chart(s) linted, 0 chart(s) failed");
    Helm.Result all = helm.run("lint", "--strict", CHART.toString(), "-f", ALL_FEATURES.toString());
    assertThat(all.exitCode()).as(all.all()).isZero();
    assertThat(all.stdout()).contains("1 chart(s) linted, 0 chart(s) failed");
  }

  @Test
  void chartMetadata() throws IOException {
    Map<String, Object> chart =
        Manifests.SERIALIZATION.unmarshal(Files.readString(CHART.resolve("Chart.yaml")), Map.class);
    assertThat(chart).containsEntry("apiVersion", "v2").containsEntry("name", "vpc-ipam-operator")
        .containsEntry("version", "0.1.0").containsEntry("appVersion", APP_VERSION)
        .containsEntry("type", "application");
    assertThat(CHART.resolve("crds")).as("no crds/ dir: Helm would never upgrade the CRD").doesNotExist();
    assertThat(CHART.resolve("templates/_helpers.tpl")).exists();
    assertThat(CHART.resolve("templates/NOTES.txt")).exists();
  }

  @Test
  void chartCrdIsAByteIdenticalCopyOfTheGeneratedOne() throws IOException {
    assertThat(Files.mismatch(CHART.resolve(CHART_CRD), CRD))
        .as("offset of the first byte where %s differs from %s (stale? cp %s %s)", CHART.resolve(CHART_CRD), CRD, CRD,
            CHART.resolve(CHART_CRD))
        .isEqualTo(-1L);
  }

  @Test
  void everyValueHasASchemaAndEverySchemaPropertyADefault() throws IOException {
    ObjectMapper json = new ObjectMapper();
    JsonNode schema = json.readTree(CHART.resolve("values.schema.json").toFile());
    JsonNode values = json.valueToTree(Manifests.SERIALIZATION.unmarshal(
        Files.readString(CHART.resolve("values.yaml")), Map.class));
    assertThat(schema.path("additionalProperties").asBoolean(true)).as("top level is closed").isFalse();
    List<String> problems = new ArrayList<>();
    compare(schema, values, "", problems);
    assertThat(problems).isEmpty();
    // defaults the issue fixes
    assertThat(values.at("/replicaCount").asInt()).isEqualTo(2);
    assertThat(values.at("/leaderElection/enabled").asBoolean()).isTrue();
    assertThat(values.at("/crds/install").asBoolean()).isTrue();
    assertThat(values.at("/crds/keep").asBoolean()).isTrue();
    assertThat(values.at("/watchNamespaces").isEmpty()).isTrue();
  }

  /** Closed objects of the schema and the values.yaml objects have the same keys, recursively. */
  private static void compare(JsonNode schema, JsonNode values, String path, List<String> problems) {
    JsonNode properties = schema.path("properties");
    if (!"object".equals(schema.path("type").asText()) || !properties.isObject()
        || schema.path("additionalProperties").asBoolean(true)) {
      return;
    }
    if (!values.isObject()) {
      problems.add(path + ": an object in the schema, not in values.yaml");
      return;
    }
    for (Iterator<String> it = values.fieldNames(); it.hasNext(); ) {
      String key = it.next();
      if (!properties.has(key)) {
        problems.add(path + "/" + key + ": in values.yaml, not in values.schema.json");
      }
    }
    for (Iterator<Map.Entry<String, JsonNode>> it = properties.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> property = it.next();
      if (path.isEmpty() && property.getKey().equals("global")) {
        continue;
      }
      if (!values.has(property.getKey())) {
        problems.add(path + "/" + property.getKey() + ": in values.schema.json, without a default in values.yaml");
      } else {
        compare(property.getValue(), values.get(property.getKey()), path + "/" + property.getKey(), problems);
      }
    }
  }

  // --- NOTES.txt ---

  static Stream<Arguments> notes() {
    return Stream.of(
        Arguments.of(List.of(), List.of("rollout status deployment/" + FULLNAME, "kubectl apply -f",
            "kind: IpamPoolAllocation", "docs/install.md", "get lease " + FULLNAME, "default credentials chain",
            "helm.sh/resource-policy: keep")),
        Arguments.of(List.of("--set", "credentials.rrsa.enabled=true", "--set", "credentials.rrsa.roleName=ipam-role",
            "--set", "watchNamespaces={team-a}"), List.of("ipam-role", "pod-identity.alibabacloud.com/injection=on",
            "system:serviceaccount:" + NAMESPACE + ":" + FULLNAME, "team-a")),
        Arguments.of(List.of("--set", "credentials.existingSecret.name=keys", "--set", "crds.install=false",
            "--set", "leaderElection.enabled=false", "--set", "replicaCount=1"),
            List.of("Secret \"keys\"", "crds.install=false")));
  }

  /**
   * {@code helm template} does not print NOTES.txt, and {@code helm install --dry-run} needs a cluster: a copy of
   * the chart renders it through tpl into a ConfigMap.
   */
  @ParameterizedTest
  @MethodSource("notes")
  void notesTellHowToCheckAndStart(List<String> values, List<String> expected) throws IOException {
    Path copy = home.resolve("notes-chart-" + Math.abs(values.hashCode()) + "/vpc-ipam-operator");
    copyTree(CHART, copy);
    Files.copy(CHART.resolve("templates/NOTES.txt"), copy.resolve("notes-under-test.txt"));
    Files.writeString(copy.resolve("templates/notes-under-test.yaml"), """
        apiVersion: v1
        kind: ConfigMap
        metadata:
          name: notes-under-test
        data:
          notes: {{ tpl (.Files.Get "notes-under-test.txt") . | quote }}
        """);
    List<String> command = new ArrayList<>(List.of("template", RELEASE, copy.toString(), "--namespace", NAMESPACE,
        "--show-only", "templates/notes-under-test.yaml"));
    command.addAll(values);
    Helm.Result result = helm.run(command);
    assertThat(result.exitCode()).as(result.stderr()).isZero();
    String notes = Manifests.parse(result.stdout(), "NOTES").single(ConfigMap.class).getData().get("notes");
    assertThat(notes).contains(expected).doesNotContain("<no value>");
  }

  private static void copyTree(Path from, Path to) throws IOException {
    try (Stream<Path> walk = Files.walk(from)) {
      for (Path p : walk.toList()) {
        Path target = to.resolve(from.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(target);
        } else {
          Files.copy(p, target);
        }
      }
    }
  }

  // --- helpers ---

  static PodSpec pod(Manifests m) {
    return m.deployment().getSpec().getTemplate().getSpec();
  }

  static Container container(Manifests m) {
    return pod(m).getContainers().get(0);
  }

  static String env(Manifests m, String name) {
    return PodChecks.value(PodChecks.env(m.deployment()), name);
  }

  static <T> T single(List<T> list) {
    assertThat(list).hasSize(1);
    return list.get(0);
  }
}
