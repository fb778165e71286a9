package dev.chorus.command;

/**
 * A command served by an external module (any language, over the event-bus bridge): its name, what
 * it does, its policy, and the address its requests go to.
 */
public record ModuleCommand(
    String name, String description, CommandPolicy policy, String address) {}
