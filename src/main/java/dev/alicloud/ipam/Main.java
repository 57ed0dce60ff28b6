package dev.alicloud.ipam;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * Entry point of the operator's jar and image: {@code run}, the operator itself. The sandbox, the simulator and the
 * benchmark are tools of their own (tools/), never part of this artifact.
 */
@Command(name = "vpc-ipam-operator", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
    description = "Manages Alibaba Cloud VPC IPAM pool allocations as IpamPoolAllocation resources.",
    subcommands = {RunCommand.class},
    footer = {"", "Try it without a cluster or a cloud account:",
        "  java -jar tools/sandbox/target/vpc-ipam-sandbox.jar --demo"})
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
    throw new CommandLine.ParameterException(spec.commandLine(), "choose a command: run");
  }
}
