package dev.chorus.router;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.chorus.event.Addresses;
import dev.chorus.event.Channel;
import dev.chorus.event.Envelope;
import dev.chorus.event.EnvelopeCodec;
import dev.chorus.metrics.ChorusMetrics;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.Message;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The router runs at most maxInFlight slips; more wait in a bounded queue; beyond it, overload. */
class RouterAdmissionTest {

  private Vertx vertx;
  private ChorusMetrics metrics;
  private final List<Message<Envelope>> held = new CopyOnWriteArrayList<>();
  private final LinkedBlockingQueue<Envelope> finished = new LinkedBlockingQueue<>();
  private final LinkedBlockingQueue<Message<Envelope>> deadLetters = new LinkedBlockingQueue<>();

  @BeforeEach
  void setUp() {
    vertx = Vertx.vertx();
    EnvelopeCodec.register(vertx);
    metrics = ChorusMetrics.inMemory();
    vertx
        .eventBus()
        .<Envelope>consumer(Addresses.stage("work"), held::add); // answers only when the test says
    vertx.eventBus().<Envelope>consumer(Addresses.OVERLAY, m -> finished.add(m.body()));
    vertx.eventBus().<Envelope>consumer(Addresses.DEAD_LETTER, deadLetters::add);
    RouteTable routes =
        RouteTable.parse("routes: { chat.message: [ { stage: work, timeoutMs: 10000 } ] }", "test");
    vertx.deployVerticle(new RouterVerticle(routes, metrics, 2, 3)).await();
  }

  @AfterEach
  void tearDown() {
    vertx.close().await();
  }

  private static Envelope event(int n) {
    return event("demo", n);
  }

  private static Envelope event(String community, int n) {
    return Envelope.accepted(
        "chat.message",
        community,
        "web",
        new Channel("c", "c"),
        null,
        "m" + n,
        Instant.now(),
        null);
  }

  private void awaitHeld(int n) throws InterruptedException {
    for (int i = 0; i < 250 && held.size() < n; i++) {
      Thread.sleep(20);
    }
    assertEquals(n, held.size());
  }

  @Test
  void extraEventsWaitAndRunInOrderAsSlotsFree() throws Exception {
    for (int i = 0; i < 5; i++) {
      vertx.eventBus().send(Addresses.INGRESS, event(i));
    }
    awaitHeld(2);
    Thread.sleep(100);
    assertEquals(2, held.size(), "only two slips run at once");
    assertEquals(3, metrics.routerQueue().get());
    assertEquals(5, metrics.inFlight().get());
    for (int answered = 0; answered < 5; answered++) {
      awaitHeld(Math.min(answered + 2, 5)); // each answer frees a slot for the next waiting event
      Message<Envelope> next = held.get(answered);
      next.reply(next.body());
      assertEquals("m" + answered, finished.poll(5, TimeUnit.SECONDS).text(), "FIFO");
    }
    assertEquals(0, metrics.inFlight().get());
    assertEquals(0, metrics.routerQueue().get());
    assertNull(deadLetters.poll(50, TimeUnit.MILLISECONDS));
  }

  @Test
  void beyondTheQueueEventsAreShedToTheJournalNotDeadLettered() throws Exception {
    for (int i = 0; i < 6; i++) { // 2 run, 3 wait, 1 too many
      vertx.eventBus().send(Addresses.INGRESS, event("demo", i));
    }
    awaitHeld(2);
    for (int i = 0;
        i < 100 && metrics.registry().find(ChorusMetrics.ROUTER_SHED).counter() == null;
        i++) {
      Thread.sleep(20);
    }
    assertEquals(1.0, metrics.registry().get(ChorusMetrics.ROUTER_SHED).counter().count());
    assertNull(
        deadLetters.poll(200, TimeUnit.MILLISECONDS),
        "accepted events are never dead-lettered for overload");
    assertEquals(3, metrics.routerQueue().get());
    assertEquals(5, metrics.inFlight().get(), "the shed one is not in flight: the journal has it");
  }

  @Test
  void aFloodingCommunityShedsItsOwnEventsAndOthersTakeTurns() throws Exception {
    for (int i = 0; i < 5; i++) { // 2 run, 3 of the flood wait
      vertx.eventBus().send(Addresses.INGRESS, event("flood", i));
    }
    awaitHeld(2);
    vertx.eventBus().send(Addresses.INGRESS, event("quiet", 100));
    vertx.eventBus().send(Addresses.INGRESS, event("quiet", 101));
    for (int i = 0; i < 100 && metrics.routerQueue().get() != 3; i++) {
      Thread.sleep(20);
    }
    Thread.sleep(100);
    assertEquals(
        2.0,
        metrics.registry().get(ChorusMetrics.ROUTER_SHED).counter().count(),
        "the flood's newest events made room for the quiet community's");
    // 2 run (m0, m1); waiting: the flood's m2, m3 and the quiet m100 (m4 and m101 were shed).
    // Answering one at a time frees a slot; communities take turns, so m100 runs before m3.
    List<String> order = new ArrayList<>();
    for (int answered = 0; answered < 5; answered++) {
      awaitHeld(Math.min(answered + 2, 5));
      Message<Envelope> next = held.get(answered);
      next.reply(next.body());
      order.add(finished.poll(5, TimeUnit.SECONDS).text());
    }
    assertEquals(List.of("m0", "m1", "m2", "m100", "m3"), order);
    assertNull(deadLetters.poll(50, TimeUnit.MILLISECONDS));
  }
}
