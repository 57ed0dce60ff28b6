package dev.alicloud.ipam.benchmark;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What one scenario measured: named figures (numbers, in the order they were taken), goals on some of them, notes
 * that say how to read them, and whether the scenario ran at all. A goal that is missed does not fail the scenario;
 * only a run that could not finish (a resource stuck, a timeout) does.
 */
public final class ScenarioResult {

  /** Whether the scenario ran to its end. */
  public enum Status { OK, FAILED, SKIPPED }

  /** A comparison a figure should satisfy. */
  public enum Op {
    AT_MOST("<="), AT_LEAST(">=");

    private final String symbol;

    Op(String symbol) {
      this.symbol = symbol;
    }

    public String symbol() {
      return symbol;
    }

    boolean holds(double actual, double target) {
      return this == AT_MOST ? actual <= target : actual >= target;
    }
  }

  /**
   * One measured value.
   *
   * @param key stable name, also the JSON key (the unit is part of it: {@code seconds}, {@code Mb}, ...)
   * @param value a number, a string or a boolean
   * @param unit for the table (may be empty)
   */
  public record Figure(String key, Object value, String unit) {
    public Figure {
      Objects.requireNonNull(key, "key");
      Objects.requireNonNull(value, "value of " + key);
      unit = unit == null ? "" : unit;
    }
  }

  /** A target on a figure, e.g. {@code create.boundRatio >= 0.9}. */
  public record Goal(String figure, Op op, double target) {
    /** The goal as text, e.g. {@code >= 0.9}. */
    public String describe() {
      return op.symbol() + " " + Report.number(target);
    }
  }

  private final String name;
  private Status status = Status.OK;
  private String failure;
  private double seconds;
  private final Map<String, Figure> figures = new LinkedHashMap<>();
  private final List<Goal> goals = new ArrayList<>();
  private final List<String> notes = new ArrayList<>();

  public ScenarioResult(String name) {
    this.name = Objects.requireNonNull(name, "name");
  }

  public ScenarioResult figure(String key, Object value, String unit) {
    figures.put(key, new Figure(key, value, unit));
    return this;
  }

  public ScenarioResult figure(String key, Object value) {
    return figure(key, value, "");
  }

  /** Sets a goal on a figure; the figure may be recorded before or after. */
  public ScenarioResult goal(String figure, Op op, double target) {
    goals.add(new Goal(figure, op, target));
    return this;
  }

  public ScenarioResult note(String text) {
    notes.add(text);
    return this;
  }

  /** Marks the scenario as failed outright (the first reason is kept). */
  public ScenarioResult fail(String reason) {
    if (status != Status.FAILED) {
      status = Status.FAILED;
      failure = reason;
    }
    return this;
  }

  public ScenarioResult skip(String reason) {
    status = Status.SKIPPED;
    failure = reason;
    return this;
  }

  void seconds(double value) {
    this.seconds = value;
  }

  public String name() {
    return name;
  }

  public Status status() {
    return status;
  }

  /** Why it failed or was skipped; null when it ran. */
  public String failure() {
    return failure;
  }

  /** How long the scenario took, set-up included. */
  public double seconds() {
    return seconds;
  }

  public Map<String, Figure> figures() {
    return Collections.unmodifiableMap(figures);
  }

  public Optional<Figure> figure(String key) {
    return Optional.ofNullable(figures.get(key));
  }

  public List<Goal> goals() {
    return Collections.unmodifiableList(goals);
  }

  public List<String> notes() {
    return Collections.unmodifiableList(notes);
  }

  /** Whether a goal is met; empty when its figure was not measured (or is not a number). */
  public Optional<Boolean> met(Goal goal) {
    return figure(goal.figure()).map(Figure::value).filter(Number.class::isInstance)
        .map(v -> goal.op().holds(((Number) v).doubleValue(), goal.target()));
  }
}
