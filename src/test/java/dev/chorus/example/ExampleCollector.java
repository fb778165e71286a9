package dev.chorus.example;

import dev.chorus.collector.IngestClient;
import dev.chorus.collector.PlatformMessage;
import dev.chorus.collector.ReplyInbox;
import dev.chorus.event.Author;
import dev.chorus.event.Channel;
import dev.chorus.event.Delivery;
import dev.chorus.metrics.ChorusMetrics;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.NetSocket;
import io.vertx.core.parsetools.RecordParser;
import java.time.Instant;

/**
 * A test-scope collector on the collector kit: connects to {@link ExamplePlatform}, turns each line
 * into an event with the platform message's deterministic id, ingests it, and writes the replies
 * its {@link ReplyInbox} receives back to the platform.
 */
final class ExampleCollector extends VerticleBase {

  static final String PLATFORM = "example";
  static final String COMMUNITY = "example";

  private final int platformPort;
  private final ChorusMetrics metrics;
  private NetSocket socket;
  private ReplyInbox inbox;

  ExampleCollector(int platformPort, ChorusMetrics metrics) {
    this.platformPort = platformPort;
    this.metrics = metrics;
  }

  @Override
  public Future<?> start() {
    IngestClient ingest = new IngestClient(vertx, metrics);
    return ReplyInbox.open(vertx, PLATFORM, ingest.origin(), this::reply)
        .compose(
            opened -> {
              inbox = opened;
              return vertx.createNetClient().connect(platformPort, "127.0.0.1");
            })
        .onSuccess(
            s -> {
              socket = s;
              s.handler(
                  RecordParser.newDelimited(
                      "\n", line -> onMessage(ingest, new JsonObject(line.toString()))));
            });
  }

  private void onMessage(IngestClient ingest, JsonObject message) {
    ingest.ingest(
        PlatformMessage.of(
                PLATFORM,
                COMMUNITY,
                message.getString("id"),
                Instant.ofEpochMilli(message.getLong("sentAt")))
            .channel(new Channel(message.getString("channel"), message.getString("channel")))
            .author(new Author(message.getString("user"), message.getString("user"), null, null))
            .text(message.getString("text"))
            .envelope());
  }

  private void reply(Delivery delivery) {
    socket.write(
        new JsonObject()
                .put("inReplyTo", delivery.inReplyTo())
                .put("text", delivery.text())
                .encode()
            + "\n");
  }

  /**
   * Closes the platform connection itself: Vert.x 5 undeploys a verticle's clients with a graceful
   * shutdown that waits up to 30 s for their connections to end on their own.
   */
  @Override
  public Future<?> stop() {
    Future<Void> closed = socket == null ? Future.succeededFuture() : socket.close();
    return closed.eventually(() -> inbox == null ? Future.succeededFuture() : inbox.close());
  }
}
