package dev.chorus.collector;

import static dev.chorus.store.TestServices.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.chorus.community.CommunityChanges;
import dev.chorus.community.CommunityStore;
import dev.chorus.event.Addresses;
import dev.chorus.event.Author;
import dev.chorus.event.Channel;
import dev.chorus.event.Envelope;
import dev.chorus.event.EventType;
import dev.chorus.event.Ids;
import dev.chorus.event.Platforms;
import dev.chorus.interactions.Interaction;
import dev.chorus.interactions.InteractionLog;
import dev.chorus.interactions.h2.H2InteractionLog;
import dev.chorus.store.TestServices;
import dev.chorus.store.h2.H2Database;
import dev.chorus.testing.TestCommunities;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Every collector's community check, through the kit's {@link IngestClient}, against the real
 * community directory over H2 and the real log writer.
 */
class CommunityGateTest {

  private CollectorNode node;
  private H2Database db;
  private InteractionLog log;
  private CommunityStore communities;
  private final AtomicInteger lookups = new AtomicInteger();

  @BeforeEach
  void setUp() {
    node = new CollectorNode();
    db = TestServices.openH2(node.vertx);
    log = new H2InteractionLog(db);
    node.deployLog(log, 10_000);
    node.vertx
        .eventBus()
        .addOutboundInterceptor(
            ctx -> {
              if (Addresses.COMMUNITY_LOOKUP.equals(ctx.message().address())) {
                lookups.incrementAndGet();
              }
              ctx.next();
            });
  }

  @AfterEach
  void tearDown() {
    await(db.close());
    node.close();
  }

  private static Envelope chat(String community) {
    return Envelope.accepted(
        EventType.CHAT_MESSAGE,
        community,
        Platforms.WEB,
        new Channel("lobby", "lobby"),
        new Author("u1", "alice", "Alice", List.of()),
        "hello",
        Instant.now(),
        null);
  }

  private long rows(String community) {
    return await(log.count(community, Interaction.Kind.EVENT));
  }

  @Test
  void anUnknownCommunityIsRefusedNeitherJournaledNorRouted() {
    communities = TestCommunities.deploy(node.vertx, db.sql(), "known");
    IngestClient client = node.client(Duration.ofSeconds(10));

    assertEquals(IngestOutcome.UNKNOWN_COMMUNITY, node.ingest(client, chat("nope")));
    assertEquals(IngestOutcome.ACCEPTED, node.ingest(client, chat("known")));

    assertEquals(0L, rows("nope"));
    assertEquals(1L, rows("known"));
    assertEquals(List.of("known"), node.routed().stream().map(Envelope::community).toList());
  }

  @Test
  void aKnownCommunityIsAskedOnceThenAnsweredFromTheCache() {
    communities = TestCommunities.deploy(node.vertx, db.sql(), "known");
    IngestClient client = node.client(Duration.ofSeconds(10));
    for (int i = 0; i < 50; i++) {
      assertEquals(IngestOutcome.ACCEPTED, node.ingest(client, chat("known")));
    }
    assertEquals(1, lookups.get());
  }

  @Test
  void aBurstBeforeTheFirstAnswerSharesOneLookup() {
    communities = TestCommunities.deploy(node.vertx, db.sql(), "known");
    IngestClient client = node.client(Duration.ofSeconds(10));
    List<io.vertx.core.Future<IngestOutcome>> burst = new java.util.ArrayList<>();
    for (int i = 0; i < 500; i++) {
      burst.add(node.ingestLater(client, chat("known")));
    }
    for (var outcome : burst) {
      assertEquals(IngestOutcome.ACCEPTED, await(outcome));
    }
    assertEquals(1, lookups.get(), "500 messages in flight at once, one directory question");
    assertEquals(500L, rows("known"));
  }

  @Test
  void aFloodOfMadeUpNamesAsksOncePerNameAndNeverJournals() {
    communities = TestCommunities.deploy(node.vertx, db.sql(), "known");
    IngestClient client = node.client(Duration.ofSeconds(10));
    for (int round = 0; round < 3; round++) {
      for (int i = 0; i < 300; i++) {
        assertEquals(IngestOutcome.UNKNOWN_COMMUNITY, node.ingest(client, chat("made-up-" + i)));
      }
    }
    assertEquals(300, lookups.get(), "unknown names are cached too");
    assertEquals(List.of(), node.routed());
  }

  @Test
  void aCreatedCommunityIsAcceptedAtOnceAndADeletedOneRefusedAtOnce() throws Exception {
    communities = TestCommunities.deploy(node.vertx, db.sql());
    IngestClient client = node.client(Duration.ofSeconds(10));
    assertEquals(IngestOutcome.UNKNOWN_COMMUNITY, node.ingest(client, chat("later")));

    await(communities.upsert("later", "Later"));
    publishAndSettle("later", true);
    assertEquals(IngestOutcome.ACCEPTED, node.ingest(client, chat("later")));

    await(communities.delete("later"));
    publishAndSettle("later", false);
    assertEquals(IngestOutcome.UNKNOWN_COMMUNITY, node.ingest(client, chat("later")));
  }

  @Test
  void withoutADirectoryEventsAreRefusedAsRetryable() {
    IngestClient client = node.client(Duration.ofSeconds(10));
    IngestOutcome outcome = node.ingest(client, chat("any"));
    assertEquals(IngestOutcome.UNAVAILABLE, outcome);
    assertEquals(false, outcome.acknowledge());
    assertEquals(0L, rows("any"));
  }

  /** Publishes the change, then waits until a consumer registered after it has seen a message. */
  private void publishAndSettle(String community, boolean exists) throws Exception {
    CommunityChanges.publish(node.vertx.eventBus(), community, exists);
    // Publishes are delivered in order per sender; one more round trip through the directory
    // proves the change was applied there and at the gate before the next ingest.
    await(node.vertx.eventBus().request(Addresses.COMMUNITY_LOOKUP, Ids.next()));
  }
}
