package dev.alicloud.ipam.benchmark;

import dev.alicloud.ipam.api.v1alpha1.IpamPoolAllocation;
import dev.alicloud.ipam.api.v1alpha1.IpamPoolAllocationStatus;
import dev.alicloud.ipam.cloud.Allocation;
import dev.alicloud.ipam.cloud.VpcIpamClient;
import dev.alicloud.ipam.reconciler.ConditionTypes;
import dev.alicloud.ipam.reconciler.Conditions;
import dev.alicloud.ipam.simulator.SimAllocation;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ConditionBuilder;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * N Ready resources, each owning its allocation in the cloud, as if the operator had made them all, built in seconds
 * instead of the minutes N lifecycles through the CRUD mock would take. The first one really is made by the operator
 * (the template); for the others the allocation is seeded into the simulator (the next /24 of its pool) with the
 * name and description the operator gives (the template's, with its name and UID swapped), and the resource is stored
 * directly in the API with the template's status (its allocation id, CIDR and pool swapped). A fresh operator therefore finds nothing to
 * change: each pass is a plain drift check. That it writes nothing is verified by the scenarios that use this.
 */
final class ReadyPopulation {

  private ReadyPopulation() {
  }

  /**
   * Builds the population; the operator is stopped when it returns.
   *
   * @param pools pool ids, created in the simulator here; resource i uses pool i % size
   */
  static void build(BenchWorld world, String prefix, int n, List<String> pools, Duration timeout,
      Consumer<String> log) throws InterruptedException {
    pools.forEach(world::addPool);
    List<String> names = BenchWorld.names(prefix, n);

    log.accept("the operator makes the first resource (the template)");
    world.startOperator(world.config());
    world.create(BenchWorld.allocation(names.get(0), pools.get(0), 24));
    IpamPoolAllocation template = awaitReady(world, names.get(0), timeout);
    world.stopOperator();
    String templateUid = template.getMetadata().getUid();
    IpamPoolAllocationStatus templateStatus = template.getStatus();
    VpcIpamClient cloud = world.cloudClient();
    Allocation templateCloud = cloud.get(templateStatus.getAllocationId());

    log.accept("seeding " + (n - 1) + " allocations and resources");
    IpamPoolAllocation[] resources = new IpamPoolAllocation[n];
    for (int i = 1; i < n; i++) {
      String name = names.get(i);
      String pool = pools.get(i % pools.size());
      String uid = UUID.randomUUID().toString();
      SimAllocation seeded = world.simulator.state().seedAllocation(pool, block(i / pools.size()), "Custom", "",
          null, swap(templateCloud.name(), names.get(0), name),
          swap(swap(templateCloud.description(), templateUid, uid), names.get(0), name));
      IpamPoolAllocation r = world.driver.getKubernetesSerialization().clone(template);
      r.getMetadata().setName(name);
      r.getMetadata().setUid(uid);
      r.getMetadata().setResourceVersion(null);
      r.getMetadata().setManagedFields(null);
      r.getSpec().setIpamPoolId(pool);
      IpamPoolAllocationStatus status = r.getStatus();
      status.setAllocationId(seeded.allocationId());
      status.setCidr(seeded.cidr());
      status.setSourceCidr(seeded.sourceCidr());
      status.setIpamPoolId(pool);
      List<Condition> conditions = new ArrayList<>();
      for (Condition c : templateStatus.getConditions()) {
        conditions.add(new ConditionBuilder(c).withMessage(swap(swap(swap(c.getMessage(),
            templateStatus.getAllocationId(), seeded.allocationId()), templateStatus.getCidr(), seeded.cidr()),
            pools.get(0), pool)).build());
      }
      status.setConditions(conditions);
      resources[i] = r;
    }
    world.api.preload(Arrays.asList(resources).subList(1, n));
  }

  private static IpamPoolAllocation awaitReady(BenchWorld world, String name, Duration timeout)
      throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      IpamPoolAllocation r = world.get(name);
      if (r != null && r.getStatus() != null
          && Conditions.isTrue(r.getStatus().getConditions(), ConditionTypes.READY)) {
        return r;
      }
      Thread.sleep(50);
    }
    throw new IllegalStateException(name + " was not Ready after " + timeout.toSeconds() + " s");
  }

  /** The k-th /24 of 10.0.0.0/8: the operator's first {@code cidrMask: 24} in a fresh pool is block 0. */
  static String block(int k) {
    if (k < 0 || k >= 1 << 16) {
      throw new IllegalArgumentException("10.0.0.0/8 holds 65536 /24 blocks, not " + (k + 1));
    }
    return "10." + (k >> 8) + "." + (k & 0xff) + ".0/24";
  }

  private static String swap(String text, String from, String to) {
    return text == null || from == null ? text : text.replace(from, to);
  }
}
