package dev.alicloud.ipam.sandbox;

import dev.alicloud.ipam.simulator.world.SandboxWorld;

import static org.assertj.core.api.Assertions.assertThat;

import dev.alicloud.ipam.simulator.SimulatorConfig;
import dev.alicloud.ipam.simulator.VpcIpamSimulator;
import dev.alicloud.ipam.testing.SandboxRun;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code sandbox --demo} run in-process, as the README's first command runs it. */
@Tag("mock")
class SandboxDemoMockTest {

  @TempDir
  Path dir;

  private SandboxRun run;

  @BeforeEach
  void prepare() {
    run = new SandboxRun(dir);
  }

  @Test
  void theDemoTourPassesEveryCheckAndPrintsWhatAPersonReads() throws Exception {
    int exit = run.execute("--demo", "--timeout", "30s");

    String text = run.out();
    assertThat(exit).as(text + run.err()).isZero();
    assertThat(text)
        .contains("Demo passed")
        .containsPattern("NAME\\s+READY\\s+REASON\\s+CIDR\\s+POOL\\s+AGE")
        .contains("10.20.0.0/16", "10.1.0.0/16")
        .contains("DryRun=True", "DryRunOperation")
        .contains("Stalled=True", "OperationDeniedResourceTypeIsNotCustom")
        .contains("status.lastError.code: OperationDenied.ResourceTypeIsNotCustom")
        .contains("ok: the finalizer ipam.alicloud.dev/release is kept")
        .contains("ok: the pool holds only the VPC's block")
        .doesNotContain("DEMO FAILED")
        .doesNotContain(SandboxWorld.OPERATOR_KEY_SECRET);
    assertThat(text.lines().filter(l -> l.contains("team-a-subnet") && l.contains("Ready=True")
        && l.contains("Allocated"))).as("one line per transition").hasSize(1);
    String apiUrl = io.fabric8.kubernetes.client.Config.fromKubeconfig(Files.readString(dir.resolve("kubeconfig")))
        .getMasterUrl();
    assertThat(text).as("the banner names the API the kubeconfig points at")
        .contains("Kubernetes API   " + apiUrl.replaceAll("/$", ""))
        .containsPattern("metrics http://127\\.0\\.0\\.1:\\d+/metrics");
  }

  @Test
  void theDemoRunsAgainstAnotherSimulatorGivenByCloudEndpointWithTheDefaultCredentialsChain() throws Exception {
    try (VpcIpamSimulator other = VpcIpamSimulator.start(SimulatorConfig.defaults())) {
      System.setProperty("alibabacloud.accessKeyId", SandboxWorld.OPERATOR_KEY_ID);
      System.setProperty("alibabacloud.accessKeySecret", SandboxWorld.OPERATOR_KEY_SECRET);
      int exit;
      try {
        exit = run.execute("--demo", "--timeout", "30s", "--cloud-endpoint", "http://" + other.endpoint());
      } finally {
        System.clearProperty("alibabacloud.accessKeyId");
        System.clearProperty("alibabacloud.accessKeySecret");
      }

      assertThat(exit).as(run.out() + run.err()).isZero();
      assertThat(run.out()).contains("VpcIpam          http://" + other.endpoint()).contains("Demo passed");
      assertThat(other.calls().count("CreateIpamPoolAllocation")).as("the other endpoint did the work").isPositive();
      assertThat(other.state().allocations(SandboxWorld.POOL)).extracting(a -> a.allocationId())
          .containsExactly(SandboxWorld.VPC_ALLOCATION);
    }
  }

  @Test
  void theDemoAgainstAnEndpointWithoutAdminApiFailsAndSaysWhatToDoInstead() throws Exception {
    int freePort;
    try (ServerSocket s = new ServerSocket(0)) {
      freePort = s.getLocalPort();
    }

    int exit = run.execute("--demo", "--cloud-endpoint", "http://127.0.0.1:" + freePort);

    assertThat(exit).isEqualTo(1);
    assertThat(run.err()).contains("/_admin/ API").contains("without --cloud-endpoint");
  }
}
