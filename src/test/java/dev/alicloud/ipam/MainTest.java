package dev.alicloud.ipam;

import static org.assertj.core.api.Assertions.assertThat;

import dev.alicloud.ipam.cloud.ApiQuota;
import dev.alicloud.ipam.cloud.ApiQuotas;
import dev.alicloud.ipam.config.OperatorConfig;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The command line: commands, options and the errors a user sees for bad ones. */
@Tag("unit")
class MainTest {

  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int execute(String... args) {
    CommandLine cl = Main.commandLine();
    cl.setOut(new PrintWriter(out, true));
    cl.setErr(new PrintWriter(err, true));
    return cl.execute(args);
  }

  private static OperatorConfig runConfig(String... args) {
    CommandLine cl = Main.commandLine();
    var parsed = cl.parseArgs(args);
    RunCommand run = (RunCommand) parsed.subcommand().commandSpec().userObject();
    return run.options.applyTo(OperatorConfig.defaults());
  }

  @Test
  void helpListsRunAndPointsAtTheSandbox() {
    assertThat(execute("--help")).isZero();
    assertThat(out.toString()).contains("run", "vpc-ipam-sandbox.jar --demo");
  }

  @Test
  void theToolsAreNotCommandsOfTheOperator() {
    for (String tool : new String[] {"sandbox", "simulator", "benchmark"}) {
      assertThat(execute(tool)).as(tool).isEqualTo(2);
    }
    assertThat(err.toString()).contains("Unmatched argument");
  }

  @Test
  void noCommandIsAUsageErrorThatSaysWhatToChoose() {
    assertThat(execute()).isEqualTo(2);
    assertThat(err.toString()).contains("choose a command: run");
  }

  @Test
  void runOptionsBecomeTheOperatorConfiguration() {
    OperatorConfig config = runConfig("run", "--cloud-endpoint", "http://127.0.0.1:9999", "--cluster-id", "prod-1",
        "--namespaces", "team-a, team-b", "--label-selector", "ipam.alicloud.dev/shard=a", "--drift-interval", "90s",
        "--workers", "8", "--cloud-rate-limit", "45,CreateIpamPoolAllocation=600/60s", "--routine-events", "--drift-check", "GET",
        "--adoption-settle", "30s", "--consistency-grace", "45s");

    assertThat(config.cloudEndpoint().override()).isEqualTo("http://127.0.0.1:9999");
    assertThat(config.clusterId()).isEqualTo("prod-1");
    assertThat(config.namespaces()).isEqualTo(Set.of("team-a", "team-b"));
    assertThat(config.labelSelector()).isEqualTo("ipam.alicloud.dev/shard=a");
    assertThat(config.driftInterval()).isEqualTo(Duration.ofSeconds(90));
    assertThat(config.useServerSideApply()).isTrue();
    assertThat(config.throughput().workers()).isEqualTo(8);
    assertThat(config.throughput().quotas().forAction("CreateIpamPoolAllocation")).isEqualTo(ApiQuota.of(600, 60));
    assertThat(config.throughput().quotas().forAction("ListIpamPoolAllocations")).isEqualTo(ApiQuota.of(45, 1));
    assertThat(config.routineEvents()).isTrue();
    assertThat(config.driftReads()).isEqualTo(OperatorConfig.DriftReads.GET);
    assertThat(config.adoptionSettle()).isEqualTo(Duration.ofSeconds(30));
    assertThat(config.consistencyGrace()).isEqualTo(Duration.ofSeconds(45));
  }

  @Test
  void withoutOptionsRunKeepsTheProductionDefaults() {
    OperatorConfig config = runConfig("run");
    OperatorConfig defaults = OperatorConfig.defaults();

    assertThat(config.cloudEndpoint().isOverridden()).isFalse();
    assertThat(config.namespaces()).isEmpty();
    assertThat(config.labelSelector()).isNull();
    assertThat(config.driftInterval()).isEqualTo(defaults.driftInterval());
    assertThat(config.useServerSideApply()).isTrue();
    assertThat(config.throughput()).isEqualTo(OperatorConfig.Throughput.DEFAULT);
    assertThat(config.throughput().quotas()).as("the published limits").isEqualTo(ApiQuotas.PUBLISHED);
    assertThat(config.routineEvents()).as("routine events cost two writes per lifecycle: off").isFalse();
    assertThat(config.driftReads()).isEqualTo(OperatorConfig.DriftReads.LIST);
    assertThat(config.adoptionSettle()).isEqualTo(Duration.ofSeconds(10));
    assertThat(config.consistencyGrace()).isEqualTo(Duration.ofSeconds(30));
    assertThat(runConfig("run", "--no-server-side-apply").useServerSideApply()).isFalse();
  }

  @Test
  void aBadDurationIsRejectedBeforeAnythingStarts() {
    assertThat(execute("run", "--drift-interval", "soon")).isEqualTo(2);
    assertThat(err.toString()).contains("'soon' is not a duration");
  }

  @Test
  void aBadRateLimitIsRejectedWithTheFormToWrite() {
    assertThat(execute("run", "--cloud-rate-limit", "CreateIpamPoolAllocation=fast")).isEqualTo(2);
    assertThat(err.toString()).contains("cannot read the rate limit \"CreateIpamPoolAllocation=fast\"")
        .contains("CreateIpamPoolAllocation=300/60s");
  }

  @Test
  void anUnknownDriftCheckModeIsRejectedWithTheChoices() {
    assertThat(execute("run", "--drift-check", "watch")).isEqualTo(2);
    assertThat(err.toString()).contains("expected one of [LIST, GET] (case-insensitive) but was 'watch'");
  }

  @Test
  void leaderElectionHttpAndLoggingOptionsHaveProductionDefaults() {
    RunCommand run = (RunCommand) Main.commandLine().parseArgs("run").subcommand().commandSpec().userObject();

    assertThat(run.leaderElection).isFalse();
    assertThat(run.leaseName).isEqualTo("vpc-ipam-operator");
    assertThat(run.leaseNamespace).as("no POD_NAMESPACE here: the client's namespace").isNull();
    assertThat(run.httpPort).isEqualTo(8080);
    assertThat(run.logFormat).isNull();

    RunCommand sharded = (RunCommand) Main.commandLine().parseArgs("run", "--leader-election",
        "--leader-election-id", "ipam-shard-a", "--log-format", "JSON").subcommand().commandSpec().userObject();
    assertThat(sharded.leaderElection).isTrue();
    assertThat(sharded.leaseName).isEqualTo("ipam-shard-a");
    assertThat(sharded.logFormat).isEqualTo(dev.alicloud.ipam.config.LoggingSetup.Format.json);
  }

  @Test
  void anUnknownLogFormatIsRejectedWithTheChoices() {
    assertThat(execute("run", "--log-format", "xml")).isEqualTo(2);
    assertThat(err.toString()).contains("plain").contains("json");
  }

  @Test
  void anUnknownOptionIsRejected() {
    assertThat(execute("run", "--access-key-secret", "x")).isEqualTo(2);
    assertThat(err.toString()).contains("Unknown option");
  }
}
