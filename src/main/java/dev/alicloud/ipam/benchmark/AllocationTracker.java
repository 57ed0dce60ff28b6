package dev.alicloud.ipam.benchmark;

import dev.alicloud.ipam.api.v1alpha1.IpamPoolAllocation;
import dev.alicloud.ipam.reconciler.ConditionTypes;
import dev.alicloud.ipam.reconciler.Conditions;
import dev.alicloud.ipam.reconciler.Reasons;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;
import java.util.function.ToLongFunction;

/**
 * The driver's view of the resources: an informer of its own (on the driver's client, so none of it counts as the
 * operator's calls) that stamps, per resource, when it was first Ready, whether it was ever Stalled or throttled, when
 * the operator first changed it and when it was gone.
 */
final class AllocationTracker implements ResourceEventHandler<IpamPoolAllocation>, AutoCloseable {

  /** One resource's history, as {@link System#nanoTime()} stamps (0: not yet). */
  static final class Timeline {
    volatile long addedAt;
    volatile String firstResourceVersion;
    volatile long firstChangeAt;
    volatile long readyAt;
    volatile long goneAt;
    volatile boolean stalledEver;
    volatile boolean stalledNow;
    volatile boolean throttledEver;
    volatile String lastReason;

    boolean ready() {
      return readyAt != 0;
    }

    boolean gone() {
      return goneAt != 0;
    }
  }

  private final Map<String, Timeline> timelines = new ConcurrentHashMap<>();
  private SharedIndexInformer<IpamPoolAllocation> informer;

  /** Starts watching every resource of the namespace; returns once the informer has listed them. */
  static AllocationTracker start(KubernetesClient driver, String namespace) {
    AllocationTracker tracker = new AllocationTracker();
    tracker.informer = driver.resources(IpamPoolAllocation.class).inNamespace(namespace).inform(tracker, 0);
    return tracker;
  }

  Timeline timeline(String name) {
    return timelines.computeIfAbsent(name, k -> new Timeline());
  }

  @Override
  public void onAdd(IpamPoolAllocation r) {
    Timeline t = timeline(r.getMetadata().getName());
    if (t.addedAt == 0) {
      t.addedAt = System.nanoTime();
      t.firstResourceVersion = r.getMetadata().getResourceVersion();
    }
    observe(t, r);
  }

  @Override
  public void onUpdate(IpamPoolAllocation old, IpamPoolAllocation r) {
    observe(timeline(r.getMetadata().getName()), r);
  }

  @Override
  public void onDelete(IpamPoolAllocation r, boolean deletedFinalStateUnknown) {
    Timeline t = timeline(r.getMetadata().getName());
    if (t.goneAt == 0) {
      t.goneAt = System.nanoTime();
    }
  }

  private static void observe(Timeline t, IpamPoolAllocation r) {
    long now = System.nanoTime();
    if (t.firstChangeAt == 0 && t.firstResourceVersion != null
        && !t.firstResourceVersion.equals(r.getMetadata().getResourceVersion())) {
      t.firstChangeAt = now;
    }
    if (r.getStatus() == null) {
      return;
    }
    List<Condition> conditions = r.getStatus().getConditions();
    boolean stalled = Conditions.isTrue(conditions, ConditionTypes.STALLED);
    t.stalledNow = stalled;
    t.stalledEver |= stalled;
    var reconciling = Conditions.find(conditions, ConditionTypes.RECONCILING);
    if (reconciling.filter(c -> "True".equals(c.getStatus()) && Reasons.THROTTLED.equals(c.getReason()))
        .isPresent()) {
      t.throttledEver = true;
    }
    var ready = Conditions.find(conditions, ConditionTypes.READY);
    ready.ifPresent(c -> t.lastReason = c.getReason());
    if (t.readyAt == 0 && ready.filter(c -> "True".equals(c.getStatus())).isPresent()) {
      t.readyAt = now;
    }
  }

  /** How long every resource that has not passed must have stayed Stalled before a wait gives up on them. */
  static final Duration STALLED_FOR = Duration.ofSeconds(5);

  /**
   * Polls until every named resource passes {@code test}; false on timeout, or earlier when every resource that has
   * not passed has been Stalled for {@link #STALLED_FOR} (a Stalled resource is retried after minutes, not seconds).
   */
  boolean await(Collection<String> names, Predicate<Timeline> test, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    long stuckSince = 0;
    while (System.nanoTime() < deadline) {
      if (count(names, test) == names.size()) {
        return true;
      }
      boolean stuck = names.stream().map(this::timeline).allMatch(t -> test.test(t) || t.stalledNow);
      long now = System.nanoTime();
      stuckSince = stuck ? (stuckSince == 0 ? now : stuckSince) : 0;
      if (stuckSince != 0 && now - stuckSince >= STALLED_FOR.toNanos()) {
        return false;
      }
      Thread.sleep(25);
    }
    return count(names, test) == names.size();
  }

  long count(Collection<String> names, Predicate<Timeline> test) {
    return names.stream().filter(n -> test.test(timeline(n))).count();
  }

  /** The latest stamp among the named resources (e.g. when the last became Ready). */
  long latest(Collection<String> names, ToLongFunction<Timeline> stamp) {
    return names.stream().mapToLong(n -> stamp.applyAsLong(timeline(n))).max().orElse(0);
  }

  @Override
  public void close() {
    if (informer != null) {
      informer.close();
    }
  }
}
