package dev.chorus.collector.twitch.chat;

import java.time.Duration;
import java.util.List;

/**
 * Options of the Twitch chat collector ({@code twitch.*}).
 *
 * @param host IRC server ({@code irc.chat.twitch.tv}, or any IRC network)
 * @param tls TLS on the connection (Twitch: port 6697; plain TCP: 6667)
 * @param login the bot account's login (IRC nick)
 * @param token the bot's OAuth token (from the environment only; never logged)
 * @param capabilities what {@code CAP REQ} asks for; refused capabilities (NAK) are done without
 * @param joinLimit JOINs per {@code joinWindow} for the account (Twitch: 20 per 10 s)
 * @param messageLimit PRIVMSGs per {@code messageWindow} for the account (Twitch: 20 per 30 s)
 * @param privilegedMessageLimit the same where the bot is moderator or broadcaster (100)
 * @param maxOutbound replies waiting for the rate limit; more are dropped and logged
 * @param maxParts a long reply becomes at most this many messages
 * @param refresh how often the channel links are read again (joins and parts follow)
 * @param ping how long the connection may be silent before Chorus pings; twice that, it reconnects
 * @param leaseTtl how long a channel lease lasts without renewal ({@code ZERO}: no leases, every
 *     instance joins every channel)
 * @param trustPath a PEM file of the certificates a TLS connection trusts instead of the JDK's
 *     trust store (a private CA, a TLS-intercepting proxy, a test peer); empty: the JDK's
 * @param transport {@value #TCP} (IRC at {@code host:port}) or {@value #WEBSOCKET} (the same lines
 *     over {@code websocketUrl})
 */
public record TwitchChatOptions(
    String host,
    int port,
    boolean tls,
    String login,
    String token,
    List<String> capabilities,
    Duration backoffMin,
    Duration backoffMax,
    int joinLimit,
    Duration joinWindow,
    int messageLimit,
    int privilegedMessageLimit,
    Duration messageWindow,
    int maxOutbound,
    int maxParts,
    Duration refresh,
    Duration ping,
    Duration journalTimeout,
    Duration leaseTtl,
    String trustPath,
    String transport,
    String websocketUrl) {

  public static final String TCP = "tcp";
  public static final String WEBSOCKET = "websocket";

  /** Twitch's IRC-over-WebSocket endpoint. */
  public static final String TWITCH_WEBSOCKET = "wss://irc-ws.chat.twitch.tv:443";

  public TwitchChatOptions {
    trustPath = trustPath == null ? "" : trustPath;
    transport = transport == null || transport.isEmpty() ? TCP : transport;
    websocketUrl = websocketUrl == null || websocketUrl.isEmpty() ? TWITCH_WEBSOCKET : websocketUrl;
    if (!TCP.equals(transport) && !WEBSOCKET.equals(transport)) {
      throw new IllegalArgumentException("transport must be tcp or websocket");
    }
  }

  /** Whether the lines go over a WebSocket. */
  public boolean websocket() {
    return WEBSOCKET.equals(transport);
  }

  /** The same options over the WebSocket at {@code url}. */
  public TwitchChatOptions overWebSocket(String url) {
    return new TwitchChatOptions(
        host,
        port,
        tls,
        login,
        token,
        capabilities,
        backoffMin,
        backoffMax,
        joinLimit,
        joinWindow,
        messageLimit,
        privilegedMessageLimit,
        messageWindow,
        maxOutbound,
        maxParts,
        refresh,
        ping,
        journalTimeout,
        leaseTtl,
        trustPath,
        WEBSOCKET,
        url);
  }

  /** Options trusting the JDK's certificate authorities. */
  public TwitchChatOptions(
      String host,
      int port,
      boolean tls,
      String login,
      String token,
      List<String> capabilities,
      Duration backoffMin,
      Duration backoffMax,
      int joinLimit,
      Duration joinWindow,
      int messageLimit,
      int privilegedMessageLimit,
      Duration messageWindow,
      int maxOutbound,
      int maxParts,
      Duration refresh,
      Duration ping,
      Duration journalTimeout,
      Duration leaseTtl) {
    this(
        host,
        port,
        tls,
        login,
        token,
        capabilities,
        backoffMin,
        backoffMax,
        joinLimit,
        joinWindow,
        messageLimit,
        privilegedMessageLimit,
        messageWindow,
        maxOutbound,
        maxParts,
        refresh,
        ping,
        journalTimeout,
        leaseTtl,
        "",
        TCP,
        "");
  }

  /** The same options trusting the certificates in the PEM file {@code path}. */
  public TwitchChatOptions withTrust(String path) {
    return new TwitchChatOptions(
        host,
        port,
        tls,
        login,
        token,
        capabilities,
        backoffMin,
        backoffMax,
        joinLimit,
        joinWindow,
        messageLimit,
        privilegedMessageLimit,
        messageWindow,
        maxOutbound,
        maxParts,
        refresh,
        ping,
        journalTimeout,
        leaseTtl,
        path,
        transport,
        websocketUrl);
  }

  /** The capabilities Chorus asks Twitch for. */
  public static final List<String> TWITCH_CAPABILITIES =
      List.of("twitch.tv/tags", "twitch.tv/commands", "twitch.tv/membership");

  /** Never prints the token. */
  @Override
  public String toString() {
    return "TwitchChatOptions["
        + login
        + "@"
        + (websocket() ? websocketUrl : host + ":" + port + (tls ? " tls" : ""))
        + "]";
  }
}
