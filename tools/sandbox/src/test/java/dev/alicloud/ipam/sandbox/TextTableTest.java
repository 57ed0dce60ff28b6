package dev.alicloud.ipam.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("unit")
class TextTableTest {

  @Test
  void alignsColumnsLikeKubectlAndPrintsNoneForEmptyCells() {
    String table = new TextTable("NAME", "CIDR", "READY")
        .row("team-a-subnet", "10.0.1.0/24", "True")
        .row("capacity-check", null, "True")
        .render();

    assertThat(table).isEqualTo("""
        NAME             CIDR          READY
        team-a-subnet    10.0.1.0/24   True
        capacity-check   <none>        True
        """);
  }

  @Test
  void aRowOfTheWrongWidthIsRefused() {
    assertThatThrownBy(() -> new TextTable("A", "B").row("only one")).isInstanceOf(IllegalArgumentException.class);
  }
}
