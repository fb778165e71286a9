package dev.chorus.collector;

import static dev.chorus.store.TestServices.await;
import static dev.chorus.store.TestServices.awaitFailure;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.chorus.egress.EgressVerticle;
import dev.chorus.event.Addresses;
import dev.chorus.event.Author;
import dev.chorus.event.Channel;
import dev.chorus.event.Delivery;
import dev.chorus.event.Envelope;
import dev.chorus.event.EnvelopeCodec;
import dev.chorus.event.Ids;
import dev.chorus.event.Platforms;
import dev.chorus.event.Reply;
import dev.chorus.metrics.ChorusMetrics;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Replies sent by the real egress stage, received by collector inboxes. */
class ReplyInboxTest {

  private Vertx vertx;

  @BeforeEach
  void setUp() {
    vertx = Vertx.vertx();
    EnvelopeCodec.register(vertx);
    await(vertx.deployVerticle(new EgressVerticle(ChorusMetrics.inMemory())));
    // egress also journals the replies: answer like the log would
    await(
        vertx
            .eventBus()
            .<Envelope>consumer(
                Addresses.INTERACTIONS,
                message -> {
                  // a log that stores every reply for the first time
                  JsonArray ids = new JsonArray();
                  message.body().replies().forEach(r -> ids.add(r.id()));
                  message.reply(ids);
                })
            .completion());
  }

  @AfterEach
  void tearDown() {
    await(vertx.close());
  }

  /** An inbox and what it received. */
  private record Opened(ReplyInbox inbox, LinkedBlockingQueue<Delivery> received) {
    Delivery next() throws InterruptedException {
      Delivery delivery = received.poll(30, TimeUnit.SECONDS);
      if (delivery == null) {
        throw new AssertionError("no delivery for " + inbox.platform() + "/" + inbox.origin());
      }
      return delivery;
    }
  }

  private Opened open(String platform, String origin) {
    LinkedBlockingQueue<Delivery> received = new LinkedBlockingQueue<>();
    ReplyInbox inbox = await(ReplyInbox.open(vertx, platform, origin, received::add));
    return new Opened(inbox, received);
  }

  /** Runs {@code event} through the egress stage as the router would; returns its reply. */
  private Reply egress(String platform, String origin, String text) {
    Envelope event =
        new Envelope(
                Ids.next(),
                Envelope.VERSION,
                "chat.message",
                "inbox",
                platform,
                new Channel("room-1", "Room 1"),
                new Author("u1", "alice", "Alice", List.of()),
                "!ping",
                null,
                null,
                null,
                null,
                null,
                Instant.now(),
                origin)
            .reply("command", text);
    await(vertx.eventBus().request(Addresses.stage(EgressVerticle.NAME), event));
    return event.replies().get(0);
  }

  @Test
  void aReplyArrivesDecodedAtTheInstanceThatAcceptedTheEventOnly() throws Exception {
    Opened webA = open(Platforms.WEB, "gw-a");
    Opened webB = open(Platforms.WEB, "gw-b");
    Opened twitchA = open(Platforms.TWITCH, "gw-a");

    Reply toWebA = egress(Platforms.WEB, "gw-a", "pong for a");
    Reply toWebB = egress(Platforms.WEB, "gw-b", "pong for b");
    Reply toTwitchA = egress(Platforms.TWITCH, "gw-a", "pong on twitch");

    // Egress sent these in this order; a misdirected one would arrive before an inbox's own.
    assertEquals(Delivery.of(toWebA), webA.next());
    assertEquals(Delivery.of(toWebB), webB.next());
    assertEquals(Delivery.of(toTwitchA), twitchA.next());
    Delivery delivered = Delivery.of(toWebA);
    assertEquals("room-1", delivered.channel());
    assertEquals(toWebA.inReplyTo(), delivered.inReplyTo());
    assertEquals(0, webA.received().size() + webB.received().size() + twitchA.received().size());
    assertEquals("gw-a", webA.inbox().origin());
    assertEquals(Platforms.TWITCH, twitchA.inbox().platform());
  }

  @Test
  void aMessageThatIsNotADeliveryIsDroppedAndTheInboxCarriesOn() throws Exception {
    Opened web = open(Platforms.WEB, "gw-a");
    String address = Addresses.egress(Platforms.WEB, "gw-a");
    vertx.eventBus().send(address, "not json");
    vertx.eventBus().send(address, new JsonObject().put("id", "r1").put("platform", "web"));
    vertx.eventBus().send(address, new JsonObject().put("id", 42).put("text", "typed wrong"));

    Reply reply = egress(Platforms.WEB, "gw-a", "still here");

    assertEquals(Delivery.of(reply), web.next());
    assertEquals(0, web.received().size());
  }

  @Test
  void closeUnregisters() {
    Opened web = open(Platforms.WEB, "gw-a");
    await(web.inbox().close());

    Throwable failure =
        awaitFailure(
            vertx
                .eventBus()
                .request(Addresses.egress(Platforms.WEB, "gw-a"), new JsonObject().put("id", "x")));
    assertEquals(
        ReplyFailure.NO_HANDLERS, assertInstanceOf(ReplyException.class, failure).failureType());
  }

  @Test
  void anInboxNeedsAPlatformAndAnOrigin() {
    assertThrows(
        IllegalArgumentException.class, () -> ReplyInbox.open(vertx, Platforms.WEB, "", d -> {}));
    assertThrows(IllegalArgumentException.class, () -> ReplyInbox.open(vertx, null, "o", d -> {}));
  }
}
