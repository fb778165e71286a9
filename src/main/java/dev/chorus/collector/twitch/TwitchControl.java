package dev.chorus.collector.twitch;

import java.util.Map;

/**
 * IRC lines about the connection or the room rather than about the community's audience: the IRC
 * collector acts on them itself and they never become envelopes.
 */
public sealed interface TwitchControl {

  /** {@code PING}: answer {@code PONG} with the same token at once, or Twitch disconnects. */
  record Ping(String token) implements TwitchControl {}

  /** {@code RECONNECT}: Twitch is about to restart the server; reconnect and rejoin. */
  record Reconnect() implements TwitchControl {}

  /**
   * {@code ROOMSTATE}: the room's chat modes ({@code slow}, {@code followers-only}, {@code
   * emote-only}, {@code subs-only}, {@code r9k}), which the egress stage must respect. A partial
   * update carries only the modes that changed.
   */
  record RoomState(String roomId, String login, Map<String, String> modes)
      implements TwitchControl {}

  /**
   * {@code NOTICE}: a server notice, e.g. {@code msg_ratelimit}, {@code msg_banned}, or the login
   * failure (no {@code msg-id}, text "Login authentication failed").
   *
   * @param login the channel it concerns, or null for a connection-wide notice
   */
  record Notice(String login, String msgId, String text) implements TwitchControl {}
}
