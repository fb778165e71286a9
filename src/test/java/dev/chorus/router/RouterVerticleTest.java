package dev.chorus.router;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chorus.event.Addresses;
import dev.chorus.event.Author;
import dev.chorus.event.Channel;
import dev.chorus.event.ContextKey;
import dev.chorus.event.ContextKeys;
import dev.chorus.event.Envelope;
import dev.chorus.event.EnvelopeCodec;
import dev.chorus.event.Hop;
import dev.chorus.metrics.ChorusMetrics;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.Message;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The router alone on a plain Vert.x, with test stages on the stage addresses. */
class RouterVerticleTest {

  private static final ContextKey<Boolean> DELIVERED = ContextKey.of("delivered", Boolean.class);
  private static final ContextKey<String> SLOW = ContextKey.of("slow", String.class);

  private static final String ROUTES =
      """
      defaults: { timeoutMs: 1000 }
      routes:
        chat.message:
          - identity
          - { stage: moderation, optional: true }
          - command
          - { stage: egress, always: true }
        flaky.event:
          - { stage: slow, timeoutMs: 150, retries: 1 }
          - { stage: egress, always: true }
        optional.timeout:
          - { stage: slow, optional: true, timeoutMs: 100 }
          - { stage: egress, always: true }
        missing.required:
          - { stage: nobody }
        refused.event:
          - { stage: picky, optional: true }
          - { stage: egress, always: true }
      """;

  private Vertx vertx;
  private ChorusMetrics metrics;
  private final LinkedBlockingQueue<Envelope> finished = new LinkedBlockingQueue<>();
  private final LinkedBlockingQueue<Message<Envelope>> deadLetters = new LinkedBlockingQueue<>();
  private final AtomicInteger slowCalls = new AtomicInteger();
  private final AtomicInteger commandCalls = new AtomicInteger();

  @BeforeEach
  void setUp() {
    vertx = Vertx.vertx();
    EnvelopeCodec.register(vertx);
    metrics = ChorusMetrics.inMemory();
    var bus = vertx.eventBus();
    bus.<Envelope>consumer(Addresses.OVERLAY, m -> finished.add(m.body()));
    bus.<Envelope>consumer(Addresses.DEAD_LETTER, deadLetters::add);
    bus.<Envelope>consumer(
        Addresses.stage("identity"),
        m -> m.reply(m.body().with(ContextKeys.PERSON, new ContextKeys.Speaker("p1", "Ann"))));
    bus.<Envelope>consumer(
        Addresses.stage("command"),
        m -> {
          commandCalls.incrementAndGet();
          m.reply(m.body().reply("command", "pong"));
        });
    bus.<Envelope>consumer(Addresses.stage("egress"), m -> m.reply(m.body().with(DELIVERED, true)));
    bus.<Envelope>consumer(Addresses.stage("picky"), m -> m.fail(422, "malformed event"));
    vertx
        .deployVerticle(new RouterVerticle(RouteTable.parse(ROUTES, "test"), metrics, 100, 1000))
        .await();
  }

  @AfterEach
  void tearDown() {
    vertx.close().await();
  }

  private static Envelope event(String type, String text) {
    return Envelope.accepted(
        type,
        "demo",
        "web",
        new Channel("demo", "demo"),
        new Author("u1", "alice", "Alice", List.of()),
        text,
        Instant.now(),
        "gw");
  }

  private static List<String> trace(Envelope e) {
    return e.trace().stream().map(h -> h.stage() + ":" + h.outcome()).toList();
  }

  @Test
  void runsTheSlipInOrderSkippingAnAbsentOptionalStage() throws Exception {
    vertx.eventBus().send(Addresses.INGRESS, event("chat.message", "!ping"));
    Envelope done = finished.poll(5, TimeUnit.SECONDS);
    assertEquals(
        List.of("identity:ok", "moderation:skipped", "command:ok", "egress:ok"), trace(done));
    assertEquals(new ContextKeys.Speaker("p1", "Ann"), done.get(ContextKeys.PERSON).orElseThrow());
    assertEquals(true, done.get(DELIVERED).orElseThrow());
    assertEquals("pong", done.replies().get(0).text());
    assertTrue(done.slip().isDone());
    assertNull(deadLetters.poll(100, TimeUnit.MILLISECONDS));
  }

  @Test
  void aStageThatStopsTheSlipLeavesOnlyAlwaysSteps() throws Exception {
    vertx
        .eventBus()
        .<Envelope>consumer(
            Addresses.stage("moderation"), m -> m.reply(m.body().stop("moderation", "spam")));
    vertx.eventBus().send(Addresses.INGRESS, event("chat.message", "buy followers"));
    Envelope done = finished.poll(5, TimeUnit.SECONDS);
    assertEquals(List.of("identity:ok", "moderation:stopped", "egress:ok"), trace(done));
    assertEquals(0, commandCalls.get());
    assertTrue(done.isStopped());
  }

  @Test
  void aTimedOutStepIsRetriedOnceThenDeadLettered() throws Exception {
    vertx
        .eventBus()
        .<Envelope>consumer(
            Addresses.stage("slow"), m -> slowCalls.incrementAndGet()); // never answers
    Envelope sent = event("flaky.event", null);
    vertx.eventBus().send(Addresses.INGRESS, sent);
    Message<Envelope> dead = deadLetters.poll(5, TimeUnit.SECONDS);
    assertEquals(sent.id(), dead.body().id());
    assertTrue(
        dead.headers().get(Addresses.HEADER_REASON).startsWith("timeout at slow"),
        dead.headers().get(Addresses.HEADER_REASON));
    assertEquals(2, slowCalls.get(), "one try and one retry");
    assertEquals(List.of("slow:retried", "slow:failed"), trace(dead.body()));
    assertEquals(
        1.0,
        metrics.registry().get("chorus.dead.letters").tag("reason", "timeout").counter().count());
    assertNull(finished.poll(200, TimeUnit.MILLISECONDS), "a dead-lettered event does not finish");
    assertEquals(0, metrics.inFlight().get());
  }

  @Test
  void aRetryCanSucceed() throws Exception {
    vertx
        .eventBus()
        .<Envelope>consumer(
            Addresses.stage("slow"),
            m -> {
              if (slowCalls.incrementAndGet() > 1) {
                m.reply(m.body().with(SLOW, "second try"));
              }
            });
    vertx.eventBus().send(Addresses.INGRESS, event("flaky.event", null));
    Envelope done = finished.poll(5, TimeUnit.SECONDS);
    assertEquals(List.of("slow:retried", "slow:ok", "egress:ok"), trace(done));
    assertEquals("second try", done.get(SLOW).orElseThrow());
  }

  @Test
  void aStepThatFoundNoHandlerIsRetriedWhereAnInstanceHasAppeared() throws Exception {
    // No "slow" handler at the first attempt (its instance left); one registers right after it,
    // before the retry.
    AtomicInteger attempts = new AtomicInteger();
    vertx
        .eventBus()
        .addOutboundInterceptor(
            ctx -> {
              if (ctx.message().address().equals(Addresses.stage("slow"))
                  && attempts.incrementAndGet() == 1) {
                vertx.setTimer(
                    1,
                    t ->
                        vertx
                            .eventBus()
                            .<Envelope>consumer(
                                Addresses.stage("slow"),
                                m -> {
                                  slowCalls.incrementAndGet();
                                  m.reply(m.body().with(SLOW, "after the retry"));
                                }));
              }
              ctx.next();
            });
    vertx.eventBus().send(Addresses.INGRESS, event("flaky.event", null));
    Envelope done = finished.poll(5, TimeUnit.SECONDS);
    assertEquals(List.of("slow:retried", "slow:ok", "egress:ok"), trace(done));
    assertEquals(1, slowCalls.get());
  }

  @Test
  void anOptionalStageThatTimesOutIsSkipped() throws Exception {
    vertx.eventBus().<Envelope>consumer(Addresses.stage("slow"), m -> slowCalls.incrementAndGet());
    vertx.eventBus().send(Addresses.INGRESS, event("optional.timeout", null));
    Envelope done = finished.poll(5, TimeUnit.SECONDS);
    assertEquals(List.of("slow:skipped", "egress:ok"), trace(done));
    assertEquals(1, slowCalls.get(), "no retries configured");
  }

  @Test
  void aMissingRequiredStageDeadLetters() throws Exception {
    vertx.eventBus().send(Addresses.INGRESS, event("missing.required", null));
    Message<Envelope> dead = deadLetters.poll(5, TimeUnit.SECONDS);
    assertTrue(dead.headers().get(Addresses.HEADER_REASON).startsWith("no stage nobody"));
  }

  @Test
  void anEventTheStageRefusesIsDeadLetteredEvenWhenOptional() throws Exception {
    vertx.eventBus().send(Addresses.INGRESS, event("refused.event", null));
    Message<Envelope> dead = deadLetters.poll(5, TimeUnit.SECONDS);
    assertTrue(
        dead.headers().get(Addresses.HEADER_REASON).contains("(422)"),
        dead.headers().get(Addresses.HEADER_REASON));
  }

  @Test
  void aTypeWithoutRouteIsDeadLettered() throws Exception {
    vertx.eventBus().send(Addresses.INGRESS, event("stream.raid", null));
    Message<Envelope> dead = deadLetters.poll(5, TimeUnit.SECONDS);
    assertEquals("no route for type stream.raid", dead.headers().get(Addresses.HEADER_REASON));
  }

  @Test
  void aStageAnsweringWithSomethingElseIsDeadLetteredNotStuck() throws Exception {
    vertx.eventBus().consumer(Addresses.stage("moderation"), m -> m.reply("not an envelope"));
    vertx.eventBus().send(Addresses.INGRESS, event("chat.message", "hi"));
    Message<Envelope> dead = deadLetters.poll(5, TimeUnit.SECONDS);
    assertTrue(
        dead.headers().get(Addresses.HEADER_REASON).contains("something other than an envelope"));
    assertEquals(0, metrics.inFlight().get());
  }

  @Test
  void somethingElseOnIngressIsDroppedWithoutHarm() throws Exception {
    vertx.eventBus().send(Addresses.INGRESS, "garbage");
    vertx.eventBus().send(Addresses.INGRESS, event("chat.message", "!ping"));
    assertEquals("pong", finished.poll(5, TimeUnit.SECONDS).replies().get(0).text());
  }

  @Test
  void latencyIsRecordedPerStage() throws Exception {
    vertx.eventBus().send(Addresses.INGRESS, event("chat.message", "!ping"));
    finished.poll(5, TimeUnit.SECONDS);
    assertEquals(
        1,
        metrics
            .registry()
            .get("chorus.stage.latency")
            .tags("stage", "command", "outcome", "ok")
            .timer()
            .count());
    assertEquals(0, metrics.inFlight().get());
  }

  @Test
  void hopsCarryMicroseconds() throws Exception {
    vertx.eventBus().send(Addresses.INGRESS, event("chat.message", "!ping"));
    Envelope done = finished.poll(5, TimeUnit.SECONDS);
    for (Hop hop : done.trace()) {
      assertTrue(hop.micros() >= 0 && hop.micros() < 5_000_000, hop.toString());
    }
  }
}
