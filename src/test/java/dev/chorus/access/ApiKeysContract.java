package dev.chorus.access;

import static dev.chorus.store.TestServices.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chorus.store.StoreContract;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What every {@link ApiKeys} adapter must do. One subclass per adapter. */
public abstract class ApiKeysContract extends StoreContract<ApiKeys> {

  private static final SecureRandom RANDOM = new SecureRandom();

  private ApiKeys.Issued issue(Scope scope, String community) {
    return await(store.issue(scope, community, "test", RANDOM, Instant.now()));
  }

  @Test
  void aKeyIsFoundByTheHashOfItsSecretOnly() {
    ApiKeys.Issued issued = issue(Scope.OWNER, community);
    ApiKey found = await(store.byHash(ApiKeys.hash(issued.secret()))).orElseThrow();
    assertEquals(issued.key(), found);
    assertEquals(Scope.OWNER, found.scope());
    assertEquals(community, found.community());
    assertTrue(found.active());
    assertTrue(await(store.byHash(ApiKeys.hash(issued.secret() + "x"))).isEmpty());
    // The stored form: the secret is nowhere in what the store gives back.
    assertFalse(found.toJson().encode().contains(issued.secret()));
    assertTrue(issued.secret().startsWith(ApiKeys.PREFIX));
    assertEquals(47, issued.secret().length());
  }

  @Test
  void revokingKeepsTheRecordAndEndsTheKey() {
    ApiKeys.Issued issued = issue(Scope.READ, community);
    assertTrue(await(store.revoke(issued.key().id(), Instant.now())));
    assertFalse(await(store.revoke(issued.key().id(), Instant.now())), "revoked once only");
    ApiKey found = await(store.byHash(ApiKeys.hash(issued.secret()))).orElseThrow();
    assertFalse(found.active());
    assertFalse(await(store.get(issued.key().id())).orElseThrow().active());
    assertFalse(await(store.revoke("no-such-id", Instant.now())));
  }

  @Test
  void listsAreByCommunityNewestFirst() {
    ApiKeys.Issued first = issue(Scope.MODERATOR, community);
    ApiKeys.Issued second = issue(Scope.READ, community);
    issue(Scope.READ, "x" + community);
    List<ApiKey> listed = await(store.list(community));
    assertEquals(List.of(second.key().id(), first.key().id()), ids(listed));
    assertTrue(ids(await(store.list(null))).containsAll(ids(listed)));
  }

  @Test
  void adminKeysBelongToNoCommunity() {
    ApiKeys.Issued admin = issue(Scope.ADMIN, null);
    assertNull(await(store.get(admin.key().id())).orElseThrow().community());
    assertThrows(IllegalArgumentException.class, () -> issue(Scope.ADMIN, community));
    assertThrows(IllegalArgumentException.class, () -> issue(Scope.OWNER, null));
    assertThrows(IllegalArgumentException.class, () -> issue(Scope.READ, "Not A Community"));
  }

  @Test
  void twoKeysNeverShareASecret() {
    assertFalse(
        issue(Scope.READ, community).secret().equals(issue(Scope.READ, community).secret()));
  }

  private static List<String> ids(List<ApiKey> keys) {
    return keys.stream().map(ApiKey::id).toList();
  }
}
