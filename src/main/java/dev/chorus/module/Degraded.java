package dev.chorus.module;

/**
 * A readiness check's answer for "working, but not as it should": {@code /health/ready} shows the
 * check as {@code DEGRADED} with this message and the process stays ready (HTTP 200, status {@code
 * DEGRADED}), so an orchestrator keeps sending it traffic while operators see why. Any other
 * failure of a check makes the process unready.
 */
public final class Degraded extends RuntimeException {

  public Degraded(String message) {
    super(message, null, false, false);
  }
}
