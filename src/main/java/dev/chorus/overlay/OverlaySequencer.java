package dev.chorus.overlay;

import static net.logstash.logback.argument.StructuredArguments.kv;

import dev.chorus.event.Addresses;
import dev.chorus.event.Envelope;
import dev.chorus.event.EnvelopeCodec;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import io.vertx.core.shareddata.Counter;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Numbers the overlay frames of every envelope that finished its slip in this process and publishes
 * them on {@link Addresses#OVERLAY_FRAMES}.
 *
 * <p>It listens to {@link Addresses#OVERLAY} with a <em>local</em> consumer: the router publishes
 * each finished envelope once, on the node that drove it, so each envelope is numbered exactly once
 * in the cluster however many nodes run this verticle. Numbers come from one counter per community
 * in Vert.x shared data (a Hazelcast atomic long in a cluster), taken as a block per envelope, so
 * every node's feed numbers a community's frames the same way and a client can resume on any node.
 * Per community the envelopes are numbered one after another (the next waits for the previous
 * block), so within a node frames are published in number order.
 */
public final class OverlaySequencer extends VerticleBase {

  private static final Logger LOG = LoggerFactory.getLogger(OverlaySequencer.class);

  /** Prefix of the shared counters, one per community. */
  static final String COUNTER_PREFIX = "chorus.overlay.seq.";

  /** Bounds the per-community state: communities idle that long are forgotten (map cleared). */
  private static final int MAX_COMMUNITIES = 10_000;

  private final Map<String, Future<Void>> tails = new HashMap<>();
  private final Map<String, Counter> counters = new HashMap<>();
  private MessageConsumer<Object> consumer;

  @Override
  public Future<?> start() {
    EnvelopeCodec.register(vertx);
    consumer = vertx.eventBus().localConsumer(Addresses.OVERLAY, this::onFinished);
    return consumer.completion();
  }

  private void onFinished(Message<Object> message) {
    if (!(message.body() instanceof Envelope envelope)) {
      LOG.warn("dropped a non-envelope on {}", Addresses.OVERLAY);
      return;
    }
    List<JsonObject> frames;
    try {
      frames = OverlayFrames.of(envelope);
    } catch (RuntimeException e) {
      LOG.warn("{}: no overlay frames: {}", kv("eventId", envelope.id()), e.toString());
      return;
    }
    if (frames.isEmpty()) {
      return;
    }
    String community = envelope.community();
    if (tails.size() >= MAX_COMMUNITIES && !tails.containsKey(community)) {
      tails.entrySet().removeIf(t -> t.getValue().isComplete());
      if (counters.size() >= MAX_COMMUNITIES) {
        counters.clear();
      }
    }
    Future<Void> previous = tails.getOrDefault(community, Future.succeededFuture());
    Future<Void> next =
        previous
            .transform(ignored -> counter(community))
            .compose(counter -> counter.addAndGet(frames.size()))
            .map(
                last -> {
                  long seq = last - frames.size() + 1;
                  for (JsonObject frame : frames) {
                    vertx.eventBus().publish(Addresses.OVERLAY_FRAMES, frame.put("seq", seq++));
                  }
                  return (Void) null;
                })
            .onFailure(
                e ->
                    LOG.warn(
                        "{}: overlay frames not numbered: {}",
                        kv("eventId", envelope.id()),
                        e.toString()));
    tails.put(community, next);
  }

  private Future<Counter> counter(String community) {
    Counter known = counters.get(community);
    if (known != null) {
      return Future.succeededFuture(known);
    }
    return vertx
        .sharedData()
        .getCounter(COUNTER_PREFIX + community)
        .onSuccess(c -> counters.put(community, c));
  }

  @Override
  public Future<?> stop() {
    return consumer == null ? Future.succeededFuture() : consumer.unregister();
  }
}
