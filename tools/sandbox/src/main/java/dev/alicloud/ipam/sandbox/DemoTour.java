package dev.alicloud.ipam.sandbox;

import dev.alicloud.ipam.simulator.world.SandboxWorld;

import dev.alicloud.ipam.kubeapi.HumanDuration;

import dev.alicloud.ipam.api.v1alpha1.DeletionPolicy;
import dev.alicloud.ipam.api.v1alpha1.IpamPoolAllocation;
import dev.alicloud.ipam.cloud.Allocation;
import dev.alicloud.ipam.reconciler.Conditions;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * The scripted tour of {@code sandbox --demo}: applies the {@code examples/}, shows the tables a user would see,
 * dry-runs a release, releases for real, shows a refusal, and checks every step against the cloud; the first check
 * that fails ends the tour with its reason.
 */
public final class DemoTour {

  /** The examples the tour applies first; each says in its comments what it leads to. */
  public static final List<String> FIRST_EXAMPLES = List.of("01-cidr-mask.yaml", "02-fixed-cidr.yaml",
      "03-adopt-existing.yaml", "04-dry-run.yaml");
  public static final String REFUSAL_EXAMPLE = "07-adopt-vpc-allocation.yaml";

  /** A check of the tour that did not hold. */
  public static final class DemoFailure extends RuntimeException {
    DemoFailure(String message) {
      super(message);
    }
  }

  private final Sandbox sandbox;
  private final KubernetesClient client;
  private final PrintWriter out;
  private final Duration timeout;
  private int checks;
  private int step;

  public DemoTour(Sandbox sandbox, PrintWriter out, Duration timeout) {
    this.sandbox = sandbox;
    this.client = sandbox.client();
    this.out = out;
    this.timeout = timeout;
  }

  /** Runs the tour; true when every check held. Never throws for a failed check: it says what failed. */
  public boolean run() {
    long started = System.nanoTime();
    try (TransitionLog log = TransitionLog.start(client, Sandbox.NAMESPACE, out)) {
      applyExamples();
      showTables();
      dryRunRelease();
      releaseForReal();
      showRefusal();
      cleanUp();
      out.printf("%nDemo passed: %d checks in %.1f s, %d transitions. Nothing leaked: the pool holds only the "
          + "VPC's block.%n", checks, (System.nanoTime() - started) / 1e9, log.lines());
      return true;
    } catch (DemoFailure e) {
      out.println();
      out.println("DEMO FAILED at step " + step + ": " + e.getMessage());
      return false;
    } catch (RuntimeException e) {
      out.println();
      out.println("DEMO FAILED at step " + step + " with an error: " + e);
      return false;
    }
  }

  private void applyExamples() {
    heading("Apply the examples: a /24 from the pool, a fixed /16, a block reserved by hand, a dry run");
    List<ExampleManifest> examples = FIRST_EXAMPLES.stream().map(ExampleManifest::load).toList();
    for (ExampleManifest example : examples) {
      command("kubectl apply -f examples/" + example.fileName());
      example.apply(client);
    }
    for (ExampleManifest example : examples) {
      String name = example.allocationName(client);
      for (ExampleManifest.Expectation e : example.expectations()) {
        awaitCondition(name, e.type(), e.status(), e.reason());
      }
    }
  }

  private void showTables() {
    heading("What kubectl and the cloud show");
    command("kubectl get ipa");
    // the columns kubectl prints, in the CRD's order
    TextTable table = new TextTable("NAME", "READY", "REASON", "CIDR", "POOL", "AGE");
    java.time.Instant now = java.time.Instant.now();
    allocations().forEach(r -> {
      Optional<Condition> ready = Conditions.find(r.getStatus().getConditions(), "Ready");
      table.row(r.getMetadata().getName(), ready.map(Condition::getStatus).orElse(null),
          ready.map(Condition::getReason).orElse(null), r.getStatus().getCidr(), r.getSpec().getIpamPoolId(),
          HumanDuration.since(r.getMetadata().getCreationTimestamp(), now));
    });
    out.print(indent(table.render()));
    out.flush();
    check(table.size() == FIRST_EXAMPLES.size(), "kubectl get ipa lists the " + FIRST_EXAMPLES.size()
        + " examples");
    showCloud();
  }

  private void dryRunRelease() {
    String name = "team-a-subnet";
    heading("Dry-run the release of " + name + ": the cloud is asked, nothing is released, the finalizer stays");
    String allocationId = get(name).getStatus().getAllocationId();
    patch(name, "{\"dryRun\":true}");
    command("kubectl delete ipa " + name + " --wait=false");
    resource(name).delete();
    IpamPoolAllocation held = awaitResource(name, r -> r.getMetadata().getDeletionTimestamp() != null
        && hasCondition(r, "DryRun", "True", "DryRunOperation"), "DryRun=True/DryRunOperation while deleting");
    check(held.getMetadata().getFinalizers().contains(IpamPoolAllocation.FINALIZER),
        "the finalizer " + IpamPoolAllocation.FINALIZER + " is kept");
    check(cloudIds().contains(allocationId), allocationId + " still exists in the cloud");
    Condition dryRun = Conditions.find(held.getStatus().getConditions(), "DryRun").orElseThrow();
    out.println("    DryRun: " + dryRun.getReason() + ": " + dryRun.getMessage());
  }

  private void releaseForReal() {
    String name = "team-a-subnet";
    heading("Release it for real: dryRun back to false, the operator calls DeleteIpamPoolAllocation");
    String allocationId = get(name).getStatus().getAllocationId();
    patch(name, "{\"dryRun\":false}");
    awaitGone(name);
    check(!cloudIds().contains(allocationId), allocationId + " is gone from the cloud");
    showCloud();
  }

  private void showRefusal() {
    ExampleManifest example = ExampleManifest.load(REFUSAL_EXAMPLE);
    String name = example.allocationName(client);
    heading("A refusal: adopt the block a VPC holds, then try to delete it");
    command("kubectl apply -f examples/" + example.fileName());
    example.apply(client);
    for (ExampleManifest.Expectation e : example.expectations()) {
      awaitCondition(name, e.type(), e.status(), e.reason());
    }
    command("kubectl delete ipa " + name + " --wait=false");
    resource(name).delete();
    String reason = example.onDelete().stalledReason();
    IpamPoolAllocation stalled = awaitCondition(name, "Stalled", "True", reason);
    check(stalled.getMetadata().getFinalizers().contains(IpamPoolAllocation.FINALIZER),
        "the finalizer is kept: the VPC's block still exists");
    out.println("    Stalled: " + reason + ": "
        + Conditions.find(stalled.getStatus().getConditions(), "Stalled").orElseThrow().getMessage());
    out.println("    status.lastError.code: " + stalled.getStatus().getLastError().getCode());
    patch(name, "{\"deletionPolicy\":\"" + DeletionPolicy.Orphan + "\"}");
    awaitGone(name);
    check(cloudIds().contains(SandboxWorld.VPC_ALLOCATION), "the VPC's block is left alone in the cloud");
  }

  private void cleanUp() {
    heading("Delete the rest: each allocation is released before its resource goes");
    for (IpamPoolAllocation r : allocations()) {
      command("kubectl delete ipa " + r.getMetadata().getName());
      resource(r.getMetadata().getName()).delete();
    }
    for (IpamPoolAllocation r : allocations()) {
      awaitGone(r.getMetadata().getName());
    }
    showCloud();
    check(cloudIds().equals(List.of(SandboxWorld.VPC_ALLOCATION)), "the pool holds only the VPC's block");
  }

  private void showCloud() {
    command("aliyun vpcipam ListIpamPoolAllocations --IpamPoolId " + SandboxWorld.POOL);
    TextTable table = new TextTable("ALLOCATION", "CIDR", "TYPE", "NAME");
    cloudAllocations().forEach(a -> table.row(a.allocationId(), a.cidr(), a.resourceType(), a.name()));
    out.print(indent(table.render()));
    out.flush();
  }

  // ---------------------------------------------------------------- helpers

  private List<Allocation> cloudAllocations() {
    return sandbox.cloudClient().listAll(SandboxWorld.POOL).stream().filter(a -> !a.isDeleted())
        .sorted(Comparator.comparing(Allocation::cidr)).toList();
  }

  private List<String> cloudIds() {
    return cloudAllocations().stream().map(Allocation::allocationId).toList();
  }

  private List<IpamPoolAllocation> allocations() {
    return client.resources(IpamPoolAllocation.class).inNamespace(Sandbox.NAMESPACE).list().getItems().stream()
        .sorted(Comparator.comparing(r -> r.getMetadata().getName())).toList();
  }

  private Resource<IpamPoolAllocation> resource(String name) {
    return client.resources(IpamPoolAllocation.class).inNamespace(Sandbox.NAMESPACE).withName(name);
  }

  private IpamPoolAllocation get(String name) {
    return resource(name).get();
  }

  /** Like {@code kubectl patch --type merge}: no resourceVersion, so it never conflicts with the operator. */
  private void patch(String name, String spec) {
    command("kubectl patch ipa " + name + " --type merge -p '{\"spec\":" + spec + "}'");
    resource(name).patch(PatchContext.of(PatchType.JSON_MERGE), "{\"spec\":" + spec + "}");
  }

  private static boolean hasCondition(IpamPoolAllocation r, String type, String status, String reason) {
    return r.getStatus() != null && Conditions.find(r.getStatus().getConditions(), type)
        .filter(c -> status.equals(c.getStatus()) && reason.equals(c.getReason())).isPresent();
  }

  private IpamPoolAllocation awaitCondition(String name, String type, String status, String reason) {
    return awaitResource(name, r -> hasCondition(r, type, status, reason), type + "=" + status + "/" + reason);
  }

  private IpamPoolAllocation awaitResource(String name, Predicate<IpamPoolAllocation> test, String what) {
    long deadline = System.nanoTime() + timeout.toNanos();
    IpamPoolAllocation last = null;
    while (System.nanoTime() < deadline) {
      last = get(name);
      if (last != null && test.test(last)) {
        checks++;
        return last;
      }
      pause();
    }
    throw new DemoFailure(name + " did not reach " + what + " within " + timeout.toSeconds() + " s; last status: "
        + (last == null ? "resource gone" : last.getStatus()));
  }

  private void awaitGone(String name) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      if (get(name) == null) {
        checks++;
        return;
      }
      pause();
    }
    throw new DemoFailure(name + " was not gone within " + timeout.toSeconds() + " s; last status: "
        + get(name).getStatus());
  }

  private void check(boolean holds, String what) {
    if (!holds) {
      throw new DemoFailure("expected: " + what);
    }
    checks++;
    out.println("    ok: " + what);
  }

  private static void pause() {
    try {
      Thread.sleep(50);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new DemoFailure("interrupted");
    }
  }

  private void heading(String text) {
    step++;
    out.printf("%n%d. %s%n", step, text);
  }

  private void command(String text) {
    out.println("  $ " + text);
  }

  private static String indent(String block) {
    return block.lines().map(l -> "    " + l).reduce("", (a, b) -> a + b + "\n");
  }
}
