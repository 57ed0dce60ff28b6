package dev.alicloud.ipam.benchmark;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.alicloud.ipam.sandbox.TextTable;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Renders results for people (a table, one row per figure, with the goal and whether it is met) and for machines
 * (one JSON object on one line).
 */
public final class Report {

  private static final ObjectMapper JSON = new ObjectMapper();

  private Report() {
  }

  /** A number as the table and the JSON show it: integers as such, others with at most 3 decimals. */
  public static String number(double value) {
    if (Double.isNaN(value) || Double.isInfinite(value)) {
      return String.valueOf(value);
    }
    if (value == Math.rint(value) && Math.abs(value) < 1e15) {
      return Long.toString((long) value);
    }
    return BigDecimal.valueOf(value).setScale(3, RoundingMode.HALF_UP).stripTrailingZeros().toPlainString();
  }

  static String cell(Object value) {
    if (value instanceof Double || value instanceof Float) {
      return number(((Number) value).doubleValue());
    }
    return String.valueOf(value);
  }

  /** One row per figure: SCENARIO, FIGURE, VALUE (with unit), GOAL, MET (yes, no or -). */
  public static String table(List<ScenarioResult> results) {
    TextTable table = new TextTable("SCENARIO", "FIGURE", "VALUE", "GOAL", "MET");
    for (ScenarioResult r : results) {
      table.row(r.name(), "status", statusText(r), "-", "-");
      for (ScenarioResult.Figure f : r.figures().values()) {
        var goal = r.goals().stream().filter(g -> g.figure().equals(f.key())).findFirst();
        String value = cell(f.value()) + (f.unit().isEmpty() ? "" : " " + f.unit());
        table.row(r.name(), f.key(), value, goal.map(ScenarioResult.Goal::describe).orElse("-"),
            goal.flatMap(r::met).map(Report::yesNo).orElse("-"));
      }
    }
    return table.render();
  }

  /** Lines like {@code lifecycle create.boundRatio = 0.45 (goal >= 0.9): goal met: no}. */
  public static List<String> goalLines(List<ScenarioResult> results) {
    List<String> lines = new ArrayList<>();
    for (ScenarioResult r : results) {
      for (ScenarioResult.Goal g : r.goals()) {
        String actual = r.figure(g.figure()).map(f -> cell(f.value())).orElse("not measured");
        lines.add(r.name() + " " + g.figure() + " = " + actual + " (goal " + g.describe() + "): goal met: "
            + r.met(g).map(Report::yesNo).orElse("unknown"));
      }
    }
    return lines;
  }

  /** The whole run as one JSON-ready map: settings and machine as given, then each scenario. */
  public static Map<String, Object> document(Map<String, Object> header, List<ScenarioResult> results) {
    Map<String, Object> doc = new LinkedHashMap<>(header);
    List<Object> scenarios = new ArrayList<>();
    for (ScenarioResult r : results) {
      Map<String, Object> s = new LinkedHashMap<>();
      s.put("name", r.name());
      s.put("status", r.status().name().toLowerCase(Locale.ROOT));
      if (r.failure() != null) {
        s.put("reason", r.failure());
      }
      s.put("seconds", round(r.seconds()));
      Map<String, Object> figures = new LinkedHashMap<>();
      r.figures().values().forEach(f -> figures.put(f.key(), jsonValue(f.value())));
      s.put("figures", figures);
      List<Object> goals = new ArrayList<>();
      for (ScenarioResult.Goal g : r.goals()) {
        Map<String, Object> goal = new LinkedHashMap<>();
        goal.put("figure", g.figure());
        goal.put("op", g.op().symbol());
        goal.put("target", jsonValue(g.target()));
        goal.put("actual", r.figure(g.figure()).map(f -> jsonValue(f.value())).orElse(null));
        goal.put("met", r.met(g).orElse(null));
        goals.add(goal);
      }
      s.put("goals", goals);
      s.put("notes", r.notes());
      scenarios.add(s);
    }
    doc.put("scenarios", scenarios);
    doc.put("ok", results.stream().noneMatch(r -> r.status() == ScenarioResult.Status.FAILED));
    return doc;
  }

  /** Compact JSON on one line. */
  public static String json(Object document) {
    try {
      return JSON.writeValueAsString(document);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot render the report as JSON", e);
    }
  }

  private static Object jsonValue(Object value) {
    if (value instanceof Double || value instanceof Float) {
      double d = ((Number) value).doubleValue();
      if (d == Math.rint(d) && Math.abs(d) < 1e15) {
        return (long) d;
      }
      return round(d);
    }
    return value;
  }

  private static Object round(double d) {
    if (Double.isNaN(d) || Double.isInfinite(d)) {
      return null;
    }
    return BigDecimal.valueOf(d).setScale(4, RoundingMode.HALF_UP).stripTrailingZeros().doubleValue();
  }

  private static String statusText(ScenarioResult r) {
    String s = r.status().name().toLowerCase(Locale.ROOT);
    return r.failure() == null ? s : s + ": " + r.failure();
  }

  private static String yesNo(boolean met) {
    return met ? "yes" : "no";
  }
}
