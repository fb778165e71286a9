package dev.chorus.collector.twitch.chat;

import dev.chorus.state.RateDecision;
import dev.chorus.state.StateStore;
import io.vertx.core.Future;

/**
 * Twitch's limits for one bot account, as sliding windows in the state store: every node and every
 * instance sending as the account draws from the same bucket, so together they stay within it.
 *
 * <p>Messages: one window counts every PRIVMSG of the account; a message to a channel where the bot
 * is moderator or broadcaster may go while fewer than {@code privilegedMessageLimit} (100) are in
 * the window, any other only while fewer than {@code messageLimit} (20) are. This is Twitch's rule
 * that the higher limit applies only where the bot is privileged, without a second bucket that
 * could let the two together exceed the higher one.
 */
final class AccountLimits {

  /** The state store's community scope for platform-account buckets (not a real community). */
  static final String SCOPE = "_twitch";

  private final StateStore state;
  private final TwitchChatOptions options;
  private final String joinKey;
  private final String messageKey;

  AccountLimits(StateStore state, TwitchChatOptions options) {
    this.state = state;
    this.options = options;
    this.joinKey = "irc:join:" + options.login();
    this.messageKey = "irc:privmsg:" + options.login();
  }

  Future<RateDecision> join() {
    return state.tryAcquire(SCOPE, joinKey, options.joinLimit(), options.joinWindow());
  }

  Future<RateDecision> message(boolean privileged) {
    int limit = privileged ? options.privilegedMessageLimit() : options.messageLimit();
    return state.tryAcquire(SCOPE, messageKey, limit, options.messageWindow());
  }
}
