package dev.chorus.collector.twitch.chat;

import io.vertx.core.Future;

/**
 * Where the chat connection gets its OAuth token: the fixed {@code CHORUS_TWITCH_TOKEN}, or the
 * refreshed and encrypted one ({@code token.TwitchTokenRefresher}) when a refresh token is set.
 */
public interface ChatToken {

  /** The token to log in with now. */
  Future<String> current();

  /** The server refused the last token: the next {@link #current} should be a new one. */
  void refused();

  /** A token that never changes. */
  static ChatToken fixed(String token) {
    return new ChatToken() {
      @Override
      public Future<String> current() {
        return Future.succeededFuture(token);
      }

      @Override
      public void refused() {}
    };
  }
}
