package dev.chorus.community;

/**
 * A platform channel (Twitch channel, Discord server channel, Slack channel, web room) joined to a
 * community.
 */
public record ChannelLink(
    String community, String platform, String channelId, String channelName) {}
