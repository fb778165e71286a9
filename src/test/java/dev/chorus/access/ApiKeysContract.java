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

  @Test
  void aChatKeyKeepsItsSignInNameAndLevel() {
    ApiKeys.Issued chat =
        await(
            store.issue(
                Scope.CHAT, community, "stream pc", "Streamer", "owner", RANDOM, Instant.now()));
    ApiKey found = await(store.byHash(ApiKeys.hash(chat.secret()))).orElseThrow();
    assertEquals(chat.key(), found);
    assertEquals("Streamer", found.name());
    assertEquals("owner", found.level());
    assertEquals(Scope.CHAT, found.scope());
    assertEquals("Streamer", found.toJson().getString("name"));
    assertFalse(found.toJson().encode().contains(chat.secret()));
    ApiKeys.Issued overlay = issue(Scope.OVERLAY, community);
    ApiKey feed = await(store.get(overlay.key().id())).orElseThrow();
    assertNull(feed.name());
    assertNull(feed.level());
    assertEquals(List.of(overlay.key().id(), chat.key().id()), ids(await(store.list(community))));
    assertTrue(await(store.revoke(chat.key().id(), Instant.now())));
    assertFalse(await(store.byHash(ApiKeys.hash(chat.secret()))).orElseThrow().active());
  }

  @Test
  void chatAndOverlayKeysAreCheckedBeforeTheyAreStored() {
    Instant now = Instant.now();
    // A chat key needs a valid name and level; no other key takes either.
    for (String[] bad :
        new String[][] {
          {null, "owner"},
          {"", "owner"},
          {"\u200b", "owner"},
          {"a b", "owner"},
          {"x".repeat(33), "owner"},
          {"Streamer", null},
          {"Streamer", "god"}
        }) {
      assertThrows(
          IllegalArgumentException.class,
          () -> await(store.issue(Scope.CHAT, community, "", bad[0], bad[1], RANDOM, now)),
          String.join(",", java.util.Arrays.asList(bad)));
    }
    assertThrows(
        IllegalArgumentException.class,
        () -> await(store.issue(Scope.CHAT, null, "", "Streamer", "owner", RANDOM, now)));
    assertThrows(
        IllegalArgumentException.class,
        () -> await(store.issue(Scope.OVERLAY, null, "", null, null, RANDOM, now)));
    assertThrows(
        IllegalArgumentException.class,
        () -> await(store.issue(Scope.OVERLAY, community, "", "Streamer", "owner", RANDOM, now)));
    assertThrows(
        IllegalArgumentException.class,
        () -> await(store.issue(Scope.READ, community, "", "Streamer", null, RANDOM, now)));
    assertEquals(List.of(), await(store.list(community)), "nothing refused was stored");
  }

  @Test
  void chatAndOverlayScopesCoverNoAdminScopeAndNoneCoversThem() {
    for (Scope sign : List.of(Scope.CHAT, Scope.OVERLAY)) {
      assertFalse(sign.api());
      assertTrue(sign.covers(sign));
      for (Scope other : Scope.values()) {
        if (other != sign) {
          assertFalse(sign.covers(other), sign + " covers " + other);
          assertFalse(other.covers(sign), other + " covers " + sign);
        }
      }
      Principal p = new Principal("k", sign, community, null);
      for (Scope api : List.of(Scope.ADMIN, Scope.OWNER, Scope.MODERATOR, Scope.READ)) {
        assertFalse(p.allows(api, community), sign + " allows " + api);
        assertFalse(p.allows(api, null), sign + " allows " + api + " on its own community");
      }
    }
  }

  private static List<String> ids(List<ApiKey> keys) {
    return keys.stream().map(ApiKey::id).toList();
  }
}
