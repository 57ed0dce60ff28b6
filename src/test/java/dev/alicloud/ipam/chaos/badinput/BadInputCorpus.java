package dev.alicloud.ipam.chaos.badinput;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * The bad-input corpus ({@code chaos/badinput/corpus.yaml}): what each entry is and what the system does with it.
 * The field meanings are documented at the top of the YAML file. SnakeYAML is used directly (not Jackson) because it
 * keeps YAML's escapes ({@code \0}, {@code \U0001F600}), anchors and exact scalar types.
 */
final class BadInputCorpus {

  static final String RESOURCE = "chaos/badinput/corpus.yaml";
  static final Set<String> EXPECTS = Set.of("admission", "stalled", "accepted", "accepted-gap");
  static final Set<String> OPERATOR_EXPECTS = Set.of("stalled", "accepted", "accepted-gap");
  static final Set<String> DELETIONS = Set.of("clean", "orphan-needed");
  static final Set<String> STATES = Set.of("Stalled", "Ready", "Reconciling");
  private static final Set<String> ENTRY_KEYS = Set.of("name", "category", "why", "spec", "secret", "update", "expect",
      "state", "reason", "messageContains", "mutatingCalls", "deletion", "operator", "gap");
  private static final Set<String> OPERATOR_KEYS = Set.of("expect", "state", "reason", "messageContains",
      "mutatingCalls", "deletion", "gap");
  private static final Pattern REPEAT = Pattern.compile("\\$\\{repeat:(.+?):(\\d+)}", Pattern.DOTALL);

  private BadInputCorpus() {
  }

  /** What should happen to an object (the entry's own expectation, or the operator's for an admission entry). */
  record Expectation(String expect, String state, String reason, String messageContains, int mutatingCalls,
      String deletion, String gap) {
  }

  /**
   * One corpus entry.
   *
   * @param spec null for an object without spec
   * @param operator for admission entries: what the operator does when admission is skipped; otherwise the same as
   *     {@link #outcome()}
   */
  record Entry(String name, String category, String why, Map<String, Object> spec, Map<String, Object> secret,
      Map<String, Object> update, String expect, String messageContains, Expectation outcome, Expectation operator,
      String gap) {

    boolean isAdmission() {
      return "admission".equals(expect);
    }

    /** The expectation for the object written straight to the API server. */
    Expectation live() {
      return isAdmission() ? operator : outcome;
    }

    @Override
    public String toString() {
      return name;
    }
  }

  static List<Entry> load() {
    try (InputStream in = BadInputCorpus.class.getClassLoader().getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException("missing test resource " + RESOURCE);
      }
      Map<String, Object> root = new Yaml(new SafeConstructor(new LoaderOptions())).load(in);
      List<Entry> entries = new ArrayList<>();
      for (Object raw : list(root.get("entries"))) {
        entries.add(entry(map(raw)));
      }
      return entries;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Entry entry(Map<String, Object> m) {
    String name = text(m, "name");
    check(ENTRY_KEYS.containsAll(m.keySet()), name + ": unknown keys " + m.keySet());
    String expect = text(m, "expect");
    check(EXPECTS.contains(expect), name + ": expect must be one of " + EXPECTS);
    Expectation outcome = null;
    Expectation operator = null;
    if ("admission".equals(expect)) {
      check(m.get("operator") != null, name + ": an admission entry says what the operator does without admission");
      Map<String, Object> o = map(m.get("operator"));
      check(OPERATOR_KEYS.containsAll(o.keySet()), name + ": unknown operator keys " + o.keySet());
      operator = expectation(name, o, text(o, "expect"));
      check(OPERATOR_EXPECTS.contains(operator.expect()), name + ": operator.expect must be one of " + OPERATOR_EXPECTS);
    } else {
      check(m.get("operator") == null, name + ": operator is only for admission entries");
      outcome = expectation(name, m, expect);
    }
    return new Entry(name, text(m, "category"), text(m, "why"), expand(nullableMap(m.get("spec"))),
        expand(nullableMap(m.get("secret"))), expand(nullableMap(m.get("update"))), expect,
        (String) m.get("messageContains"), outcome, operator, (String) m.get("gap"));
  }

  private static Expectation expectation(String name, Map<String, Object> m, String expect) {
    String state = (String) m.getOrDefault("state", "stalled".equals(expect) ? "Stalled" : null);
    String deletion = (String) m.getOrDefault("deletion", "clean");
    int mutating = ((Number) m.getOrDefault("mutatingCalls", 0)).intValue();
    String gap = (String) m.get("gap");
    check(DELETIONS.contains(deletion), name + ": deletion must be one of " + DELETIONS);
    check(state != null && STATES.contains(state), name + ": state must be one of " + STATES);
    check(m.get("reason") != null && m.get("messageContains") != null, name + ": reason and messageContains needed");
    check(!"stalled".equals(expect) || "Stalled".equals(state), name + ": a stalled expectation has state Stalled");
    check(!"accepted-gap".equals(expect) || gap != null,
        name + ": a gap must say what is wrong and what should stop it");
    return new Expectation(expect, state, (String) m.get("reason"), (String) m.get("messageContains"), mutating,
        deletion, gap);
  }

  /** Replaces {@code ${repeat:TEXT:N}} in every string of a YAML tree. */
  @SuppressWarnings("unchecked")
  static <T> T expand(T node) {
    if (node instanceof Map<?, ?> map) {
      Map<String, Object> out = new LinkedHashMap<>();
      map.forEach((k, v) -> out.put((String) k, expand(v)));
      return (T) out;
    }
    if (node instanceof List<?> list) {
      return (T) list.stream().map(BadInputCorpus::expand).toList();
    }
    if (node instanceof String s) {
      Matcher m = REPEAT.matcher(s);
      StringBuilder out = new StringBuilder();
      while (m.find()) {
        m.appendReplacement(out, Matcher.quoteReplacement(m.group(1).repeat(Integer.parseInt(m.group(2)))));
      }
      m.appendTail(out);
      return (T) out.toString();
    }
    return node;
  }

  private static String text(Map<String, Object> m, String key) {
    Object v = m.get(key);
    check(v instanceof String s && !s.isBlank(), "corpus entry " + m.get("name") + ": " + key + " is required");
    return (String) v;
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> map(Object o) {
    check(o instanceof Map, "expected a mapping: " + o);
    return (Map<String, Object>) o;
  }

  private static Map<String, Object> nullableMap(Object o) {
    return o == null ? null : map(o);
  }

  private static List<?> list(Object o) {
    check(o instanceof List, "expected a list: " + o);
    return (List<?>) o;
  }

  private static void check(boolean ok, String message) {
    if (!ok) {
      throw new IllegalStateException("bad corpus: " + message);
    }
  }
}
