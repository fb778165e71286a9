package dev.chorus.state;

import java.time.Duration;

/**
 * The answer of a rate limit.
 *
 * @param allowed whether this acquisition was allowed (and counted)
 * @param remaining acquisitions still allowed in the current window
 * @param retryAfter when refused, how long until the oldest counted acquisition leaves the window
 */
public record RateDecision(boolean allowed, long remaining, Duration retryAfter) {}
