package dev.alicloud.ipam.kubeapi;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/**
 * A parsed {@code fieldSelector} ({@code a.b=x,c!=y}) evaluated on a stored object. The CRUD mock knows only
 * {@code metadata.name} and {@code metadata.namespace}; {@code kubectl describe} lists events with
 * {@code involvedObject.name=...,involvedObject.uid=...}, which the mock answers with no event at all.
 */
final class FieldSelector {

  record Requirement(String field, boolean equal, String value) {
  }

  private final List<Requirement> requirements;

  private FieldSelector(List<Requirement> requirements) {
    this.requirements = List.copyOf(requirements);
  }

  /** Parses {@code field=value}, {@code field==value} and {@code field!=value} terms separated by commas. */
  static FieldSelector parse(String selector) {
    List<Requirement> requirements = new ArrayList<>();
    for (String term : splitUnescaped(selector, ',')) {
      if (term.isBlank()) {
        continue;
      }
      int neq = indexOfUnescaped(term, "!=");
      int eq = indexOfUnescaped(term, "=");
      if (neq >= 0 && neq < eq) {
        requirements.add(new Requirement(term.substring(0, neq).trim(), false, unescape(term.substring(neq + 2))));
      } else if (eq >= 0) {
        int valueStart = term.startsWith("==", eq) ? eq + 2 : eq + 1;
        requirements.add(new Requirement(term.substring(0, eq).trim(), true, unescape(term.substring(valueStart))));
      } else {
        throw new IllegalArgumentException("invalid field selector term: " + term);
      }
    }
    return new FieldSelector(requirements);
  }

  List<Requirement> requirements() {
    return requirements;
  }

  /** Whether the object satisfies every term; an absent field has the value "". */
  boolean matches(JsonNode object) {
    for (Requirement r : requirements) {
      boolean same = r.value().equals(fieldValue(object, r.field()));
      if (same != r.equal()) {
        return false;
      }
    }
    return true;
  }

  private static String fieldValue(JsonNode object, String field) {
    JsonNode node = object;
    for (String part : field.split("\\.")) {
      node = node == null ? null : node.get(part);
    }
    return node == null || node.isNull() ? "" : node.isValueNode() ? node.asText() : node.toString();
  }

  private static List<String> splitUnescaped(String s, char separator) {
    List<String> parts = new ArrayList<>();
    StringBuilder current = new StringBuilder();
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '\\' && i + 1 < s.length()) {
        current.append(c).append(s.charAt(++i));
      } else if (c == separator) {
        parts.add(current.toString());
        current.setLength(0);
      } else {
        current.append(c);
      }
    }
    parts.add(current.toString());
    return parts;
  }

  private static int indexOfUnescaped(String s, String token) {
    for (int i = 0; i < s.length(); i++) {
      if (s.charAt(i) == '\\') {
        i++;
      } else if (s.startsWith(token, i)) {
        return i;
      }
    }
    return -1;
  }

  private static String unescape(String s) {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '\\' && i + 1 < s.length()) {
        c = s.charAt(++i);
      }
      out.append(c);
    }
    return out.toString();
  }
}
