package dev.alicloud.ipam.sandbox;

import dev.alicloud.ipam.simulator.world.SandboxWorld;

import dev.alicloud.ipam.config.OperatorConfig;
import java.io.PrintWriter;

/** What the sandbox prints on start: where everything listens and how to poke at it with kubectl and curl. */
final class Banner {

  private Banner() {
  }

  static void print(Sandbox sandbox, PrintWriter out, boolean demo) {
    OperatorConfig config = sandbox.config();
    out.println("vpc-ipam-operator sandbox: the real operator, an embedded Kubernetes API and a VpcIpam "
        + (sandbox.simulator().isPresent() ? "simulator" : "endpoint") + ", in one process");
    out.println("  Kubernetes API   " + sandbox.apiUrl() + "   (CRD ipampoolallocations.ipam.alicloud.dev installed)");
    out.println("  kubeconfig       " + sandbox.kubeconfig().toAbsolutePath());
    out.println("  VpcIpam          " + config.cloudEndpoint().override()
        + (sandbox.simulator().isPresent() ? "   (simulator, admin API under /_admin/)" : ""));
    if (sandbox.worldSeeded()) {
      out.println("  pool             " + SandboxWorld.describePool());
    }
    out.println("  operator         cluster id " + config.clusterId()
        + (sandbox.simulator().isPresent() ? "" : " (new each run)") + ", drift check every "
        + config.driftInterval().toSeconds() + " s, metrics " + sandbox.operatorUrl() + "/metrics");
    if (demo) {
      out.flush();
      return;
    }
    String kc = "export KUBECONFIG=" + sandbox.kubeconfig().toAbsolutePath();
    out.println();
    out.println("Try, in another terminal (kubectl 1.2x; the embedded API refuses what the CRD refuses, as a cluster"
        + " does):");
    out.println("  " + kc);
    out.println("  kubectl get ipa -w        # in a terminal of its own: each change as it happens");
    out.println("  kubectl apply -f examples/01-cidr-mask.yaml");
    out.println("  kubectl wait --for=condition=Ready ipa/team-a-subnet --timeout=30s");
    out.println("  kubectl get ipa -o wide");
    out.println("  kubectl describe ipa team-a-subnet");
    out.println("  kubectl delete ipa team-a-subnet");
    sandbox.simulator().ifPresent(sim -> {
      String admin = "http://" + sim.endpoint() + "/_admin";
      out.println("Look at, or break, the cloud side:");
      out.println("  curl -s " + admin + "/state                       # pools, allocations, keys");
      out.println("  curl -s -X POST '" + admin + "/faults?throttleRate=0.5'   # throttle half the calls");
      out.println("  curl -s -X POST " + admin + "/reset-faults");
    });
    out.println("Ctrl-C stops everything; nothing is kept.");
    out.flush();
  }
}
