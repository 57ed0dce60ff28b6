package dev.alicloud.ipam.reconciler;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The ownership tag survives a round trip through a cloud description, and always fits. */
@Tag("unit")
class OwnershipTagTest {

  private static final String UID = "0f8e3c55-8d2b-4c1a-9a77-1b2c3d4e5f60";

  @Test
  void roundTripsThroughADescription() {
    var tag = new OwnershipTag("prod-eu", "team-a", "vpc-block", UID);
    String description = tag.appendTo("Team A block");

    assertThat(description).isEqualTo("Team A block ipam.alicloud.dev/owner=prod-eu:team-a/vpc-block:" + UID);
    assertThat(OwnershipTag.parse(description)).contains(tag);
    assertThat(OwnershipTag.stripFrom(description)).isEqualTo("Team A block");
  }

  @Test
  void usesADefaultTextThatStartsWithALetter() {
    String description = new OwnershipTag("c", "ns", "n", UID).appendTo(null);
    assertThat(description).startsWith("Managed by vpc-ipam-operator ");
  }

  @Test
  void shortensLongNamesButKeepsClusterAndUid() {
    var tag = new OwnershipTag("a-cluster-id-of-thirty-two-chars", "n".repeat(63), "x".repeat(253), UID);
    String rendered = tag.render();

    assertThat(rendered.length()).isLessThan(OwnershipTag.MAX_LENGTH);
    assertThat(("y".repeat(128) + " " + rendered).length()).isLessThanOrEqualTo(256);
    var parsed = OwnershipTag.parse("text " + rendered).orElseThrow();
    assertThat(parsed.sameOwner(tag)).isTrue();
  }

  @Test
  void ignoresDescriptionsWithoutATag() {
    assertThat(OwnershipTag.parse("just text")).isEmpty();
    assertThat(OwnershipTag.parse(null)).isEmpty();
    assertThat(OwnershipTag.parse("ipam.alicloud.dev/owner=bad")).isEmpty();
    assertThat(OwnershipTag.stripFrom("just text")).isEqualTo("just text");
  }

  @Test
  void ownershipIsClusterAndUid() {
    var mine = new OwnershipTag("c1", "ns", "n", UID);
    assertThat(mine.sameOwner(new OwnershipTag("c1", "other", "renamed", UID.toUpperCase()))).isTrue();
    assertThat(mine.sameOwner(new OwnershipTag("c2", "ns", "n", UID))).isFalse();
    assertThat(mine.sameOwner(new OwnershipTag("c1", "ns", "n", UID.replace('0', '1')))).isFalse();
  }

  @Test
  void namesAResourceOnlyWithItsClusterUidNamespaceAndName() {
    var resource = new OwnershipTag("c1", "team-a", "block", UID);
    var read = OwnershipTag.parse(resource.appendTo("text")).orElseThrow();

    assertThat(read.names(resource)).isTrue();
    assertThat(read.names(new OwnershipTag("c1", "team-b", "block", UID))).as("another namespace").isFalse();
    assertThat(read.names(new OwnershipTag("c1", "team-a", "other", UID))).as("another name").isFalse();
    assertThat(read.names(new OwnershipTag("c2", "team-a", "block", UID))).as("another cluster").isFalse();
  }

  @Test
  void namesALongResourceByItsShortenedTag() {
    var resource = new OwnershipTag("a-cluster-id-of-thirty-two-chars", "n".repeat(63), "x".repeat(253), UID);
    var read = OwnershipTag.parse("text " + resource.render()).orElseThrow();

    assertThat(read.names(resource)).isTrue();
    assertThat(read.mayBeShortened()).isTrue();
    assertThat(new OwnershipTag("c1", "team-a", "block", UID).mayBeShortened()).isFalse();
  }

  @Test
  void theOwnerStringIsTheTagWithoutItsPrefix() {
    assertThat(new OwnershipTag("c1", "team-a", "block", UID).owner()).isEqualTo("c1:team-a/block:" + UID);
  }
}
