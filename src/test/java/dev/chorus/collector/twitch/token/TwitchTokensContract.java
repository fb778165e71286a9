package dev.chorus.collector.twitch.token;

import static dev.chorus.store.TestServices.await;
import static dev.chorus.store.TestServices.awaitFailure;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chorus.collector.twitch.token.sql.SqlTwitchTokens;
import dev.chorus.store.StoreContract;
import dev.chorus.store.crypto.SecretBox;
import dev.chorus.store.crypto.SecretBoxException;
import dev.chorus.store.sql.SqlDatabase;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * What every {@link TwitchTokens} adapter must do, reading the raw rows to show that no plain token
 * is stored. One subclass per database.
 */
public abstract class TwitchTokensContract extends StoreContract<TwitchTokens> {

  private static final String KEY = SecretBox.newKey();
  private static final String NEW_KEY = SecretBox.newKey();

  private SqlDatabase db;

  /** A fresh, migrated database. */
  protected abstract SqlDatabase database(Vertx vertx);

  @Override
  protected TwitchTokens open(Vertx vertx) {
    db = database(vertx);
    return new SqlTwitchTokens(db, SecretBox.of(KEY, List.of()));
  }

  private TwitchToken token(String tag) {
    return new TwitchToken(
        "access-" + tag + "-" + community,
        "refresh-" + tag + "-" + community,
        List.of("chat:read", "chat:edit"),
        Instant.now().plus(4, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS));
  }

  private Row raw(String account) {
    var rows =
        await(
            db.pool()
                .preparedQuery(
                    sqlFor(
                        "SELECT access_token, refresh_token, key_id FROM twitch_tokens"
                            + " WHERE account = ?"))
                .execute(Tuple.of(account)));
    return rows.iterator().next();
  }

  private void rawUpdate(String sql, Object... args) {
    await(db.pool().preparedQuery(sqlFor(sql)).execute(Tuple.from(args)));
  }

  private String sqlFor(String sql) {
    if (db.dialect() == dev.chorus.store.sql.Dialect.POSTGRESQL) {
      int n = 0;
      StringBuilder out = new StringBuilder();
      for (char c : sql.toCharArray()) {
        out.append(c == '?' ? "$" + ++n : String.valueOf(c));
      }
      return out.toString();
    }
    return sql;
  }

  @Test
  void aStoredTokenReadsBackAndIsEncryptedAtRest() {
    String account = "bot-" + community;
    assertEquals(Optional.empty(), await(store.get(account)));
    TwitchToken token = token("a");
    await(store.put(account, token));
    assertEquals(token, await(store.get(account)).orElseThrow());
    Row row = raw(account);
    for (int column = 0; column < 2; column++) {
      String stored = row.getString(column);
      assertTrue(stored.startsWith("v1."), stored);
      assertFalse(stored.contains(token.accessToken()) || stored.contains(token.refreshToken()));
      assertFalse(stored.contains(community), "not even the account shows: " + stored);
    }
    assertFalse(token.toString().contains(token.accessToken()), token.toString());
  }

  @Test
  void aRefreshReplacesTheTokenAndRemoveForgetsIt() {
    String account = "bot-" + community;
    await(store.put(account, token("first")));
    TwitchToken second = token("second");
    await(store.put(account, second));
    assertEquals(second, await(store.get(account)).orElseThrow());
    await(store.put("other-" + community, token("other")));
    assertTrue(await(store.remove(account)));
    assertEquals(Optional.empty(), await(store.get(account)));
    assertFalse(await(store.remove(account)));
    assertTrue(await(store.get("other-" + community)).isPresent());
  }

  @Test
  void anAlteredOrMovedCiphertextIsRefused() {
    String a = "a-" + community;
    String b = "b-" + community;
    await(store.put(a, token("a")));
    await(store.put(b, token("b")));
    // b's sealed access token copied into a's row: authenticates for b only.
    rawUpdate(
        "UPDATE twitch_tokens SET access_token = ? WHERE account = ?", raw(b).getString(0), a);
    Throwable moved = awaitFailure(store.get(a));
    assertInstanceOf(SecretBoxException.class, moved);
    String sealed = raw(b).getString(1);
    char last = sealed.charAt(sealed.length() - 2);
    String altered =
        sealed.substring(0, sealed.length() - 2)
            + (last == 'A' ? 'B' : 'A')
            + sealed.charAt(sealed.length() - 1);
    rawUpdate("UPDATE twitch_tokens SET refresh_token = ? WHERE account = ?", altered, b);
    Throwable tampered = awaitFailure(store.get(b));
    assertInstanceOf(SecretBoxException.class, tampered);
    assertFalse(tampered.getMessage().contains("refresh-b"), tampered.getMessage());
  }

  @Test
  void aStoreWithoutTheKeyCannotReadTheTokens() {
    String account = "bot-" + community;
    await(store.put(account, token("a")));
    TwitchTokens stranger = new SqlTwitchTokens(db, SecretBox.of(NEW_KEY, List.of()));
    Throwable e = awaitFailure(stranger.get(account));
    assertInstanceOf(SecretBoxException.class, e);
    assertTrue(e.getMessage().contains("not configured"), e.getMessage());
  }

  @Test
  void afterARotationOldTokensReadAndAreReEncryptedUnderTheNewKey() {
    String read = "read-" + community;
    String bulk = "bulk-" + community;
    TwitchToken first = token("read");
    TwitchToken second = token("bulk");
    await(store.put(read, first));
    await(store.put(bulk, second));
    String oldKeyId = raw(read).getString(2);
    SecretBox rotated = SecretBox.of(NEW_KEY, List.of(KEY));
    TwitchTokens after = new SqlTwitchTokens(db, rotated);
    assertEquals(first, await(after.get(read)).orElseThrow(), "the old key still reads");
    // the read re-encrypts in the background; reseal() catches everything else
    int resealed = await(after.reseal());
    assertTrue(resealed >= 1, "at least the untouched token was re-encrypted: " + resealed);
    assertEquals(0, await(after.reseal()), "nothing is left under the old key");
    for (String account : List.of(read, bulk)) {
      assertEquals(rotated.keyId(), raw(account).getString(2));
      assertTrue(rotated.isCurrent(raw(account).getString(0)));
      assertTrue(rotated.isCurrent(raw(account).getString(1)));
    }
    assertTrue(!oldKeyId.equals(rotated.keyId()));
    TwitchTokens newKeyOnly = new SqlTwitchTokens(db, SecretBox.of(NEW_KEY, List.of()));
    assertEquals(first, await(newKeyOnly.get(read)).orElseThrow(), "the old key can go");
    assertEquals(second, await(newKeyOnly.get(bulk)).orElseThrow());
  }
}
