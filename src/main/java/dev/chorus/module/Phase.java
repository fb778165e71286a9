package dev.chorus.module;

/**
 * Deployment order. A phase deploys after every earlier one is up, so a collector never accepts an
 * event before the log writer, the stages and the router behind it run; stopping goes in reverse,
 * and in-flight events are drained after {@link #EDGE} stops and before {@link #ROUTING} does.
 */
public enum Phase {
  /** What everything writes to: the interaction log writer. */
  JOURNAL,
  /** Routing-slip stages and egress. */
  STAGES,
  /** The router that drives slips. */
  ROUTING,
  /** Collectors and anything else that accepts events from outside. */
  EDGE
}
