package dev.alicloud.ipam.testing;

import dev.alicloud.ipam.sandbox.SandboxCommand;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import picocli.CommandLine;

/** Runs the sandbox command in-process, as a person runs it, and keeps what it printed. */
public final class SandboxRun {

  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();
  private final Path kubeconfig;

  /** @param dir where the sandbox writes its kubeconfig */
  public SandboxRun(Path dir) {
    this.kubeconfig = dir.resolve("kubeconfig");
  }

  /** {@code vpc-ipam-sandbox --kubeconfig-out <dir>/kubeconfig <args>}; returns the exit code. */
  public int execute(String... args) {
    CommandLine cl = SandboxCommand.commandLine();
    cl.setOut(new PrintWriter(out, true));
    cl.setErr(new PrintWriter(err, true));
    String[] all = new String[args.length + 2];
    all[0] = "--kubeconfig-out";
    all[1] = kubeconfig.toString();
    System.arraycopy(args, 0, all, 2, args.length);
    return cl.execute(all);
  }

  /** What it printed to stdout so far. */
  public String out() {
    return out.toString();
  }

  /** What it printed to stderr so far. */
  public String err() {
    return err.toString();
  }
}
