package dev.alicloud.ipam.sandbox;

import dev.alicloud.ipam.api.v1alpha1.IpamPoolAllocation;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.io.PrintWriter;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Watches the IpamPoolAllocations of a namespace and prints one line per condition transition, deletion request and
 * disappearance: what a person would piece together from {@code kubectl get -w} and {@code kubectl describe}.
 */
public final class TransitionLog implements AutoCloseable {

  private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss.SSS");
  private static final List<String> TYPES = List.of("Reconciling", "Ready", "Stalled", "DryRun", "Releasable");
  private static final int MESSAGE_WIDTH = 110;

  private final PrintWriter out;
  private final Map<String, Map<String, String>> seen = new HashMap<>();
  private final Map<String, Boolean> deleting = new HashMap<>();
  private final SharedIndexInformer<IpamPoolAllocation> informer;
  private int lines;

  private TransitionLog(KubernetesClient client, String namespace, PrintWriter out) {
    this.out = out;
    this.informer = client.resources(IpamPoolAllocation.class).inNamespace(namespace)
        .inform(new ResourceEventHandler<>() {
          @Override
          public void onAdd(IpamPoolAllocation resource) {
            observe(resource);
          }

          @Override
          public void onUpdate(IpamPoolAllocation old, IpamPoolAllocation resource) {
            observe(resource);
          }

          @Override
          public void onDelete(IpamPoolAllocation resource, boolean finalStateUnknown) {
            gone(resource);
          }
        });
  }

  /** Starts watching; lines go to {@code out}. */
  public static TransitionLog start(KubernetesClient client, String namespace, PrintWriter out) {
    return new TransitionLog(client, namespace, out);
  }

  /** How many lines were printed so far. */
  public synchronized int lines() {
    return lines;
  }

  private synchronized void observe(IpamPoolAllocation r) {
    String name = r.getMetadata().getName();
    Map<String, String> last = seen.computeIfAbsent(name, n -> new HashMap<>());
    if (r.getMetadata().getDeletionTimestamp() != null && deleting.put(name, true) == null) {
      print(name, "deletion requested", "finalizers " + r.getMetadata().getFinalizers());
    }
    if (r.getStatus() == null || r.getStatus().getConditions() == null) {
      return;
    }
    for (String type : TYPES) {
      Condition c = r.getStatus().getConditions().stream().filter(x -> type.equals(x.getType())).findFirst()
          .orElse(null);
      String state = c == null ? null : c.getStatus() + "/" + c.getReason();
      if (c != null && !Objects.equals(last.get(type), state)) {
        String before = last.put(type, state);
        if (worthALine(type, c.getStatus(), before)) {
          print(name, padRight(type + "=" + c.getStatus(), 18) + padRight(c.getReason(), 40), detail(r, c));
        }
      }
    }
  }

  /** Reconciling and Stalled matter when they turn True, and when they clear after having been True. */
  private static boolean worthALine(String type, String status, String before) {
    boolean flag = "Reconciling".equals(type) || "Stalled".equals(type);
    return !flag || "True".equals(status) || (before != null && before.startsWith("True/"));
  }

  private static String detail(IpamPoolAllocation r, Condition c) {
    if ("Ready".equals(c.getType()) && "True".equals(c.getStatus()) && r.getStatus().getCidr() != null) {
      return r.getStatus().getCidr() + " (" + r.getStatus().getAllocationId() + ")";
    }
    boolean problem = ("Stalled".equals(c.getType()) && "True".equals(c.getStatus()))
        || ("Releasable".equals(c.getType()) && "False".equals(c.getStatus()))
        || "DryRun".equals(c.getType());
    if (!problem || c.getMessage() == null) {
      return "";
    }
    String m = c.getMessage().replace('\n', ' ');
    return m.length() <= MESSAGE_WIDTH ? m : m.substring(0, MESSAGE_WIDTH - 3) + "...";
  }

  private synchronized void gone(IpamPoolAllocation r) {
    seen.remove(r.getMetadata().getName());
    deleting.remove(r.getMetadata().getName());
    print(r.getMetadata().getName(), "deleted", "finalizer removed, resource gone");
  }

  private void print(String name, String what, String detail) {
    lines++;
    out.println("  " + LocalTime.now().format(TIME) + "  " + padRight(name, 16) + "  " + what
        + (detail.isEmpty() ? "" : "  " + detail));
    out.flush();
  }

  private static String padRight(String s, int width) {
    String v = s == null ? "" : s;
    return v.length() >= width ? v + " " : v + " ".repeat(width - v.length());
  }

  @Override
  public void close() {
    informer.close();
  }
}
