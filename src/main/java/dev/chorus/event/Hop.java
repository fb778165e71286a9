package dev.chorus.event;

/**
 * One entry of an envelope's trace: which stage ran, how long the round trip took in microseconds,
 * and how it ended ({@code ok}, {@code skipped}, {@code retried}, {@code stopped}, {@code failed}).
 */
public record Hop(String stage, long micros, String outcome) {}
