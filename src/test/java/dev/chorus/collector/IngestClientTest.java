package dev.chorus.collector;

import static dev.chorus.store.TestServices.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.chorus.event.Addresses;
import dev.chorus.event.Author;
import dev.chorus.event.Channel;
import dev.chorus.event.Envelope;
import dev.chorus.event.EventType;
import dev.chorus.event.Platforms;
import dev.chorus.interactions.Interaction;
import dev.chorus.interactions.InteractionLog;
import dev.chorus.interactions.h2.H2InteractionLog;
import dev.chorus.metrics.ChorusMetrics;
import dev.chorus.store.TestServices;
import dev.chorus.store.h2.H2Database;
import dev.chorus.testing.TestCommunities;
import io.vertx.core.Future;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The kit's ingest sequence against the real interactions verticle over the real H2 log, with a
 * consumer on the ingress address standing in for the router.
 */
class IngestClientTest {

  private static final String COMMUNITY = "kit";

  private CollectorNode a;
  private CollectorNode b;
  private InteractionLog logA;
  private InteractionLog logB;
  private H2Database db;
  private H2Database dbB;

  @BeforeEach
  void setUp() {
    a = new CollectorNode();
    db = TestServices.openH2(a.vertx);
    logA = new H2InteractionLog(db);
    TestCommunities.deploy(a.vertx, db.sql(), COMMUNITY);
  }

  @AfterEach
  void tearDown() {
    if (dbB != null) {
      await(dbB.close());
    }
    await(db.close());
    a.close();
    if (b != null) {
      b.close();
    }
  }

  private static Envelope chat(String id, String text) {
    return new Envelope(
        id,
        Envelope.VERSION,
        EventType.CHAT_MESSAGE,
        COMMUNITY,
        Platforms.WEB,
        new Channel("lobby", "lobby"),
        new Author("u1", "alice", "Alice", List.of()),
        text,
        null,
        null,
        null,
        null,
        null,
        Instant.now(),
        "someone-else");
  }

  private long rows() {
    return await(logA.count(COMMUNITY, Interaction.Kind.EVENT));
  }

  @Test
  void aNewEventIsJournaledRoutedOnceAndStampedWithTheOrigin() {
    a.deployLog(logA, 10_000);
    IngestClient client = a.client(Duration.ofSeconds(10));
    Envelope event = chat(UUID.randomUUID().toString(), "hello");

    assertEquals(IngestOutcome.ACCEPTED, a.ingest(client, event));

    assertEquals(1L, rows());
    List<Envelope> routed = a.routed();
    assertEquals(1, routed.size());
    assertEquals(event.id(), routed.get(0).id());
    assertEquals(client.origin(), routed.get(0).origin(), "replies must come back to this client");
    assertEquals(1.0, a.acceptedCount());
  }

  @Test
  void theSameEnvelopeTwiceIsOneRowAndOneRoutedEvent() {
    a.deployLog(logA, 10_000);
    IngestClient client = a.client(Duration.ofSeconds(10));
    Envelope event = chat(UUID.randomUUID().toString(), "hello");

    assertEquals(IngestOutcome.ACCEPTED, a.ingest(client, event));
    assertEquals(IngestOutcome.DUPLICATE, a.ingest(client, event));

    assertEquals(1L, rows());
    assertEquals(1, a.routed().size());
    assertEquals(1.0, a.acceptedCount(), "a duplicate is not counted as accepted");
  }

  @Test
  void twoCollectorInstancesSharingOneLogRouteAMessageOnce() {
    startSecondNode();
    IngestClient first = a.client(Duration.ofSeconds(10));
    IngestClient second = b.client(Duration.ofSeconds(10));
    Envelope event = chat(UUID.randomUUID().toString(), "hello");

    assertEquals(IngestOutcome.ACCEPTED, a.ingest(first, event));
    assertEquals(IngestOutcome.DUPLICATE, b.ingest(second, event));

    assertEquals(1L, rows());
    assertEquals(1, a.routed().size() + b.routed().size());
  }

  @Test
  void platformMessagesSeenByTwoInstancesAtOnceAreEachOneRowRoutedOnce() {
    startSecondNode();
    IngestClient first = a.client(Duration.ofSeconds(10));
    IngestClient second = b.client(Duration.ofSeconds(10));
    int messages = 20;
    Instant sentAt = Instant.parse("2026-11-23T19:00:00.123Z");
    List<Future<IngestOutcome>> pending = new ArrayList<>();
    Set<String> ids = new HashSet<>();
    for (int i = 0; i < messages; i++) {
      // Each instance builds the envelope itself, at its own time, from the same platform message.
      Envelope seenByA =
          twitchMessage("msg-" + i, sentAt).receivedAt(sentAt.plusMillis(40)).envelope();
      Envelope seenByB =
          twitchMessage("msg-" + i, sentAt).receivedAt(sentAt.plusMillis(95)).envelope();
      assertEquals(seenByA.id(), seenByB.id());
      ids.add(seenByA.id());
      pending.add(a.ingestLater(first, seenByA));
      pending.add(b.ingestLater(second, seenByB));
    }
    List<IngestOutcome> outcomes = pending.stream().map(TestServices::await).toList();

    assertEquals(messages, ids.size());
    for (int i = 0; i < messages; i++) {
      // one of the two instances stored each message, the other saw a duplicate
      assertEquals(
          Set.of(IngestOutcome.ACCEPTED, IngestOutcome.DUPLICATE),
          Set.of(outcomes.get(2 * i), outcomes.get(2 * i + 1)),
          "message " + i + ": " + outcomes);
    }
    assertEquals((long) messages, rows());
    List<Envelope> routed = new ArrayList<>(a.routed());
    routed.addAll(b.routed());
    assertEquals(ids, routed.stream().map(Envelope::id).collect(Collectors.toSet()));
    assertEquals(messages, routed.size());
  }

  private static PlatformMessage twitchMessage(String messageId, Instant sentAt) {
    return PlatformMessage.of(Platforms.TWITCH, COMMUNITY, messageId, sentAt)
        .channel(new Channel("12826", "#somechannel"))
        .author(new Author("4321", "viewer", "Viewer", List.of("subscriber")))
        .text("hello chat");
  }

  @Test
  void aFullWriterQueueIsOverloadedAndNothingIsRouted() {
    a.deployLog(logA, 0); // every row finds the queue full
    IngestClient client = a.client(Duration.ofSeconds(10));

    assertEquals(
        IngestOutcome.OVERLOADED, a.ingest(client, chat(UUID.randomUUID().toString(), "hi")));

    assertEquals(0L, rows());
    assertEquals(List.of(), a.routed());
    assertEquals(0.0, a.acceptedCount());
  }

  @Test
  void aFailingStoreIsUnavailableAndNothingIsRouted() {
    await(
        db.call(
            connection -> {
              try (var statement = connection.createStatement()) {
                statement.execute("DROP TABLE interactions");
              }
              return null;
            }));
    a.deployLog(logA, 10_000);
    IngestClient client = a.client(Duration.ofSeconds(10));

    assertEquals(
        IngestOutcome.UNAVAILABLE, a.ingest(client, chat(UUID.randomUUID().toString(), "hi")));
    assertEquals(List.of(), a.routed());
  }

  @Test
  void withoutAnInteractionsConsumerItIsUnavailableAtOnceNotAfterTheTimeout() {
    // A ten-minute timeout: the outcome can only arrive within the wait below if the missing
    // handler is reported straight away.
    IngestClient client = a.client(Duration.ofMinutes(10));

    assertEquals(
        IngestOutcome.UNAVAILABLE, a.ingest(client, chat(UUID.randomUUID().toString(), "hi")));
    assertEquals(List.of(), a.routed());
  }

  @Test
  void aLogThatDoesNotAnswerInTimeIsUnavailable() {
    await(a.vertx.eventBus().consumer(Addresses.INTERACTIONS, message -> {}).completion());
    IngestClient client = a.client(Duration.ofMillis(100));

    assertEquals(
        IngestOutcome.UNAVAILABLE, a.ingest(client, chat(UUID.randomUUID().toString(), "hi")));
    assertEquals(List.of(), a.routed());
  }

  @Test
  void onlyAnOverloadedLogIsReportedAsOverloaded() {
    assertEquals(
        IngestOutcome.OVERLOADED,
        IngestClient.refusal(
            new ReplyException(
                ReplyFailure.RECIPIENT_FAILURE, Addresses.FAILURE_OVERLOADED, "queue full")));
    assertEquals(
        IngestOutcome.UNAVAILABLE,
        IngestClient.refusal(
            new ReplyException(
                ReplyFailure.RECIPIENT_FAILURE, Addresses.FAILURE_UNAVAILABLE, "store down")));
    assertEquals(IngestOutcome.UNAVAILABLE, IngestClient.refusal(new IllegalStateException()));
  }

  @Test
  void theClientNeedsAnOriginAndAPositiveTimeout() {
    ChorusMetrics metrics = ChorusMetrics.inMemory();
    assertThrows(
        IllegalArgumentException.class,
        () -> new IngestClient(a.vertx, metrics, " ", Duration.ofSeconds(1)));
    assertThrows(
        IllegalArgumentException.class,
        () -> new IngestClient(a.vertx, metrics, "gw-1", Duration.ZERO));
  }

  /** A second Vert.x instance with its own log writer over the same database. */
  private void startSecondNode() {
    b = new CollectorNode();
    dbB = TestServices.reopenH2(b.vertx, db);
    TestCommunities.deploy(b.vertx, dbB.sql());
    logB = new H2InteractionLog(dbB);
    a.deployLog(logA, 10_000);
    b.deployLog(logB, 10_000);
  }
}
