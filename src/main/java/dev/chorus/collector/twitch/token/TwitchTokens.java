package dev.chorus.collector.twitch.token;

import io.vertx.core.Future;
import java.util.Optional;

/**
 * The OAuth tokens Chorus keeps and refreshes for Twitch accounts (the bot account, a broadcaster
 * who granted scopes, the application), by account name. Tokens are stored encrypted (AES-GCM,
 * {@code store.crypto.SecretBox}, key {@code CHORUS_SECRETS_KEY}); a database dump holds no usable
 * token. A read of a row sealed under an earlier key re-encrypts it under the current one.
 *
 * <p>Adapter: {@code token.sql.SqlTwitchTokens} on H2 and PostgreSQL; both pass {@code
 * TwitchTokensContract}.
 */
public interface TwitchTokens {

  /** Stores {@code token} for {@code account}, replacing the earlier one. */
  Future<Void> put(String account, TwitchToken token);

  /**
   * The account's token, if any.
   *
   * @return a failed future with a {@code SecretBoxException} when the stored value was altered or
   *     sealed under a key that is no longer configured
   */
  Future<Optional<TwitchToken>> get(String account);

  /** Forgets the account's token; whether there was one. */
  Future<Boolean> remove(String account);

  /**
   * Re-encrypts every token sealed under an earlier key with the current one (after a rotation,
   * before the old key is dropped). Returns how many were re-encrypted; a row that cannot be read
   * (altered, or sealed under a key no longer configured) is skipped with a warning naming its
   * account.
   */
  Future<Integer> reseal();

  /**
   * A store for a process without {@code secrets.key}: every call fails with {@code reason}, so a
   * token is never kept unencrypted.
   */
  static TwitchTokens unavailable(String reason) {
    return new TwitchTokens() {
      private <T> Future<T> refuse() {
        return Future.failedFuture(new IllegalStateException(reason));
      }

      @Override
      public Future<Void> put(String account, TwitchToken token) {
        return refuse();
      }

      @Override
      public Future<Optional<TwitchToken>> get(String account) {
        return refuse();
      }

      @Override
      public Future<Boolean> remove(String account) {
        return refuse();
      }

      @Override
      public Future<Integer> reseal() {
        return refuse();
      }
    };
  }
}
