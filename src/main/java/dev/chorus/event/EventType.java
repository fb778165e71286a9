package dev.chorus.event;

import java.util.Set;

/**
 * The dotted, lower-case event types Chorus understands. Routes in {@code conf/routes.yaml} use
 * these names.
 */
public final class EventType {

  public static final String CHAT_MESSAGE = "chat.message";
  public static final String STREAM_FOLLOW = "stream.follow";
  public static final String STREAM_SUBSCRIPTION = "stream.subscription";
  public static final String STREAM_RAID = "stream.raid";
  public static final String STREAM_CHEER = "stream.cheer";
  public static final String REWARD_REDEMPTION = "reward.redemption";

  /** The stream went live; {@code raw.startedAt} (ISO-8601) says when. */
  public static final String STREAM_ONLINE = "stream.online";

  /** The stream ended. */
  public static final String STREAM_OFFLINE = "stream.offline";

  /** Prefix of internal events (start-up, shutdown, operator notices). */
  public static final String SYSTEM_PREFIX = "system.";

  private static final Set<String> KNOWN =
      Set.of(
          CHAT_MESSAGE,
          STREAM_FOLLOW,
          STREAM_SUBSCRIPTION,
          STREAM_RAID,
          STREAM_CHEER,
          REWARD_REDEMPTION,
          STREAM_ONLINE,
          STREAM_OFFLINE);

  private EventType() {}

  /** True for the platform event types above and any {@code system.*} type. */
  public static boolean isKnown(String type) {
    return type != null
        && (KNOWN.contains(type)
            || (type.startsWith(SYSTEM_PREFIX) && type.length() > SYSTEM_PREFIX.length()));
  }
}
