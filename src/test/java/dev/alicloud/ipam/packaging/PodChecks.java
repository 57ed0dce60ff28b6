package dev.alicloud.ipam.packaging;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/** What every operator pod template must satisfy, in deploy/ and in every rendering of the chart. */
final class PodChecks {

  static final long UID = 65532L;
  static final String JAVA_TOOL_OPTIONS = "-XX:MaxRAMPercentage=75 -XX:+ExitOnOutOfMemoryError";

  /** The environment the runtime contract defines (plus the Alibaba Cloud credentials chain's variables). */
  static final Set<String> CONTRACT_ENV = Set.of("IPAM_CLUSTER_ID", "IPAM_CLOUD_ENDPOINT", "IPAM_WATCH_NAMESPACES",
      "IPAM_LABEL_SELECTOR", "IPAM_DRIFT_INTERVAL", "IPAM_DRIFT_CHECK", "IPAM_CLOUD_RATE_LIMIT", "IPAM_WORKERS",
      "IPAM_ROUTINE_EVENTS", "IPAM_LOG_LEVEL", "IPAM_LOG_FORMAT", "IPAM_LEADER_ELECTION",
      "IPAM_LEADER_ELECTION_ID", "IPAM_LEADER_ELECTION_NAMESPACE", "IPAM_HTTP_PORT", "POD_NAMESPACE", "POD_NAME",
      "JAVA_TOOL_OPTIONS", "ALIBABA_CLOUD_ACCESS_KEY_ID", "ALIBABA_CLOUD_ACCESS_KEY_SECRET",
      "ALIBABA_CLOUD_SECURITY_TOKEN", "ALIBABA_CLOUD_ROLE_ARN", "ALIBABA_CLOUD_OIDC_PROVIDER_ARN",
      "ALIBABA_CLOUD_OIDC_TOKEN_FILE", "ALIBABA_CLOUD_STS_REGION", "ALIBABA_CLOUD_VPC_ENDPOINT_ENABLED");

  /** The hardening, probes, resources, image, /tmp and downward API of every operator pod. */
  static void assertHardenedOperatorPod(Deployment deployment, Manifests manifests, Set<String> extraEnv) {
    String what = "Deployment " + deployment.getMetadata().getName();
    PodSpec pod = deployment.getSpec().getTemplate().getSpec();
    assertThat(deployment.getSpec().getSelector().getMatchLabels()).as("%s selector", what).isNotEmpty();
    assertThat(deployment.getSpec().getTemplate().getMetadata().getLabels()).as("%s pod labels", what)
        .containsAllEntriesOf(deployment.getSpec().getSelector().getMatchLabels());

    assertThat(pod.getAutomountServiceAccountToken()).as("%s automountServiceAccountToken", what).isTrue();
    String sa = pod.getServiceAccountName();
    assertThat(sa).as("%s serviceAccountName", what).isNotBlank();
    manifests.all(ServiceAccount.class).forEach(account -> assertThat(account.getAutomountServiceAccountToken())
        .as("ServiceAccount %s automountServiceAccountToken (only the operator pod mounts the token)",
            account.getMetadata().getName())
        .isFalse());

    PodSecurityContext podSecurity = pod.getSecurityContext();
    assertThat(podSecurity).as("%s pod securityContext", what).isNotNull();
    assertThat(pod.getHostNetwork()).as("hostNetwork").isNotEqualTo(Boolean.TRUE);
    assertThat(pod.getHostPID()).as("hostPID").isNotEqualTo(Boolean.TRUE);
    assertThat(pod.getHostIPC()).as("hostIPC").isNotEqualTo(Boolean.TRUE);
    assertThat(pod.getInitContainers()).as("init containers").isNullOrEmpty();
    assertThat(pod.getContainers()).as("%s containers", what).hasSize(1);
    Container c = pod.getContainers().get(0);
    SecurityContext sc = Optional.ofNullable(c.getSecurityContext()).orElseGet(SecurityContext::new);

    // effective values: the container's setting, else the pod's
    assertThat(first(sc.getRunAsNonRoot(), podSecurity.getRunAsNonRoot())).as("runAsNonRoot").isTrue();
    assertThat(first(sc.getRunAsUser(), podSecurity.getRunAsUser())).as("runAsUser").isEqualTo(UID);
    assertThat(first(sc.getRunAsGroup(), podSecurity.getRunAsGroup())).as("runAsGroup").isEqualTo(UID);
    String seccomp = first(sc.getSeccompProfile() == null ? null : sc.getSeccompProfile().getType(),
        podSecurity.getSeccompProfile() == null ? null : podSecurity.getSeccompProfile().getType());
    assertThat(seccomp).as("seccompProfile").isEqualTo("RuntimeDefault");
    assertThat(podSecurity.getSeccompProfile()).as("pod seccompProfile").isNotNull();
    assertThat(podSecurity.getSeccompProfile().getType()).as("pod seccompProfile").isEqualTo("RuntimeDefault");
    assertThat(podSecurity.getRunAsNonRoot()).as("pod runAsNonRoot").isTrue();
    assertThat(sc.getReadOnlyRootFilesystem()).as("readOnlyRootFilesystem").isTrue();
    assertThat(sc.getAllowPrivilegeEscalation()).as("allowPrivilegeEscalation").isFalse();
    assertThat(sc.getPrivileged()).as("privileged").isNotEqualTo(Boolean.TRUE);
    assertThat(sc.getCapabilities()).as("capabilities").isNotNull();
    assertThat(sc.getCapabilities().getDrop()).as("capabilities.drop").containsExactly("ALL");
    assertThat(sc.getCapabilities().getAdd()).as("capabilities.add").isNullOrEmpty();

    assertThat(c.getImage()).as("image").isNotBlank()
        .doesNotEndWith(":latest")
        .matches(".+(:[A-Za-z0-9_][A-Za-z0-9_.-]*|@sha256:[a-f0-9]{64})$");
    assertThat(c.getImage().substring(c.getImage().lastIndexOf('/') + 1)).as("image name has a tag or digest")
        .containsAnyOf(":", "@");
    assertThat(c.getArgs()).as("args").containsExactly("run");

    assertThat(c.getPorts()).as("ports").anySatisfy(p -> {
      assertThat(p.getName()).isEqualTo("http");
      assertThat(p.getContainerPort()).isEqualTo(8080);
    });
    assertHttpProbe(c.getLivenessProbe(), "/healthz", "livenessProbe");
    assertHttpProbe(c.getReadinessProbe(), "/readyz", "readinessProbe");
    if (c.getStartupProbe() != null) {
      assertHttpProbe(c.getStartupProbe(), "/healthz", "startupProbe");
    }

    assertThat(c.getResources()).as("resources").isNotNull();
    assertThat(c.getResources().getRequests()).as("resources.requests").containsKeys("cpu", "memory");
    assertThat(c.getResources().getLimits()).as("resources.limits").containsKey("memory");

    Map<String, EnvVar> env = env(c);
    assertThat(c.getEnv().stream().map(EnvVar::getName)).as("environment variable names are unique")
        .doesNotHaveDuplicates();
    assertThat(env.keySet()).as("environment variables of the runtime contract")
        .allMatch(name -> CONTRACT_ENV.contains(name) || extraEnv.contains(name));
    assertFieldRef(env, "POD_NAMESPACE", "metadata.namespace");
    assertFieldRef(env, "POD_NAME", "metadata.name");
    assertThat(value(env, "JAVA_TOOL_OPTIONS")).isEqualTo(JAVA_TOOL_OPTIONS);
    assertThat(value(env, "IPAM_HTTP_PORT")).isEqualTo("8080");
    assertThat(c.getEnvFrom()).as("envFrom (every variable is explicit)").isNullOrEmpty();

    Map<String, Volume> volumes =
        pod.getVolumes().stream().collect(Collectors.toMap(Volume::getName, Function.identity()));
    VolumeMount tmp = c.getVolumeMounts().stream().filter(m -> "/tmp".equals(m.getMountPath())).findFirst()
        .orElseThrow(() -> new AssertionError(what + ": nothing mounted on /tmp"));
    assertThat(volumes.get(tmp.getName())).as("volume on /tmp").isNotNull();
    assertThat(volumes.get(tmp.getName()).getEmptyDir()).as("/tmp is an emptyDir").isNotNull();
    assertThat(volumes.values()).as("no hostPath volume").allMatch(v -> v.getHostPath() == null);
    assertThat(c.getVolumeMounts()).as("every mount has a volume").allMatch(m -> volumes.containsKey(m.getName()));
  }

  static Map<String, EnvVar> env(Container c) {
    return c.getEnv().stream().collect(Collectors.toMap(EnvVar::getName, Function.identity(), (a, b) -> b));
  }

  static Map<String, EnvVar> env(Deployment deployment) {
    return env(deployment.getSpec().getTemplate().getSpec().getContainers().get(0));
  }

  static String value(Map<String, EnvVar> env, String name) {
    assertThat(env).as("environment").containsKey(name);
    assertThat(env.get(name).getValueFrom()).as("%s is a plain value", name).isNull();
    return env.get(name).getValue();
  }

  private static void assertFieldRef(Map<String, EnvVar> env, String name, String fieldPath) {
    assertThat(env).as("environment").containsKey(name);
    assertThat(env.get(name).getValueFrom()).as("%s from the downward API", name).isNotNull();
    assertThat(env.get(name).getValueFrom().getFieldRef()).as("%s fieldRef", name).isNotNull();
    assertThat(env.get(name).getValueFrom().getFieldRef().getFieldPath()).as("%s fieldPath", name).isEqualTo(fieldPath);
  }

  private static void assertHttpProbe(Probe probe, String path, String what) {
    assertThat(probe).as(what).isNotNull();
    assertThat(probe.getHttpGet()).as("%s httpGet", what).isNotNull();
    assertThat(probe.getHttpGet().getPath()).as("%s path", what).isEqualTo(path);
    assertThat(probe.getHttpGet().getPort().getStrVal()).as("%s port (by name)", what).isEqualTo("http");
  }

  private static <T> T first(T a, T b) {
    return a != null ? a : b;
  }

  static List<String> names(List<EnvVar> env) {
    return env.stream().map(EnvVar::getName).toList();
  }

  private PodChecks() {
  }
}
