package dev.chorus.command;

/**
 * A message the bot posts periodically while chat is active.
 *
 * @param intervalSeconds at most one post per interval
 * @param minLines chat lines needed since the last post
 */
public record CommandTimer(
    String community,
    String name,
    String message,
    int intervalSeconds,
    int minLines,
    boolean enabled) {}
