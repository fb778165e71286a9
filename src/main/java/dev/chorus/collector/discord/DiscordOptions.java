package dev.chorus.collector.discord;

import java.time.Duration;

/**
 * Options of the Discord collector ({@code discord.*}).
 *
 * @param botToken the bot token (environment only; never logged)
 * @param publicKey the application's public key for the interactions endpoint (hex), or empty
 * @param gatewayUrl the Gateway WebSocket URL with its query ({@code ?v=10&encoding=json})
 * @param apiUrl the REST API base ({@code https://discord.com/api/v10})
 * @param intents the Gateway intents bit set
 * @param globalPerSecond REST requests per second for the bot, over every node
 */
public record DiscordOptions(
    String botToken,
    String publicKey,
    String gatewayUrl,
    String apiUrl,
    int intents,
    Duration backoffMin,
    Duration backoffMax,
    Duration journalTimeout,
    Duration refresh,
    int globalPerSecond,
    int maxOutbound,
    int maxParts) {

  /** GUILDS | GUILD_MESSAGES | MESSAGE_CONTENT. */
  public static final int DEFAULT_INTENTS = 1 | 1 << 9 | 1 << 15;

  @Override
  public String toString() {
    return "DiscordOptions[gateway=" + gatewayUrl + ", api=" + apiUrl + "]";
  }
}
