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
import java.util.concurrent.atomic.AtomicLong;
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

  /** How often a wait lists the namespace to catch deletions the watch did not deliver. */
  static final Duration LIST_EVERY = Duration.ofSeconds(2);

  private final Map<String, Timeline> timelines = new ConcurrentHashMap<>();
  private final KubernetesClient driver;
  private final String namespace;
  private final AtomicLong deletionsSeenByListOnly = new AtomicLong();
  private SharedIndexInformer<IpamPoolAllocation> informer;

  private AllocationTracker(KubernetesClient driver, String namespace) {
    this.driver = driver;
    this.namespace = namespace;
  }

  /** Starts watching every resource of the namespace; returns once the informer has listed them. */
  static AllocationTracker start(KubernetesClient driver, String namespace) {
    AllocationTracker tracker = new AllocationTracker(driver, namespace);
    tracker.informer = driver.resources(IpamPoolAllocation.class).inNamespace(namespace).inform(tracker, 0);
    return tracker;
  }

  /**
   * Deletions the watch never delivered (the mock API server does not replay events to a watch that reconnects
   * during a long phase): a resource that was seen and is missing from a fresh list is gone as of that list, a little
   * later than it went, so the figures can only err on the slow side.
   */
  private void catchUpDeletions() {
    var present = driver.resources(IpamPoolAllocation.class).inNamespace(namespace).list().getItems().stream()
        .map(r -> r.getMetadata().getName()).collect(java.util.stream.Collectors.toSet());
    long now = System.nanoTime();
    timelines.forEach((name, t) -> {
      if (t.addedAt != 0 && t.goneAt == 0 && !present.contains(name)) {
        t.goneAt = now;
        deletionsSeenByListOnly.incrementAndGet();
      }
    });
  }

  /** How many deletions only a list showed (their watch events were lost). */
  long deletionsSeenByListOnly() {
    return deletionsSeenByListOnly.get();
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
    return await(names, test, timeout, false);
  }

  /** {@link #await} until every named resource is gone, listing the namespace to catch deletions the watch missed. */
  boolean awaitGone(Collection<String> names, Duration timeout) throws InterruptedException {
    return await(names, Timeline::gone, timeout, true);
  }

  private boolean await(Collection<String> names, Predicate<Timeline> test, Duration timeout, boolean listDeletions)
      throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    long stuckSince = 0;
    long listedAt = System.nanoTime();
    while (System.nanoTime() < deadline) {
      if (count(names, test) == names.size()) {
        return true;
      }
      if (listDeletions && System.nanoTime() - listedAt >= LIST_EVERY.toNanos()) {
        catchUpDeletions();
        listedAt = System.nanoTime();
        continue;
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
