package dev.alicloud.ipam.sandbox;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import dev.alicloud.ipam.ShutdownSignal;
import dev.alicloud.ipam.config.OperatorOptions;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import org.slf4j.LoggerFactory;
import dev.alicloud.ipam.VersionProvider;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code vpc-ipam-sandbox}: the real operator with an embedded Kubernetes API and VpcIpam simulator, for a newcomer with no
 * cluster and no cloud account; {@code --demo} runs the scripted tour and exits with its verdict.
 */
@Command(name = "vpc-ipam-sandbox", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
    description = "Run the operator against an embedded Kubernetes API and VpcIpam simulator, "
        + "in one process, until interrupted; --demo runs a scripted tour and exits 0 when every check held.")
public final class SandboxCommand implements Callable<Integer> {

  @Spec
  CommandSpec spec;

  @Mixin
  OperatorOptions options;

  @Option(names = "--demo", description = "Run the scripted tour of examples/ and exit (0: every check held).")
  boolean demo;

  @Option(names = "--api-port", defaultValue = "0", paramLabel = "PORT",
      description = "Port of the embedded Kubernetes API (default: any free port).")
  int apiPort;

  @Option(names = "--simulator-port", defaultValue = "0", paramLabel = "PORT",
      description = "Port of the embedded VpcIpam simulator (default: any free port).")
  int simulatorPort;

  @Option(names = "--kubeconfig-out", defaultValue = "sandbox/kubeconfig", paramLabel = "FILE",
      description = "Where to write the kubeconfig of the embedded API (default: ${DEFAULT-VALUE}).")
  Path kubeconfig;

  @Option(names = "--seed-endpoint", negatable = true, defaultValue = "true", fallbackValue = "true",
      description = "With --cloud-endpoint and --demo: seed the demo's pool through that endpoint's simulator "
          + "admin API (default: ${DEFAULT-VALUE}).")
  boolean seedEndpoint;

  @Option(names = "--timeout", defaultValue = "60s", paramLabel = "DURATION",
      converter = dev.alicloud.ipam.config.DurationConverter.class,
      description = "How long each demo step may take (default: ${DEFAULT-VALUE}).")
  Duration timeout;

  @Option(names = {"-v", "--verbose"}, description = "Show the operator's own logs (INFO) instead of warnings only.")
  boolean verbose;

  /** Exit codes: 0 success (with --demo: every check held), 1 failure, 2 bad command line. */
  public static void main(String[] args) {
    System.exit(commandLine().execute(args));
  }

  /** The command line, for tests that run the sandbox in-process. */
  public static CommandLine commandLine() {
    return new CommandLine(new SandboxCommand()).setCaseInsensitiveEnumValuesAllowed(true);
  }

  @Override
  public Integer call() throws InterruptedException {
    PrintWriter out = spec.commandLine().getOut();
    quietLogs(verbose);
    Sandbox.Settings settings = Sandbox.Settings.defaults()
        .withPorts(apiPort, simulatorPort)
        .withKubeconfig(kubeconfig)
        .withOptions(options::applyTo);
    var endpoint = options.cloudEndpoint();
    if (endpoint.isPresent()) {
      settings = settings.withCloudEndpoint(endpoint.get().override(), demo && seedEndpoint);
    }
    ShutdownSignal signal = demo ? null : ShutdownSignal.install();
    try (Sandbox sandbox = Sandbox.start(settings)) {
      Banner.print(sandbox, out, demo);
      if (demo) {
        return new DemoTour(sandbox, out, timeout).run() ? 0 : 1;
      }
      signal.await();
      out.println("stopping the sandbox");
      return 0;
    } catch (IllegalStateException e) {
      spec.commandLine().getErr().println("sandbox: " + e.getMessage());
      return 1;
    } finally {
      if (signal != null) {
        signal.done();
      }
    }
  }

  private static void quietLogs(boolean verbose) {
    if (LoggerFactory.getILoggerFactory() instanceof ch.qos.logback.classic.LoggerContext context) {
      Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
      root.setLevel(verbose ? Level.INFO : Level.WARN);
    }
  }
}
