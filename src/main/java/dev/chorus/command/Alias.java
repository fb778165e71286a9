package dev.chorus.command;

/** Another name for a command, possibly with arguments ({@code so} → {@code shoutout}). */
public record Alias(String community, String alias, String target) {}
