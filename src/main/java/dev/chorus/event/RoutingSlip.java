package dev.chorus.event;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.ArrayList;
import java.util.List;

/**
 * The steps an envelope still has to run, first step first. Immutable: every operation returns a
 * new slip. On the wire a slip is a JSON array of steps.
 */
public record RoutingSlip(List<Step> steps) {

  public static final RoutingSlip EMPTY = new RoutingSlip(List.of());

  @JsonCreator
  public RoutingSlip {
    steps = steps == null ? List.of() : List.copyOf(steps);
  }

  @JsonValue
  public List<Step> steps() {
    return steps;
  }

  public boolean isDone() {
    return steps.isEmpty();
  }

  /** The next step; only valid when not {@link #isDone()}. */
  public Step head() {
    return steps.get(0);
  }

  /** This slip without its first step. */
  public RoutingSlip rest() {
    return steps.size() <= 1 ? EMPTY : new RoutingSlip(steps.subList(1, steps.size()));
  }

  /** The slip after a stage stopped it: only the steps marked {@code always} remain. */
  public RoutingSlip stopped() {
    List<Step> remaining = new ArrayList<>();
    for (Step step : steps) {
      if (step.always()) {
        remaining.add(step);
      }
    }
    return remaining.size() == steps.size() ? this : new RoutingSlip(remaining);
  }
}
