package dev.chorus.command;

import static dev.chorus.store.TestServices.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chorus.event.PermissionLevel;
import dev.chorus.store.Races;
import dev.chorus.store.StoreContract;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

/** What every {@link CommandStore} adapter must do. One subclass per adapter. */
public abstract class CommandStoreContract extends StoreContract<CommandStore> {

  @Test
  void commandsAreUpsertedListedAndDeleted() {
    Instant at = Instant.now().truncatedTo(ChronoUnit.MILLIS);
    CustomCommand discord =
        new CustomCommand(
            community,
            "discord",
            "Join us at https://example.org",
            CommandPolicy.OPEN.withCooldowns(30, 0),
            true,
            "",
            "mod1",
            at);
    await(store.putCommand(discord));
    assertEquals(Optional.of(discord), await(store.command(community, "discord")));
    CustomCommand changed =
        new CustomCommand(
            community,
            "discord",
            "New link",
            new CommandPolicy(
                PermissionLevel.MODERATOR,
                5,
                60,
                3,
                30,
                Set.of("twitch", "web"),
                ResponseMode.DM,
                true),
            false,
            "the server invite",
            "mod2",
            at.plusSeconds(1));
    await(store.putCommand(changed));
    CustomCommand another =
        new CustomCommand(community, "about", "A bot", CommandPolicy.OPEN, true, "", "mod1", at);
    await(store.putCommand(another));
    assertEquals(List.of(another, changed), await(store.commands(community)));
    assertTrue(await(store.deleteCommand(community, "discord")));
    assertFalse(await(store.deleteCommand(community, "discord")));
    assertEquals(Optional.empty(), await(store.command(community, "discord")));
    assertEquals(List.of(), await(store.commands("x" + community)));
  }

  @Test
  void aliases() {
    await(store.putAlias(new Alias(community, "so", "shoutout")));
    await(store.putAlias(new Alias(community, "so", "shoutout @")));
    await(store.putAlias(new Alias(community, "h", "help")));
    assertEquals(
        Optional.of(new Alias(community, "so", "shoutout @")), await(store.alias(community, "so")));
    assertEquals(
        List.of("h", "so"), await(store.aliases(community)).stream().map(Alias::alias).toList());
    assertTrue(await(store.deleteAlias(community, "so")));
    assertEquals(Optional.empty(), await(store.alias(community, "so")));
  }

  @Test
  void quotesAreNumberedPerCommunityAndNeverReused() {
    assertEquals(Optional.empty(), await(store.randomQuote(community)));
    Quote first = await(store.addQuote(community, "to be", "alice"));
    Quote second = await(store.addQuote(community, "or not", "bob"));
    assertEquals(1, first.number());
    assertEquals(2, second.number());
    assertEquals(1, await(store.addQuote("x" + community, "elsewhere", "eve")).number());
    assertEquals("or not", await(store.quote(community, 2)).orElseThrow().text());
    assertTrue(await(store.deleteQuote(community, 2)));
    assertEquals(3, await(store.addQuote(community, "again", "carol")).number());
    Quote random = await(store.randomQuote(community)).orElseThrow();
    assertTrue(Set.of(1L, 3L).contains(random.number()));
    assertEquals(
        List.of(1L, 3L),
        await(store.quotes(community, 0, 10)).stream().map(Quote::number).toList());
    assertEquals(
        List.of(3L), await(store.quotes(community, 1, 10)).stream().map(Quote::number).toList());
    assertEquals(1, await(store.quotes(community, 0, 1)).size());
  }

  @Test
  void counters() {
    assertEquals(0L, await(store.counter(community, "deaths")));
    assertEquals(1L, await(store.increment(community, "deaths", 1)));
    assertEquals(11L, await(other.increment(community, "deaths", 10)));
    await(store.setCounter(community, "deaths", 100));
    assertEquals(99L, await(store.increment(community, "deaths", -1)));
    assertEquals(99L, await(other.counter(community, "deaths")));
  }

  @Test
  void timers() {
    CommandTimer socials = new CommandTimer(community, "socials", "Follow us!", 600, 10, true);
    await(store.putTimer(socials));
    CommandTimer changed = new CommandTimer(community, "socials", "Follow us now!", 900, 5, false);
    await(store.putTimer(changed));
    assertEquals(List.of(changed), await(store.timers(community)));
    assertTrue(await(store.deleteTimer(community, "socials")));
    assertEquals(List.of(), await(store.timers(community)));
  }

  @Test
  void thousandConcurrentIncrementsFromTwoInstancesCountExactly() {
    List<Long> results =
        Races.fireFromBoth(
            vertx,
            () -> store.increment(community, "race", 1),
            otherVertx,
            () -> other.increment(community, "race", 1),
            1000);
    assertEquals(1000L, await(store.counter(community, "race")));
    assertEquals(
        LongStream.rangeClosed(1, 1000).boxed().collect(Collectors.toSet()), Set.copyOf(results));
  }

  @Test
  void concurrentQuotesFromTwoInstancesGetDistinctNumbers() {
    List<Quote> quotes =
        Races.fireFromBoth(
            vertx,
            () -> store.addQuote(community, "a", "u"),
            otherVertx,
            () -> other.addQuote(community, "b", "v"),
            100);
    assertEquals(
        LongStream.rangeClosed(1, 100).boxed().collect(Collectors.toSet()),
        quotes.stream().map(Quote::number).collect(Collectors.toSet()));
  }
}
