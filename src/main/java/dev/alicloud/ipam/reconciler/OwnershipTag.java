package dev.alicloud.ipam.reconciler;

import dev.alicloud.ipam.api.v1alpha1.IpamPoolAllocation;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The ownership tag the operator appends to every allocation's description. Allocations carry no tags in the
 * VpcIpam API, so the description is where a lost create can be found again with List, and where adoption
 * learns that another resource or cluster already owns an allocation.
 *
 * <p>Format: {@code ipam.alicloud.dev/owner=<clusterId>:<namespace>/<name>:<uid>}. Namespace and name are for
 * people and are shortened when long; cluster id and UID decide ownership.
 */
public record OwnershipTag(String clusterId, String namespace, String name, String uid) {

  public static final String PREFIX = IpamPoolAllocation.OWNER_TAG_PREFIX;
  /** Longest tag written, separator included: leaves 128 characters of the 256 for the user's description. */
  public static final int MAX_LENGTH = 127;
  private static final Pattern TAG = Pattern.compile(
      "(?:^|\\s)" + Pattern.quote(PREFIX) + "([a-z0-9-]+):([^\\s:/]*)/([^\\s:]*):([0-9a-fA-F-]{36})\\s*$");

  /** The tag text, at most {@link #MAX_LENGTH} - 1 characters. */
  public String render() {
    String fixed = PREFIX + clusterId + ":" + ":" + uid + "/";
    int room = MAX_LENGTH - 1 - fixed.length();
    String ns = namespace;
    String n = name;
    if (ns.length() + n.length() > room) {
      int half = Math.max(0, room / 2);
      ns = ns.substring(0, Math.min(ns.length(), half));
      n = n.substring(0, Math.min(n.length(), Math.max(0, room - ns.length())));
    }
    return PREFIX + clusterId + ":" + ns + "/" + n + ":" + uid;
  }

  /** True when this tag and {@code other} name the same owner (cluster and UID). */
  public boolean sameOwner(OwnershipTag other) {
    return clusterId.equals(other.clusterId) && uid.equalsIgnoreCase(other.uid);
  }

  /**
   * True when this tag, as read from the cloud, names exactly {@code resource}: cluster id, UID, and namespace and
   * name as the tag writes them (shortened the same way when long).
   */
  public boolean names(OwnershipTag resource) {
    if (!sameOwner(resource)) {
      return false; // decides almost every comparison of a pool scan without rendering the resource's tag
    }
    OwnershipTag written = parse(resource.render()).orElse(resource);
    return namespace.equals(written.namespace) && name.equals(written.name);
  }

  /**
   * The owner as people and the take-ownership annotation name it: {@code <clusterId>:<namespace>/<name>:<uid>},
   * the tag without its prefix.
   */
  public String owner() {
    return render().substring(PREFIX.length());
  }

  /** True when the tag may hold a shortened namespace or name, so that they cannot be looked up as written. */
  public boolean mayBeShortened() {
    return render().length() >= MAX_LENGTH - 1;
  }

  /** Finds the tag at the end of a cloud description. */
  public static Optional<OwnershipTag> parse(String description) {
    if (description == null) {
      return Optional.empty();
    }
    Matcher m = TAG.matcher(description);
    if (!m.find()) {
      return Optional.empty();
    }
    return Optional.of(new OwnershipTag(m.group(1), m.group(2), m.group(3), m.group(4)));
  }

  /** The user's part of a cloud description: the tag removed. */
  public static String stripFrom(String description) {
    if (description == null) {
      return null;
    }
    Matcher m = TAG.matcher(description);
    return m.find() ? description.substring(0, m.start()).stripTrailing() : description;
  }

  /** The description to send: the user's text (or a default) followed by the tag. */
  public String appendTo(String userDescription) {
    String text = userDescription == null || userDescription.isBlank()
        ? "Managed by vpc-ipam-operator" : userDescription;
    return text + " " + render();
  }
}
