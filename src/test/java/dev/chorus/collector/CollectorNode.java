package dev.chorus.collector;

import static dev.chorus.store.TestServices.await;

import dev.chorus.event.Addresses;
import dev.chorus.event.Envelope;
import dev.chorus.event.EnvelopeCodec;
import dev.chorus.event.Ids;
import dev.chorus.interactions.InteractionLog;
import dev.chorus.interactions.InteractionsVerticle;
import dev.chorus.metrics.ChorusMetrics;
import io.micrometer.core.instrument.Counter;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * One process of a collector test: a Vert.x instance, its metrics, one context the collector runs
 * on, and a consumer on the ingress address standing in for the router.
 */
final class CollectorNode {

  final Vertx vertx = Vertx.vertx();
  final ChorusMetrics metrics = ChorusMetrics.inMemory();
  private final Context context;
  private final ConcurrentLinkedQueue<Envelope> routed = new ConcurrentLinkedQueue<>();
  private final LinkedBlockingQueue<String> barriers = new LinkedBlockingQueue<>();

  CollectorNode() {
    EnvelopeCodec.register(vertx);
    context = vertx.getOrCreateContext();
    await(
        vertx
            .eventBus()
            .consumer(
                Addresses.INGRESS,
                message -> {
                  if (message.body() instanceof Envelope envelope) {
                    routed.add(envelope);
                  } else {
                    barriers.add(String.valueOf(message.body()));
                  }
                })
            .completion());
  }

  /** Deploys the real interactions verticle over {@code log}. */
  void deployLog(InteractionLog log, int maxQueue) {
    await(vertx.deployVerticle(new InteractionsVerticle(log, metrics, 100, maxQueue)));
  }

  IngestClient client(Duration journalTimeout) {
    return new IngestClient(vertx, metrics, Ids.next(), journalTimeout);
  }

  /** Ingests on this node's collector context and waits for the outcome. */
  IngestOutcome ingest(IngestClient client, Envelope envelope) {
    return await(ingestLater(client, envelope));
  }

  Future<IngestOutcome> ingestLater(IngestClient client, Envelope envelope) {
    Promise<IngestOutcome> outcome = Promise.promise();
    context.runOnContext(v -> client.ingest(envelope).onComplete(outcome));
    return outcome.future();
  }

  /**
   * Every envelope routed so far. A barrier message goes to ingress from the collector's context
   * after the ingests the caller waited for, so anything they routed has arrived before it.
   */
  List<Envelope> routed() {
    String barrier = UUID.randomUUID().toString();
    context.runOnContext(v -> vertx.eventBus().send(Addresses.INGRESS, barrier));
    try {
      String seen = barriers.poll(60, TimeUnit.SECONDS);
      if (!barrier.equals(seen)) {
        throw new AssertionError("ingress barrier lost: " + seen);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
    return List.copyOf(routed);
  }

  double acceptedCount() {
    return metrics.registry().find(ChorusMetrics.EVENTS_ACCEPTED).counters().stream()
        .mapToDouble(Counter::count)
        .sum();
  }

  void close() {
    await(vertx.close());
  }
}
