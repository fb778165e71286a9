package dev.chorus.event;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.MessageCodec;

/**
 * Event-bus codec for {@link Envelope}. In-process delivery passes the immutable record itself (no
 * copy, no serialization); clustered delivery writes a length-prefixed JSON body.
 */
public final class EnvelopeCodec implements MessageCodec<Envelope, Envelope> {

  public static final String NAME = "chorus.envelope";

  /**
   * Registers the codec as the default for {@link Envelope} on this Vert.x instance. Safe to call
   * more than once (every verticle calls it in {@code start()}).
   */
  public static void register(Vertx vertx) {
    try {
      vertx.eventBus().registerDefaultCodec(Envelope.class, new EnvelopeCodec());
    } catch (IllegalStateException alreadyRegistered) {
      // another verticle in this Vert.x instance registered it first
    }
  }

  @Override
  public void encodeToWire(Buffer buffer, Envelope envelope) {
    byte[] json = EnvelopeJson.encode(envelope);
    buffer.appendInt(json.length);
    buffer.appendBytes(json);
  }

  @Override
  public Envelope decodeFromWire(int pos, Buffer buffer) {
    int length = buffer.getInt(pos);
    return EnvelopeJson.decode(buffer.getBytes(pos + 4, pos + 4 + length));
  }

  @Override
  public Envelope transform(Envelope envelope) {
    return envelope;
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public byte systemCodecID() {
    return -1;
  }
}
