package dev.alicloud.ipam.benchmark;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/** The benchmark's scenarios, in the order they run (startup first, while the JVM is still cold). */
public enum Scenario {
  STARTUP("startup"),
  LIFECYCLE("lifecycle"),
  DELETE_LATENCY("delete-latency"),
  CALLS("calls"),
  DRIFT("drift"),
  MEMORY("memory");

  private final String id;

  Scenario(String id) {
    this.id = id;
  }

  /** The name on the command line and in the report. */
  public String id() {
    return id;
  }

  /**
   * Parses a comma-separated list ({@code all} for every scenario), whatever the case and spacing.
   *
   * @return the scenarios in run order, each once
   * @throws IllegalArgumentException naming the unknown scenario and the valid ones
   */
  public static List<Scenario> parseList(String text) {
    Set<Scenario> chosen = EnumSet.noneOf(Scenario.class);
    for (String part : text.split(",")) {
      String name = part.trim().toLowerCase(Locale.ROOT);
      if (name.isEmpty()) {
        continue;
      }
      if (name.equals("all")) {
        chosen.addAll(EnumSet.allOf(Scenario.class));
        continue;
      }
      chosen.add(byId(name));
    }
    if (chosen.isEmpty()) {
      throw new IllegalArgumentException("no scenario chosen; valid: " + ids());
    }
    return new ArrayList<>(chosen);
  }

  static Scenario byId(String id) {
    for (Scenario s : values()) {
      if (s.id.equals(id)) {
        return s;
      }
    }
    throw new IllegalArgumentException("unknown scenario '" + id + "'; valid: " + ids());
  }

  /** Every scenario's name, comma-separated, in run order. */
  public static String ids() {
    return String.join(",", EnumSet.allOf(Scenario.class).stream().map(Scenario::id).toList());
  }
}
