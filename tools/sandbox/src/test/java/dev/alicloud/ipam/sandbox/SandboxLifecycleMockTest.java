package dev.alicloud.ipam.sandbox;

import dev.alicloud.ipam.simulator.world.SandboxWorld;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.alicloud.ipam.simulator.SimulatorConfig;
import dev.alicloud.ipam.simulator.VpcIpamSimulator;
import dev.alicloud.ipam.testing.SandboxRun;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/** How the sandbox starts, names itself and stops, as a person running it sees it. */
@Tag("mock")
class SandboxLifecycleMockTest {

  @TempDir
  Path dir;

  private SandboxRun run;

  @BeforeEach
  void prepare() {
    run = new SandboxRun(dir);
  }

  @Test
  void aBusyApiPortEndsTheSandboxWithOneLineNamingThePortAndTheOption() throws Exception {
    try (ServerSocket busy = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
      int exit = run.execute("--demo", "--api-port", Integer.toString(busy.getLocalPort()));

      assertThat(exit).isNotZero();
      List<String> lines = run.err().lines().toList();
      assertThat(lines).hasSize(1);
      assertThat(lines.get(0)).contains("port " + busy.getLocalPort()).contains("--api-port")
          .doesNotContain("Exception");
      assertThat(run.out()).doesNotContain("Kubernetes API   http");
    }
  }

  @Test
  void aBusySimulatorPortNamesTheSimulatorPortOption() throws Exception {
    try (ServerSocket busy = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
      int exit = run.execute("--demo", "--simulator-port", Integer.toString(busy.getLocalPort()));

      assertThat(exit).isNotZero();
      assertThat(run.err().lines().toList()).singleElement().asString()
          .contains("port " + busy.getLocalPort()).contains("--simulator-port");
    }
  }

  @Test
  void aDemoRunAndItsShutdownLogNoWarning() {
    ListAppender<ILoggingEvent> logs = new ListAppender<>();
    Logger root = ((LoggerContext) LoggerFactory.getILoggerFactory()).getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    logs.setContext(root.getLoggerContext());
    logs.start();
    root.addAppender(logs);
    try {
      int exit = run.execute("--demo", "--timeout", "30s");
      assertThat(exit).as(run.out() + run.err()).isZero();
    } finally {
      root.detachAppender(logs);
    }
    List<String> warnings = logs.list.stream()
        .filter(e -> e.getLevel().isGreaterOrEqual(Level.WARN))
        // fabric8 says once per client that v1alpha1 is not a stable version
        .filter(e -> !e.getLoggerName().endsWith("VersionUsageUtils"))
        .map(e -> e.getLevel() + " " + e.getLoggerName() + ": " + e.getFormattedMessage()
            + (e.getThrowableProxy() == null ? "" : " / " + e.getThrowableProxy().getClassName()))
        .toList();
    assertThat(warnings).as("warnings while the demo ran and the sandbox stopped").isEmpty();
    assertThat(run.err()).isEmpty();
    assertThat(run.out()).doesNotContain("could not record event").doesNotContain("Exception");
  }

  @Test
  void anotherEndpointGetsAClusterIdOfItsOwnEachRunAndNoWordAboutThePoolItWasNotSeededWith() {
    try (VpcIpamSimulator other = VpcIpamSimulator.start(SimulatorConfig.defaults())) {
      Sandbox.Settings settings = Sandbox.Settings.defaults().withKubeconfig(dir.resolve("kubeconfig"))
          .withCloudEndpoint("http://" + other.endpoint(), false);
      String first;
      try (Sandbox sandbox = Sandbox.start(settings)) {
        StringWriter banner = new StringWriter();
        Banner.print(sandbox, new PrintWriter(banner), true);
        first = sandbox.config().clusterId();
        assertThat(first).matches("sandbox-[0-9a-f]{12}");
        assertThat(banner.toString()).contains("cluster id " + first).doesNotContain(SandboxWorld.POOL);
      }
      try (Sandbox again = Sandbox.start(settings)) {
        assertThat(again.config().clusterId()).matches("sandbox-[0-9a-f]{12}").isNotEqualTo(first);
      }
    }
  }

  @Test
  void theEmbeddedSimulatorKeepsTheFixedClusterIdAndDescribesItsPool() {
    try (Sandbox sandbox = Sandbox.start(Sandbox.Settings.defaults().withKubeconfig(dir.resolve("kubeconfig")))) {
      StringWriter banner = new StringWriter();
      Banner.print(sandbox, new PrintWriter(banner), true);
      assertThat(sandbox.config().clusterId()).isEqualTo(Sandbox.CLUSTER_ID);
      assertThat(banner.toString()).contains("pool             " + SandboxWorld.POOL);
    }
  }
}
