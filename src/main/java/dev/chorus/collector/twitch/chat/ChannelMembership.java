package dev.chorus.collector.twitch.chat;

import dev.chorus.collector.RateLimitedQueue;
import dev.chorus.collector.twitch.irc.IrcCommands;
import dev.chorus.collector.twitch.irc.IrcMessage;
import java.util.HashSet;
import java.util.Set;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Which channels one IRC connection should be in, is in, and is joining, and where the bot is
 * moderator or broadcaster (the higher message limit applies there). JOINs go through the rate
 * limited {@code joins} queue; a join counts as done when the server echoes the bot's own JOIN. Not
 * thread-safe: used on the collector's context.
 */
final class ChannelMembership {

  private static final Logger LOG = LoggerFactory.getLogger(ChannelMembership.class);

  private final String bot;
  private final RateLimitedQueue<String> joins;
  private final Set<String> joined = new HashSet<>();
  private final Set<String> joining = new HashSet<>();
  private final Set<String> privileged = new HashSet<>();
  private Set<String> wanted = Set.of();

  ChannelMembership(String bot, RateLimitedQueue<String> joins) {
    this.bot = bot;
    this.joins = joins;
  }

  /** The channels to be in from now on (logins). */
  void want(Set<String> logins) {
    wanted = Set.copyOf(logins);
  }

  /**
   * Queues JOINs for wanted channels not joined, and PARTs (at once, through {@code write}) joined
   * channels no longer wanted. Call while registered.
   */
  void reconcile(Consumer<String> write) {
    for (String login : wanted) {
      if (!joined.contains(login) && joining.add(login)) {
        joins.offer(login);
      }
    }
    for (String login : Set.copyOf(joined)) {
      if (!wanted.contains(login)) {
        write.accept(IrcCommands.part(login));
        joined.remove(login);
        LOG.info("Twitch chat: parted #{}", login);
      }
    }
    joins.removeIf(login -> !wanted.contains(login) && joining.remove(login));
  }

  /** A JOIN or PART line: the bot's own confirm or end a membership; others' are ignored. */
  void membership(String login, IrcMessage m, boolean join) {
    if (login == null || !bot.equalsIgnoreCase(m.nick())) {
      return; // someone else's join (membership capability)
    }
    joining.remove(login);
    if (join) {
      joined.add(login);
      if (login.equals(bot)) {
        privileged.add(login); // the bot's own channel: it is the broadcaster
      }
      LOG.info("Twitch chat: joined #{}", login);
    } else {
      joined.remove(login);
    }
  }

  /** {@code USERSTATE}: the bot's badges in a channel say whether it moderates there. */
  void userState(String login, IrcMessage m) {
    if (login == null) {
      return;
    }
    String badges = m.tag("badges");
    boolean mod =
        "1".equals(m.tag("mod"))
            || (badges != null
                && (badges.contains("moderator/") || badges.contains("broadcaster/")))
            || login.equals(bot);
    if (mod) {
      privileged.add(login);
    } else {
      privileged.remove(login);
    }
  }

  /** A channel notice answering a JOIN (e.g. {@code msg_channel_suspended}): no longer joining. */
  void refused(String login) {
    joining.remove(login);
  }

  boolean privileged(String login) {
    return privileged.contains(login);
  }

  /** The connection is gone: nothing is joined or joining any more. */
  void reset() {
    joined.clear();
    joining.clear();
    joins.clear();
  }
}
