package dev.chorus.interactions;

import static net.logstash.logback.argument.StructuredArguments.kv;

import dev.chorus.event.Addresses;
import dev.chorus.event.Envelope;
import dev.chorus.event.EnvelopeCodec;
import dev.chorus.event.Reply;
import dev.chorus.metrics.ChorusMetrics;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The interaction-log writer. Consumes {@link Addresses#INTERACTIONS} (header {@code chorus-kind}:
 * {@code event} and {@code reply} are request/reply, {@code finished} is send) and {@link
 * Addresses#DEAD_LETTER}. The reply to an event, once it is durable, is {@code {"new": bool, "id":
 * …}} (the id of the event holding its key); to replies, the ids of those stored for the first
 * time. A failure ({@link Addresses#FAILURE_OVERLOADED}, {@link Addresses#FAILURE_INVALID}, {@link
 * Addresses#FAILURE_UNAVAILABLE}) means nothing was stored.
 */
public final class InteractionsVerticle extends VerticleBase {

  private static final Logger LOG = LoggerFactory.getLogger(InteractionsVerticle.class);

  /** A batch writing longer than this makes probes report the log as unavailable. */
  static final long STALLED_MS = 5_000;

  private final InteractionLog log;
  private final ChorusMetrics metrics;
  private final int batchSize;
  private final int maxQueue;
  private final long drainMs;
  private final SpillOptions spillOptions;
  private InteractionLogWriter writer;
  private SpillBuffer spill;

  /**
   * Where this writer spills while its store is down or slow ({@link InteractionLogWriter.Spill}).
   *
   * @param directory the buffers' directory: this writer takes the first {@code spill-N.mv.db} no
   *     other writer of the process holds, so a restart with as many instances drains every file
   */
  public record SpillOptions(
      java.nio.file.Path directory, int maxRows, long afterMs, long retryMs) {}

  public InteractionsVerticle(
      InteractionLog log, ChorusMetrics metrics, int batchSize, int maxQueue) {
    this(log, metrics, batchSize, maxQueue, 10_000);
  }

  /**
   * @param drainMs how long stopping waits for queued rows to be written (the store may be frozen)
   */
  public InteractionsVerticle(
      InteractionLog log, ChorusMetrics metrics, int batchSize, int maxQueue, long drainMs) {
    this(log, metrics, batchSize, maxQueue, drainMs, null);
  }

  /**
   * @param spill the local spill buffer's options, or {@code null} to refuse input while the store
   *     is down
   */
  public InteractionsVerticle(
      InteractionLog log,
      ChorusMetrics metrics,
      int batchSize,
      int maxQueue,
      long drainMs,
      SpillOptions spill) {
    this.spillOptions = spill;
    this.log = Objects.requireNonNull(log, "log");
    this.metrics = Objects.requireNonNull(metrics, "metrics");
    this.batchSize = batchSize;
    this.maxQueue = maxQueue;
    this.drainMs = drainMs;
  }

  @Override
  public Future<?> start() {
    EnvelopeCodec.register(vertx);
    Future<SpillBuffer> opened =
        spillOptions == null
            ? Future.succeededFuture()
            : vertx.executeBlocking(() -> openSpill(spillOptions), true);
    return opened
        .compose(
            buffer -> {
              spill = buffer;
              writer =
                  new InteractionLogWriter(
                      log,
                      batchSize,
                      maxQueue,
                      metrics,
                      buffer == null
                          ? null
                          : new InteractionLogWriter.Spill(
                              vertx,
                              buffer,
                              spillOptions.maxRows(),
                              spillOptions.afterMs(),
                              spillOptions.retryMs()));
              return writer.start();
            })
        .compose(
            v -> {
              var interactions =
                  vertx.eventBus().<Object>consumer(Addresses.INTERACTIONS, this::onInteraction);
              var deadLetters =
                  vertx.eventBus().<Envelope>consumer(Addresses.DEAD_LETTER, this::onDeadLetter);
              return Future.all(interactions.completion(), deadLetters.completion());
            });
  }

  /** Takes the first buffer file of the directory that no other writer holds. */
  private static SpillBuffer openSpill(SpillOptions options) throws java.io.IOException {
    RuntimeException last = null;
    for (int i = 0; i < 64; i++) {
      try {
        return SpillBuffer.open(
            options.directory().resolve("spill-" + i + ".mv.db"), options.maxRows());
      } catch (org.h2.mvstore.MVStoreException e) {
        if (e.getErrorCode() != org.h2.mvstore.DataUtils.ERROR_FILE_LOCKED) {
          throw e;
        }
        last = e; // held by another instance of this process
      }
    }
    throw new java.io.IOException("no free spill buffer file in " + options.directory(), last);
  }

  /**
   * Flushes what is queued before the verticle goes away (consumers are already unregistered), for
   * at most {@code drainMs}: a frozen store must not hold the process. Rows still queued then were
   * never acknowledged (their collectors answer {@code unavailable}), so giving up loses nothing
   * that was promised.
   */
  @Override
  public Future<?> stop() {
    Promise<Void> stopped = Promise.promise();
    long timer =
        vertx.setTimer(
            Math.max(1, drainMs),
            t -> {
              if (stopped.tryComplete()) {
                LOG.warn(
                    "stopping with {} rows not written after {} ms (none was acknowledged)",
                    writer.queued(),
                    drainMs);
              }
            });
    writer
        .drain()
        .onComplete(
            ar -> {
              vertx.cancelTimer(timer);
              stopped.tryComplete();
            });
    if (spill == null) {
      return stopped.future();
    }
    // after the ordered blocking calls still queued on this context
    return stopped
        .future()
        .compose(
            v ->
                vertx.executeBlocking(
                    () -> {
                      spill.close();
                      return null;
                    },
                    true));
  }

  private void onInteraction(Message<Object> message) {
    String kind = message.headers().get(Addresses.HEADER_KIND);
    if (Addresses.KIND_PROBE.equals(kind)) {
      String problem = writer.problem(STALLED_MS);
      if (problem == null) {
        message.reply(
            new JsonObject().put("queued", writer.queued()).put("spilled", writer.spilled()));
      } else {
        message.fail(Addresses.FAILURE_UNAVAILABLE, problem);
      }
      return;
    }
    if (Addresses.KIND_FINISHED.equals(kind)) {
      if (message.body() instanceof String eventId) {
        writer.finished(eventId);
      }
      return;
    }
    if (!(message.body() instanceof Envelope envelope)) {
      message.fail(400, "expected an envelope");
      return;
    }
    if (kind == null || Addresses.KIND_EVENT.equals(kind)) {
      journalEvent(message, envelope, message.headers().get(Addresses.HEADER_KEY));
    } else if (Addresses.KIND_RECORD.equals(kind)) {
      writer
          .submit(Interaction.ofRecord(envelope))
          .onComplete(
              ar -> {
                if (ar.failed()) {
                  fail(message, envelope, ar.cause());
                } else {
                  message.reply(new JsonObject().put("new", ar.result()));
                }
              });
    } else if (Addresses.KIND_REPLY.equals(kind)) {
      Instant now = Instant.now();
      List<Future<Boolean>> writes = new ArrayList<>();
      for (Reply reply : envelope.replies()) {
        writes.add(writer.submit(Interaction.ofReply(envelope, reply, now)));
      }
      Future.all(writes)
          .onComplete(
              ar -> {
                if (ar.failed()) {
                  fail(message, envelope, ar.cause());
                  return;
                }
                // Only replies stored for the first time are delivered: a resumed event says
                // nothing twice.
                JsonArray fresh = new JsonArray();
                for (int i = 0; i < writes.size(); i++) {
                  if (Boolean.TRUE.equals(writes.get(i).result())) {
                    fresh.add(envelope.replies().get(i).id());
                  }
                }
                message.reply(fresh);
              });
    } else {
      LOG.warn("{}: unknown interaction kind '{}'", kv("eventId", envelope.id()), kind);
      message.fail(400, "unknown interaction kind " + kind);
    }
  }

  /**
   * Replies {@code {"new": true|false, "id": …}}: {@code id} is the event that holds the key — this
   * one when new, the earlier one for a resend — so the collector acknowledges the id it knows.
   */
  private void journalEvent(Message<Object> message, Envelope envelope, String key) {
    Interaction row = Interaction.ofEvent(envelope, key);
    writer
        .submit(row)
        .compose(
            isNew ->
                isNew
                    ? Future.succeededFuture(new JsonObject().put("new", true).put("id", row.id()))
                    : writer
                        .keyHolder(envelope.community(), row.effectiveKey())
                        .map(
                            holder ->
                                new JsonObject()
                                    .put("new", false)
                                    .put("id", holder == null ? row.id() : holder)))
        .onComplete(
            ar -> {
              if (ar.failed()) {
                fail(message, envelope, ar.cause());
              } else {
                message.reply(ar.result());
              }
            });
  }

  private void onDeadLetter(Message<Envelope> message) {
    Envelope envelope = message.body();
    String reason = message.headers().get(Addresses.HEADER_REASON);
    writer
        .submit(
            Interaction.ofDeadLetter(envelope, reason == null ? "unknown" : reason, Instant.now()))
        .onSuccess(v -> writer.finished(envelope.id()))
        .onFailure(
            e ->
                LOG.error(
                    "{}: dead letter not logged: {}", kv("eventId", envelope.id()), e.toString()));
  }

  private static void fail(Message<?> message, Envelope envelope, Throwable cause) {
    if (cause instanceof InteractionLogWriter.OverloadedException) {
      message.fail(Addresses.FAILURE_OVERLOADED, "overloaded: " + cause.getMessage());
    } else if (StoreFailures.isPermanent(cause)) {
      LOG.info("{}: the log cannot store it: {}", kv("eventId", envelope.id()), cause.toString());
      message.fail(Addresses.FAILURE_INVALID, "the input cannot be stored: " + rootMessage(cause));
    } else {
      LOG.error(
          "{}: interaction log write failed: {}", kv("eventId", envelope.id()), cause.toString());
      message.fail(Addresses.FAILURE_UNAVAILABLE, "interaction log unavailable");
    }
  }

  private static String rootMessage(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null && t.getCause() != t) {
      t = t.getCause();
    }
    String m = String.valueOf(t.getMessage());
    return m.length() > 200 ? m.substring(0, 200) : m;
  }
}
