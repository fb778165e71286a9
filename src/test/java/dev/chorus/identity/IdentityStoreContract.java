package dev.chorus.identity;

import static dev.chorus.store.TestServices.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chorus.store.Races;
import dev.chorus.store.StoreContract;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** What every {@link IdentityStore} adapter must do. One subclass per adapter. */
public abstract class IdentityStoreContract extends StoreContract<IdentityStore> {

  @Test
  void firstSightCreatesAPersonOnce() {
    assertEquals(Optional.empty(), await(store.find(community, "twitch", "42")));
    Person first = await(store.resolve(community, "twitch", "42", "bob", "Bob"));
    assertEquals(community, first.community());
    assertEquals("Bob", first.displayName());
    Person again = await(other.resolve(community, "twitch", "42", "bob", "Bob"));
    assertEquals(first.id(), again.id());
    assertEquals(
        Optional.of(first.id()), await(store.find(community, "twitch", "42")).map(Person::id));
  }

  @Test
  void renameKeepsThePerson() {
    Person bob = await(store.resolve(community, "twitch", "42", "bob", "Bob"));
    Person robert = await(store.resolve(community, "twitch", "42", "robert", "Robert"));
    assertEquals(bob.id(), robert.id());
    assertEquals("Robert", robert.displayName());
    assertEquals(
        "Robert", await(other.find(community, "twitch", "42")).orElseThrow().displayName());
  }

  @Test
  void accountsAndCommunitiesAreSeparate() {
    Person twitch = await(store.resolve(community, "twitch", "42", "bob", "Bob"));
    Person discord = await(store.resolve(community, "discord", "42", "bob", "Bob"));
    Person elsewhere = await(store.resolve("x" + community, "twitch", "42", "bob", "Bob"));
    assertEquals(3, new HashSet<>(List.of(twitch.id(), discord.id(), elsewhere.id())).size());
    assertNotEquals(twitch.community(), elsewhere.community());
  }

  @Test
  void concurrentFirstSightsFromTwoInstancesCreateOnePerson() {
    List<Person> people =
        Races.fireFromBoth(
            vertx,
            () -> store.resolve(community, "twitch", "7", "eve", "Eve"),
            otherVertx,
            () -> other.resolve(community, "twitch", "7", "eve", "Eve"),
            40);
    assertEquals(1, people.stream().map(Person::id).distinct().count(), people.toString());
    assertTrue(await(store.find(community, "twitch", "7")).isPresent());
  }
}
