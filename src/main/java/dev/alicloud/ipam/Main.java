package dev.alicloud.ipam;

import dev.alicloud.ipam.benchmark.BenchmarkCommand;
import dev.alicloud.ipam.sandbox.SandboxCommand;
import dev.alicloud.ipam.simulator.SimulatorCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * Entry point of the operator's jar: {@code run} in a cluster, {@code sandbox} on a laptop with nothing installed,
 * {@code simulator} for a stand-alone VpcIpam endpoint to point either at.
 */
@Command(name = "vpc-ipam-operator", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
    description = "Manages Alibaba Cloud VPC IPAM pool allocations as IpamPoolAllocation resources.",
    subcommands = {RunCommand.class, SandboxCommand.class, SimulatorCommand.class, BenchmarkCommand.class},
    footer = {"", "Try it without a cluster or a cloud account:",
        "  java -jar target/vpc-ipam-operator.jar sandbox --demo"})
public final class Main implements Runnable {

  @Spec
  CommandSpec spec;

  /** Exit codes: 0 success, 1 failure, 2 bad command line. */
  public static void main(String[] args) {
    System.exit(commandLine().execute(args));
  }

  /** The command line with its subcommands, for tests that run a command in-process. */
  public static CommandLine commandLine() {
    return new CommandLine(new Main()).setCaseInsensitiveEnumValuesAllowed(true);
  }

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "choose a command: run, sandbox or simulator");
  }
}
