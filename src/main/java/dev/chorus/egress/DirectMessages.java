package dev.chorus.egress;

import static net.logstash.logback.argument.StructuredArguments.kv;

import dev.chorus.event.Envelope;
import dev.chorus.event.Platforms;
import dev.chorus.event.Reply;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Direct-message replies (channel {@code dm:<platform user id>}, decision 043) made deliverable
 * before they are journaled, so the log shows where a reply really went:
 *
 * <ul>
 *   <li><b>Slack</b>: the channel becomes the user id; {@code chat.postMessage} with a user id
 *       posts in the app's direct-message conversation with that user.
 *   <li><b>Discord</b>: kept as {@code dm:<user id>}; the Discord collector opens the bot's DM
 *       channel with the user and posts there.
 *   <li><b>Twitch, the web chat</b> and any other platform: said in the channel of the event
 *       instead, with a log line giving the reason (Twitch chat over IRC has no direct messages,
 *       whispers need a separate Helix scope; the web chat has none).
 * </ul>
 */
final class DirectMessages {

  private static final Logger LOG = LoggerFactory.getLogger(DirectMessages.class);

  /** Channel prefix of a direct-message reply. */
  static final String PREFIX = "dm:";

  /** Why a platform's direct messages are said in the channel instead. */
  static final Map<String, String> NOT_DELIVERED =
      Map.of(
          Platforms.TWITCH,
          "Twitch chat has no direct messages (whispers need the Helix user:manage:whispers scope)",
          Platforms.WEB,
          "the web chat has no direct messages");

  private DirectMessages() {}

  /** {@code event} with its direct-message replies addressed as their platforms deliver them. */
  static Envelope resolve(Envelope event) {
    List<Reply> replies = event.replies();
    List<Reply> out = null;
    for (int i = 0; i < replies.size(); i++) {
      Reply r = replies.get(i);
      if (!r.channel().startsWith(PREFIX)) {
        continue;
      }
      if (out == null) {
        out = new ArrayList<>(replies);
      }
      out.set(i, resolve(event, r));
    }
    return out == null ? event : withReplies(event, out);
  }

  private static Reply resolve(Envelope event, Reply r) {
    String user = r.channel().substring(PREFIX.length());
    if (Platforms.SLACK.equals(r.platform()) && user.matches("[UW][A-Z0-9]{2,20}")) {
      return with(r, user);
    }
    if (Platforms.DISCORD.equals(r.platform()) && user.matches("[0-9]{1,20}")) {
      return r; // the collector opens the DM channel (DiscordReplies)
    }
    String why =
        user.isEmpty()
                || Platforms.SLACK.equals(r.platform())
                || Platforms.DISCORD.equals(r.platform())
            ? "not a user id: '" + user + "'"
            : NOT_DELIVERED.getOrDefault(r.platform(), r.platform() + " has no direct messages");
    boolean sameRoom = r.platform().equals(event.platform()) && event.channel() != null;
    if (!sameRoom) {
      LOG.warn(
          "{}: direct reply {} on {} dropped: {}, and no channel to fall back to",
          kv("eventId", event.id()),
          r.id(),
          r.platform(),
          why);
      return null;
    }
    LOG.info(
        "{}: direct reply {} said in channel {} instead: {}",
        kv("eventId", event.id()),
        r.id(),
        event.channel().id(),
        why);
    return with(r, event.channel().id());
  }

  private static Reply with(Reply r, String channel) {
    return new Reply(r.id(), r.inReplyTo(), r.platform(), channel, r.text(), r.stage());
  }

  private static Envelope withReplies(Envelope e, List<Reply> replies) {
    return e.withReplies(replies.stream().filter(java.util.Objects::nonNull).toList());
  }
}
