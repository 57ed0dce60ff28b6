package dev.alicloud.ipam.simulator;

import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code vpc-ipam-simulator}: the VpcIpam simulator alone, empty, for an operator started elsewhere ({@code run} or
 * {@code sandbox --cloud-endpoint}) or for poking at the API with the aliyun CLI. State and faults are set through
 * its unsigned {@code /_admin/} API.
 */
@Command(name = "vpc-ipam-simulator", mixinStandardHelpOptions = true,
    description = "Run the VpcIpam simulator alone until interrupted; seed it through its /_admin/ API.")
public final class SimulatorCommand implements Callable<Integer> {

  @Spec
  CommandSpec spec;

  @Option(names = "--host", defaultValue = "127.0.0.1",
      description = "Address to bind (default: ${DEFAULT-VALUE}; the admin API is unauthenticated, keep it local).")
  String host;

  @Option(names = "--port", defaultValue = "8443", description = "Port to bind (default: ${DEFAULT-VALUE}).")
  int port;

  /** Exit codes: 0 stopped, 1 failure, 2 bad command line. */
  public static void main(String[] args) {
    System.exit(new CommandLine(new SimulatorCommand()).execute(args));
  }

  @Override
  public Integer call() throws InterruptedException {
    VpcIpamSimulator simulator = VpcIpamSimulator.start(SimulatorConfig.defaults().withHost(host).withPort(port));
    // stops with the JVM (Ctrl-C, SIGTERM): the hook closes the server, the main thread waits for ever until then
    Runtime.getRuntime().addShutdownHook(new Thread(simulator::close, "simulator-shutdown"));
    var out = spec.commandLine().getOut();
    out.println("VpcIpam simulator on http://" + simulator.endpoint() + " (empty)");
    out.println("  seed it:  curl -X POST 'http://" + simulator.endpoint()
        + "/_admin/pools?poolId=ipam-pool-mine01&regionId=cn-hangzhou&cidrs=10.0.0.0/8&minMask=16&maxMask=28'");
    out.println("            curl -X POST 'http://" + simulator.endpoint()
        + "/_admin/access-keys?accessKeyId=...&accessKeySecret=...'");
    out.println("  state:    curl http://" + simulator.endpoint() + "/_admin/state");
    out.flush();
    Thread.currentThread().join();
    return 0;
  }
}
