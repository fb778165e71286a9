package dev.chorus.event;

/**
 * One step of a routing slip.
 *
 * @param stage stage name; the router requests {@link Addresses#stage(String)}
 * @param optional an optional step is skipped when its stage is absent, fails or times out
 * @param timeoutMs how long the router waits for the stage's reply
 * @param retries how many times a timed-out step is retried (only for idempotent stages)
 * @param always runs even after an earlier stage stopped the slip (e.g. egress of a warning)
 */
public record Step(String stage, boolean optional, long timeoutMs, int retries, boolean always) {

  public Step {
    Checks.notBlank(stage, "step.stage");
    if (timeoutMs <= 0) {
      throw new IllegalArgumentException("step " + stage + ": timeoutMs must be positive");
    }
    if (retries < 0) {
      throw new IllegalArgumentException("step " + stage + ": retries must not be negative");
    }
  }
}
