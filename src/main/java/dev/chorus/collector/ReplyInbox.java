package dev.chorus.collector;

import dev.chorus.event.Addresses;
import dev.chorus.event.Delivery;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where the replies to one collector instance's events arrive: a consumer on {@link
 * Addresses#egress(String, String) chorus.egress.<platform>.<origin>} that decodes each message
 * into a {@link Delivery} and hands it to the collector. Egress addresses each reply to the
 * instance that accepted the event it answers, so an inbox sees only its own.
 *
 * <p>One per collector instance, opened on the instance's context (deliveries run there) with the
 * same origin as its {@link IngestClient}. A message that is not a delivery is logged and dropped:
 * the sender is at fault and there is no one to answer.
 */
public final class ReplyInbox {

  private static final Logger LOG = LoggerFactory.getLogger(ReplyInbox.class);

  private final String platform;
  private final String origin;
  private final Handler<Delivery> handler;
  private final MessageConsumer<Object> consumer;

  private ReplyInbox(Vertx vertx, String platform, String origin, Handler<Delivery> handler) {
    this.platform = platform;
    this.origin = origin;
    this.handler = handler;
    this.consumer = vertx.eventBus().consumer(Addresses.egress(platform, origin), this::onMessage);
  }

  /**
   * Starts listening. The future completes when the consumer is registered (in a cluster: known to
   * the other members), so replies sent after that find it.
   *
   * @param origin the collector instance's id, as given by {@link IngestClient#origin()}
   */
  public static Future<ReplyInbox> open(
      Vertx vertx, String platform, String origin, Handler<Delivery> handler) {
    Objects.requireNonNull(vertx, "vertx");
    Objects.requireNonNull(handler, "handler");
    if (platform == null || platform.isBlank() || origin == null || origin.isBlank()) {
      throw new IllegalArgumentException("platform and origin are required");
    }
    ReplyInbox inbox = new ReplyInbox(vertx, platform, origin, handler);
    return inbox.consumer.completion().map(inbox);
  }

  public String platform() {
    return platform;
  }

  /** The collector instance this inbox belongs to. */
  public String origin() {
    return origin;
  }

  /** Stops listening; replies sent afterwards find no handler. */
  public Future<Void> close() {
    return consumer.unregister();
  }

  private void onMessage(Message<Object> message) {
    Delivery delivery;
    try {
      if (!(message.body() instanceof JsonObject json)) {
        throw new IllegalArgumentException("delivery must be a JSON object");
      }
      delivery = Delivery.fromJson(json.getMap());
    } catch (IllegalArgumentException e) {
      LOG.warn("dropped a message on {}: {}", message.address(), e.getMessage());
      return;
    }
    handler.handle(delivery);
  }
}
