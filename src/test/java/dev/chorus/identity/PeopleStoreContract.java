package dev.chorus.identity;

import static dev.chorus.store.TestServices.await;
import static dev.chorus.store.TestServices.awaitFailure;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chorus.event.Ids;
import dev.chorus.event.PermissionLevel;
import dev.chorus.identity.sql.SqlIdentityStore;
import dev.chorus.store.Races;
import io.vertx.core.Vertx;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * People beyond first sight: name history, nickname/pronouns/grant, merges (atomic, race-safe),
 * unlinking, the audit trail, and web-chat tokens. Part of every adapter's contract.
 */
public abstract class PeopleStoreContract extends IdentityStoreContract {

  private Person person(String platform, String id, String name) {
    return await(store.resolve(community, platform, id, name.toLowerCase(), name));
  }

  private Set<String> accountOwners(String... ids) {
    return java.util.Arrays.stream(ids)
        .map(id -> await(store.find(community, id.split(":")[0], id.split(":")[1])))
        .map(p -> p.orElseThrow().id())
        .collect(Collectors.toSet());
  }

  @Test
  void renamesAreKeptAsHistoryNeverAsKeys() {
    Person bob = person("twitch", "42", "Bob");
    person("twitch", "42", "Bob");
    Person robert = person("twitch", "42", "Robert");
    assertEquals(bob.id(), robert.id());
    List<NameChange> names = await(store.names(community, "twitch", "42"));
    assertEquals(List.of("Bob", "Robert"), names.stream().map(NameChange::displayName).toList());
  }

  @Test
  void nicknamePronounsAndGrantAreSetAndCleared() {
    Person ann = person("web", "ann", "Ann");
    assertEquals("Annie", await(store.setNickname(community, ann.id(), "Annie")).nickname());
    assertEquals("she/her", await(store.setPronouns(community, ann.id(), "she/her")).pronouns());
    assertEquals(
        PermissionLevel.MODERATOR,
        await(store.grant(community, ann.id(), PermissionLevel.MODERATOR)).granted());
    Person found = await(other.find(community, "web", "ann")).orElseThrow();
    assertEquals("Annie", found.nickname());
    assertEquals("she/her", found.pronouns());
    assertEquals(PermissionLevel.MODERATOR, found.granted());
    assertNull(await(store.setNickname(community, ann.id(), null)).nickname());
    assertInstanceOf(
        UnknownPersonException.class, awaitFailure(store.setNickname(community, Ids.next(), "x")));
    assertInstanceOf(
        UnknownPersonException.class,
        awaitFailure(store.setNickname("other-" + community, ann.id(), "x")),
        "a person belongs to one community");
  }

  @Test
  void aMergeMovesEveryAccountKeepsTheOldIdAddressableAndIsAudited() {
    Person twitch = person("twitch", "1", "Cat");
    Person discord = person("discord", "9", "CatD");
    person("slack", "U9", "CatS");
    await(store.merge(community, discord.id(), person("slack", "U9", "CatS").id(), "admin"));
    await(store.setPronouns(community, discord.id(), "they/them"));
    await(store.grant(community, twitch.id(), PermissionLevel.VIP));

    MergeResult result = await(store.merge(community, twitch.id(), discord.id(), "person:x"));

    assertEquals(2, result.moved().size());
    assertEquals(Set.of(twitch.id()), accountOwners("twitch:1", "discord:9", "slack:U9"));
    assertEquals("they/them", result.into().pronouns(), "what the survivor lacked is taken over");
    assertEquals(PermissionLevel.VIP, result.into().granted());
    assertEquals(
        twitch.id(),
        await(store.person(community, discord.id())).orElseThrow().id(),
        "a merged id leads to the survivor");
    assertEquals(3, await(store.accounts(community, twitch.id())).size());
    List<AuditEntry> audit = await(store.audit(community, twitch.id()));
    assertEquals("merge", audit.get(audit.size() - 1).action());
    assertEquals(discord.id(), audit.get(audit.size() - 1).otherPersonId());
    assertEquals("person:x", audit.get(audit.size() - 1).actor());
    assertInstanceOf(
        IllegalArgumentException.class,
        awaitFailure(store.merge(community, twitch.id(), twitch.id(), "admin")));
  }

  @Test
  void aMergeThatFailsBetweenStepsLeavesEveryAccountWhereItWas() {
    org.junit.jupiter.api.Assumptions.assumeTrue(store instanceof SqlIdentityStore);
    SqlIdentityStore sql = (SqlIdentityStore) store;
    Person a = person("twitch", "100", "Ada");
    Person b = person("discord", "200", "AdaD");
    person("slack", "300", "AdaS");
    await(
        store.merge(
            community, b.id(), await(store.find(community, "slack", "300")).get().id(), "admin"));
    String takenAuditId = await(store.audit(community, b.id())).get(0).id();

    // The audit row is the last step: the accounts have moved when it fails.
    awaitFailure(sql.merge(community, a.id(), b.id(), "admin", takenAuditId));

    assertEquals(Set.of(a.id()), accountOwners("twitch:100"));
    assertEquals(Set.of(b.id()), accountOwners("discord:200", "slack:300"));
    assertEquals(b.id(), await(store.person(community, b.id())).orElseThrow().id());
    // and the same merge, completed, moves both together
    await(store.merge(community, a.id(), b.id(), "admin"));
    assertEquals(Set.of(a.id()), accountOwners("twitch:100", "discord:200", "slack:300"));
  }

  @Test
  void opposingConcurrentMergesFromTwoInstancesLeaveOnePerson() {
    Person x = person("twitch", "x1", "X");
    Person y = person("discord", "y1", "Y");
    List<Optional<MergeResult>> results =
        Races.fireFromBoth(
            vertx,
            () ->
                store
                    .merge(community, x.id(), y.id(), "admin")
                    .map(Optional::of)
                    .otherwise(Optional.empty()),
            otherVertx,
            () ->
                other
                    .merge(community, y.id(), x.id(), "admin")
                    .map(Optional::of)
                    .otherwise(Optional.empty()),
            2);
    assertEquals(1, results.stream().filter(Optional::isPresent).count(), results.toString());
    // read uncached: another instance's cache learns of the merge asynchronously
    int onX = await(store.accounts(community, x.id())).size();
    int onY = await(store.accounts(community, y.id())).size();
    assertEquals(Set.of(0, 2), Set.of(onX, onY), "both accounts on one person");
  }

  @Test
  void unlinkSplitsOneAccountOffButNeverTheLast() {
    Person main = person("twitch", "m1", "Main");
    Person alt = person("discord", "a1", "Alt");
    await(store.merge(community, main.id(), alt.id(), "admin"));
    Person split = await(store.unlink(community, "discord", "a1", "person:" + main.id()));
    assertFalse(split.id().equals(main.id()));
    assertEquals(Set.of(split.id()), accountOwners("discord:a1"));
    assertEquals(Set.of(main.id()), accountOwners("twitch:m1"));
    assertEquals("unlink", last(await(store.audit(community, main.id()))).action());
    assertInstanceOf(
        IllegalStateException.class,
        awaitFailure(store.unlink(community, "twitch", "m1", "admin")));
    assertInstanceOf(
        UnknownPersonException.class,
        awaitFailure(store.unlink(community, "twitch", "no", "admin")));
  }

  /** The key store on the same database (web-chat sign-ins are chat keys, decision 124). */
  protected abstract dev.chorus.access.ApiKeys chatKeys();

  /** What the token routes publish when they issue or revoke, on both "processes". */
  private void namesChanged() {
    var notice = new io.vertx.core.json.JsonObject().put("community", community).put("names", true);
    for (Vertx v : java.util.Arrays.asList(vertx, otherVertx)) {
      if (v != null) {
        v.eventBus().publish(CachingIdentityStore.ADDRESS, notice);
      }
    }
  }

  @Test
  void anActiveChatKeyReservesItsNameInItsCommunity() {
    var keys = chatKeys();
    var random = new java.security.SecureRandom();
    assertFalse(await(store.nameReserved(community, "streamer")));
    var issued =
        await(
            keys.issue(
                dev.chorus.access.Scope.CHAT,
                community,
                "stream pc",
                "Streamer",
                "owner",
                random,
                java.time.Instant.now()));
    namesChanged();
    dev.chorus.store.Races.eventually(
        () -> await(store.nameReserved(community, "streamer")), "the name is reserved");
    assertTrue(await(other.nameReserved(community, "STREAMER")));
    assertFalse(await(store.nameReserved("other-" + community, "streamer")));
    // Other scopes reserve nothing.
    await(
        keys.issue(
            dev.chorus.access.Scope.OVERLAY,
            community,
            "",
            null,
            null,
            random,
            java.time.Instant.now()));
    assertFalse(await(store.nameReserved(community, "overlay")));

    assertTrue(await(keys.revoke(issued.key().id(), java.time.Instant.now())));
    namesChanged();
    dev.chorus.store.Races.eventually(
        () ->
            !await(store.nameReserved(community, "Streamer"))
                && !await(other.nameReserved(community, "Streamer")),
        "a revoked key reserves nothing");
  }

  private static AuditEntry last(List<AuditEntry> entries) {
    return entries.get(entries.size() - 1);
  }

  private List<AuditEntry> lookalikeFlags(Person p) {
    return await(store.audit(community, p.id())).stream()
        .filter(a -> AuditEntry.LOOKALIKE.equals(a.action()) && a.personId().equals(p.id()))
        .toList();
  }

  @Test
  void aNameThatLooksLikeAnotherPersonsIsFlaggedNotBlocked() {
    Person streamer = person("twitch", "100", "Streamer");
    // Cyrillic е (U+0435) in the middle: looks the same, is another string.
    Person copy = person("discord", "200", "Str\u0435amer");
    assertFalse(copy.id().equals(streamer.id()), "not blocked, not merged: another person");
    assertEquals("Str\u0435amer", copy.displayName());
    List<AuditEntry> flags = lookalikeFlags(copy);
    assertEquals(1, flags.size(), flags.toString());
    assertEquals(streamer.id(), flags.get(0).otherPersonId());
    assertEquals("discord", flags.get(0).platform());
    assertEquals("200", flags.get(0).platformUserId());
    assertEquals("identity", flags.get(0).actor());
    assertEquals(List.of(), lookalikeFlags(streamer), "the first one is not flagged");
    // Seen again unchanged: no second flag.
    person("discord", "200", "Str\u0435amer");
    assertEquals(1, lookalikeFlags(copy).size());
    // Full-width, digits for letters and a separator fold to the same key; a rename is checked.
    Person wide = person("web", "w1", "\uFF33\uFF54\uFF52\uFF45\uFF41\uFF4D\uFF45\uFF52");
    assertEquals(2, lookalikeFlags(wide).size(), "looks like both earlier people");
    Person other = person("web", "w2", "Viewer");
    assertEquals(List.of(), lookalikeFlags(other));
    person("web", "w2", "Str3am_er");
    assertEquals(3, lookalikeFlags(other).size());
    // A different name is not flagged.
    assertEquals(List.of(), lookalikeFlags(person("web", "w3", "Streamers")));
  }
}
