package dev.chorus.collector.twitch;

/**
 * Which community a Twitch channel belongs to; the collector backs it with the community store's
 * channel links. Asked with the room id (stable) and the login (renamable); either may be null when
 * a line does not carry it.
 */
@FunctionalInterface
public interface TwitchChannels {

  /** The community of the channel, or null when Chorus does not serve it. */
  String communityOf(String roomId, String login);
}
