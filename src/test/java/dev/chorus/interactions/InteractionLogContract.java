package dev.chorus.interactions;

import static dev.chorus.store.TestServices.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.chorus.event.Ids;
import dev.chorus.store.Races;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** What every {@link InteractionLog} adapter must do. One subclass per adapter. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class InteractionLogContract {

  protected Vertx vertx;
  protected InteractionLog log;
  protected String community;
  protected final Instant base = Instant.now().truncatedTo(ChronoUnit.MILLIS);

  protected abstract InteractionLog open(Vertx vertx);

  /** Closes the database the log was opened on (the port has no close). */
  protected void cleanUp() {}

  @BeforeAll
  void openLog() {
    vertx = Vertx.vertx();
    log = open(vertx);
  }

  @AfterAll
  void closeLog() {
    cleanUp();
    await(vertx.close());
  }

  @BeforeEach
  void newCommunity() {
    community = "c-" + UUID.randomUUID();
  }

  protected Interaction event(String id, String channel, String author, Instant at) {
    return new Interaction(
        id,
        Interaction.Kind.EVENT,
        "chat.message",
        community,
        "twitch",
        channel,
        author,
        author == null ? null : author.toUpperCase(),
        "hello from " + author,
        null,
        at,
        "{\"id\":\"" + id + "\",\"text\":\"hello\"}");
  }

  protected static Set<String> ids(List<Interaction> rows) {
    return rows.stream().map(Interaction::id).collect(Collectors.toSet());
  }

  @Test
  void appendReportsNewRowsAndIsIdempotentOnId() {
    List<Interaction> batch =
        List.of(
            event(Ids.next(), "ch", "a", base),
            event(Ids.next(), "ch", "b", base),
            event(Ids.next(), "ch", "c", base));
    assertEquals(ids(batch), await(log.append(batch)));
    assertEquals(Set.of(), await(log.append(batch)));
    Interaction fresh = event(Ids.next(), "ch", "d", base);
    assertEquals(Set.of(fresh.id()), await(log.append(List.of(batch.get(0), fresh))));
    assertEquals(4L, await(log.count(community, Interaction.Kind.EVENT)));
    assertEquals(0L, await(log.count(community, Interaction.Kind.REPLY)));
    assertEquals(Set.of(), await(log.append(List.of())));
  }

  @Test
  void decisionRecordsAreStoredOnceAsTheirOwnKindAndNeverCountAsEvents() {
    Interaction event = event(Ids.next(), "ch", "a", base);
    Interaction record =
        new Interaction(
            Ids.next(),
            Interaction.Kind.RECORD,
            "system.moderation",
            community,
            "twitch",
            "ch",
            "a",
            "A",
            "hello from a",
            event.id(),
            base,
            "{\"id\":\"r\",\"raw\":{\"eventId\":\"" + event.id() + "\"}}");
    assertEquals(Set.of(event.id(), record.id()), await(log.append(List.of(event, record))));
    assertEquals(Set.of(), await(log.append(List.of(record))), "a resumed stage records once");
    assertEquals(1L, await(log.count(community, Interaction.Kind.EVENT)));
    assertEquals(1L, await(log.count(community, Interaction.Kind.RECORD)));
    Interaction stored =
        await(log.latest(community, null, 10)).stream()
            .filter(r -> r.id().equals(record.id()))
            .findFirst()
            .orElseThrow();
    assertEquals(Interaction.Kind.RECORD, stored.kind());
    assertEquals(event.id(), stored.inReplyTo());
  }

  @Test
  void sameIdWithAnotherTimeIsStillADuplicate() {
    String id = Ids.next();
    assertEquals(Set.of(id), await(log.append(List.of(event(id, "ch", "a", base)))));
    assertEquals(
        Set.of(), await(log.append(List.of(event(id, "ch", "a", base.plus(Duration.ofDays(2)))))));
    assertEquals(
        Set.of(), await(log.append(List.of(event(id, "ch", "a", base.minus(Duration.ofDays(2)))))));
    assertEquals(1L, await(log.count(community, Interaction.Kind.EVENT)));
  }

  @Test
  void duplicateInsideOneBatchIsWrittenOnce() {
    Interaction row = event(Ids.next(), "ch", "a", base);
    assertEquals(Set.of(row.id()), await(log.append(List.of(row, row))));
    assertEquals(1L, await(log.count(community, Interaction.Kind.EVENT)));
  }

  @Test
  void rowsRoundTripWithNulls() {
    Interaction reply =
        new Interaction(
            Ids.next(),
            Interaction.Kind.REPLY,
            Interaction.REPLY_TYPE,
            community,
            "web",
            "room-1",
            null,
            null,
            "pong",
            Ids.next(),
            base,
            "{\"text\":\"pong\"}");
    Interaction dead =
        new Interaction(
            Ids.next(),
            Interaction.Kind.DEAD_LETTER,
            Interaction.DEAD_LETTER_TYPE,
            community,
            "web",
            "room-1",
            "u1",
            null,
            "timeout in stage identity",
            Ids.next(),
            base.plusMillis(1),
            "{}");
    assertEquals(Set.of(reply.id(), dead.id()), await(log.append(List.of(reply, dead))));
    assertEquals(List.of(dead, reply), await(log.latest(community, "room-1", 10)));
    assertEquals(1L, await(log.count(community, Interaction.Kind.DEAD_LETTER)));
  }

  @Test
  void latestIsNewestFirstPerChannelAndCommunity() {
    List<Interaction> rows = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      rows.add(event(Ids.next(), i % 2 == 0 ? "even" : "odd", "u" + i, base.plusSeconds(i)));
    }
    assertEquals(ids(rows), await(log.append(rows)));
    assertEquals(
        List.of(rows.get(8), rows.get(6), rows.get(4)), await(log.latest(community, "even", 3)));
    assertEquals(List.of(rows.get(9), rows.get(8)), await(log.latest(community, null, 2)));
    assertEquals(List.of(), await(log.latest(community, "nowhere", 5)));
    assertEquals(List.of(), await(log.latest("other-" + community, null, 5)));
  }

  @Test
  void pagesFollowEachOtherWithoutGapOrRepeatEvenWhenRowsShareATime() {
    List<Interaction> rows = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      // Pairs share a timestamp: the id breaks the tie.
      rows.add(event(Ids.next(), "paged", "u" + i, base.plusSeconds(i / 2)));
    }
    assertEquals(ids(rows), await(log.append(rows)));
    List<Interaction> expected = new ArrayList<>(await(log.latest(community, "paged", 100)));
    assertEquals(10, expected.size());
    List<Interaction> paged = new ArrayList<>();
    InteractionLog.Cursor before = null;
    for (int page = 0; page < 10; page++) {
      List<Interaction> rowsOfPage = await(log.latest(community, "paged", before, 3));
      if (rowsOfPage.isEmpty()) {
        break;
      }
      paged.addAll(rowsOfPage);
      before = InteractionLog.Cursor.after(rowsOfPage.get(rowsOfPage.size() - 1));
    }
    assertEquals(expected, paged, "four pages (3+3+3+1) are the whole channel, newest first");
    assertEquals(List.of(), await(log.latest(community, "paged", before, 3)));
    assertEquals(
        expected.subList(4, 7),
        await(log.latest(community, null, InteractionLog.Cursor.after(expected.get(3)), 3)));
  }

  @Test
  void byAuthorIsOnePersonsHistory() {
    List<Interaction> rows = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      rows.add(event(Ids.next(), "ch" + i, i % 3 == 0 ? "alice" : "bob", base.plusSeconds(i)));
    }
    await(log.append(rows));
    assertEquals(
        List.of(rows.get(3), rows.get(0)), await(log.byAuthor(community, "twitch", "alice", 10)));
    assertEquals(List.of(rows.get(5)), await(log.byAuthor(community, "twitch", "bob", 1)));
    assertEquals(List.of(), await(log.byAuthor(community, "discord", "alice", 10)));
  }

  @Test
  void concurrentOverlappingBatchesWriteEachRowOnce() {
    List<Interaction> rows =
        IntStream.range(0, 200).mapToObj(i -> event(Ids.next(), "ch", "u" + i, base)).toList();
    List<Set<String>> added =
        Races.fire(vertx, 20, () -> log.append(rows.subList(0, 100)))
            .compose(
                first ->
                    Races.fire(vertx, 20, () -> log.append(rows.subList(50, 200)))
                        .map(
                            second -> {
                              List<Set<String>> all = new ArrayList<>(first);
                              all.addAll(second);
                              return all;
                            }))
            .toCompletionStage()
            .toCompletableFuture()
            .join();
    assertEquals(
        200, added.stream().mapToInt(Set::size).sum(), "each id reported new exactly once");
    assertEquals(ids(rows), added.stream().flatMap(Set::stream).collect(Collectors.toSet()));
    assertEquals(200L, await(log.count(community, Interaction.Kind.EVENT)));
  }

  private Interaction keyed(String key) {
    Interaction e = event(Ids.next(), "ch", "a", base);
    return new Interaction(
        e.id(),
        e.kind(),
        e.type(),
        e.community(),
        e.platform(),
        e.channelId(),
        e.authorId(),
        e.authorName(),
        e.text(),
        e.inReplyTo(),
        e.at(),
        e.payload(),
        key);
  }

  private List<InteractionLog.Unfinished> claimMine(Duration retryAfter) {
    return await(log.claimUnfinished(retryAfter, 10_000)).stream()
        .filter(u -> u.community().equals(community))
        .toList();
  }

  @Test
  void aKeyIsOneEventPerCommunityWhateverTheId() {
    Interaction first = keyed("web:u1:k1");
    Interaction resend = keyed("web:u1:k1");
    assertEquals(Set.of(first.id()), await(log.append(List.of(first))));
    assertEquals(Set.of(), await(log.append(List.of(resend))), "same key, new id: a duplicate");
    assertEquals(
        Map.of("web:u1:k1", first.id()),
        await(log.keyHolders(community, List.of("web:u1:k1", "web:u1:absent"))));
    String mine = community;
    community = "other-" + mine;
    Interaction elsewhere = keyed("web:u1:k1");
    assertEquals(
        Set.of(elsewhere.id()),
        await(log.append(List.of(elsewhere))),
        "the same key in another community is another event");
    community = mine;
    assertEquals(1L, await(log.count(community, Interaction.Kind.EVENT)));
  }

  @Test
  void theSameKeyTwiceInOneBatchIsOneEvent() {
    Interaction a = keyed("web:u2:k");
    Interaction b = keyed("web:u2:k");
    assertEquals(Set.of(a.id()), await(log.append(List.of(a, b))));
    assertEquals(1L, await(log.count(community, Interaction.Kind.EVENT)));
  }

  @Test
  void newEventsAreUnfinishedUntilFinished() {
    Interaction done = event(Ids.next(), "ch", "a", base.minusSeconds(60));
    Interaction stuck = event(Ids.next(), "ch", "b", base.minusSeconds(60));
    Interaction reply =
        new Interaction(
            Ids.next(),
            Interaction.Kind.REPLY,
            Interaction.REPLY_TYPE,
            community,
            "web",
            "ch",
            null,
            null,
            "pong",
            done.id(),
            base,
            "{}");
    await(log.append(List.of(done, stuck, reply)));
    await(log.finish(List.of(done.id(), "no-such-event")));
    List<InteractionLog.Unfinished> claimed = claimMine(Duration.ofSeconds(30));
    assertEquals(
        List.of(stuck.id()), claimed.stream().map(InteractionLog.Unfinished::eventId).toList());
    assertEquals(1, claimed.get(0).attempts());
    assertEquals(stuck.payload(), claimed.get(0).payload());
    assertEquals(
        List.of(), claimMine(Duration.ofSeconds(30)), "claimed: not again within the wait");
    List<InteractionLog.Unfinished> again = claimMine(Duration.ZERO);
    assertEquals(2, again.get(0).attempts(), "claimed again once due, one more attempt");
    await(log.finish(List.of(stuck.id())));
    assertEquals(List.of(), claimMine(Duration.ZERO));
  }

  @Test
  void twoClaimersNeverGetTheSameEvent() {
    List<Interaction> rows =
        IntStream.range(0, 60)
            .mapToObj(i -> event(Ids.next(), "ch", "u" + i, base.minusSeconds(60)))
            .toList();
    await(log.append(rows));
    List<List<InteractionLog.Unfinished>> claims =
        Races.fire(vertx, 6, () -> log.claimUnfinished(Duration.ofSeconds(30), 10_000))
            .toCompletionStage()
            .toCompletableFuture()
            .join();
    List<String> mine =
        claims.stream()
            .flatMap(List::stream)
            .filter(u -> u.community().equals(community))
            .map(InteractionLog.Unfinished::eventId)
            .toList();
    assertEquals(60, mine.size(), "every event claimed once: " + mine.size());
    assertEquals(ids(rows), Set.copyOf(mine));
  }

  private Interaction deadLetterOf(Interaction event, String reason) {
    return new Interaction(
        Ids.next(),
        Interaction.Kind.DEAD_LETTER,
        Interaction.DEAD_LETTER_TYPE,
        community,
        event.platform(),
        event.channelId(),
        event.authorId(),
        null,
        reason,
        event.id(),
        base,
        "{\"id\":\"" + event.id() + "\",\"slip\":[]}");
  }

  @Test
  void deadLettersAreListedNewestFirstAndFoundByIdInTheirCommunityOnly() {
    Interaction a = event(Ids.next(), "ch", "a", base.minusSeconds(10));
    Interaction b = event(Ids.next(), "ch", "b", base.minusSeconds(5));
    Interaction deadA = deadLetterOf(a, "timeout at identity");
    await(log.append(List.of(a, b, deadA)));
    Interaction deadB =
        new Interaction(
            Ids.next(),
            Interaction.Kind.DEAD_LETTER,
            Interaction.DEAD_LETTER_TYPE,
            community,
            "twitch",
            "ch",
            "b",
            null,
            "no_route",
            b.id(),
            base.plusSeconds(1),
            "{}");
    await(log.append(List.of(deadB)));

    List<Interaction> listed = await(log.deadLetters(community, 10));
    assertEquals(List.of(deadB.id(), deadA.id()), listed.stream().map(Interaction::id).toList());
    assertEquals("timeout at identity", listed.get(1).text());
    assertEquals(a.id(), listed.get(1).inReplyTo());
    assertEquals(1, await(log.deadLetters(community, 1)).size());
    assertEquals(deadA.payload(), await(log.deadLetter(community, deadA.id())).payload());
    assertEquals(null, await(log.deadLetter(community, a.id())), "an event is not a dead letter");
    assertEquals(null, await(log.deadLetter("elsewhere", deadA.id())), "another community's");
    assertEquals(List.of(), await(log.deadLetters("elsewhere-" + community, 10)));
  }

  @Test
  void reopeningADeadLetteredEventMakesItUnfinishedOnceFromItsJournaledPayload() {
    Interaction event = event(Ids.next(), "ch", "a", base.minusSeconds(60));
    Interaction other = event(Ids.next(), "ch", "b", base.minusSeconds(60));
    await(log.append(List.of(event, other)));
    await(log.finish(List.of(event.id(), other.id())));
    await(log.append(List.of(deadLetterOf(event, "unfinished"))));

    assertEquals(
        Set.of(),
        await(log.reopen(community, List.of(other.id()))),
        "an event without a dead letter is not reopened");
    assertEquals(
        Set.of(),
        await(log.reopen("elsewhere", List.of(event.id()))),
        "nor one of another community");
    assertEquals(Set.of(event.id()), await(log.reopen(community, List.of(event.id()))));
    assertEquals(
        Set.of(),
        await(log.reopen(community, List.of(event.id(), event.id()))),
        "reopening a pending event again changes nothing");

    List<InteractionLog.Unfinished> claimed = claimMine(Duration.ofSeconds(30));
    assertEquals(
        List.of(event.id()), claimed.stream().map(InteractionLog.Unfinished::eventId).toList());
    assertEquals(1, claimed.get(0).attempts(), "all its attempts again, due at once");
    assertEquals(
        event.payload(), claimed.get(0).payload(), "the event as journaled, not as it died");

    await(log.finish(List.of(event.id())));
    assertEquals(
        Set.of(event.id()),
        await(log.reopen(community, List.of(event.id()))),
        "finished again: a later replay reopens it");
  }
}
