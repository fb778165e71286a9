package dev.chorus.event;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.MessageCodec;

/**
 * Event-bus codec for {@link Envelope}. In-process delivery passes the immutable record itself
 * (unless wire-hop mode is on, see {@link #transform}); clustered delivery writes a length-prefixed
 * JSON body.
 */
public final class EnvelopeCodec implements MessageCodec<Envelope, Envelope> {

  public static final String NAME = "chorus.envelope";

  /** System property that turns on wire-hop mode (see {@link #transform}). */
  public static final String WIRE_HOPS_PROPERTY = "chorus.eventbus.wireHops";

  private static final boolean WIRE_HOPS = Boolean.getBoolean(WIRE_HOPS_PROPERTY);

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

  /**
   * In-process delivery hands over the immutable record itself. In wire-hop mode (system property
   * {@value #WIRE_HOPS_PROPERTY} = true, a test mode) every local hop goes through the JSON
   * encoding instead, exactly as a clustered hop does, so a suite run in that mode proves that what
   * a stage reads after a remote hop is what the previous stage wrote.
   */
  @Override
  public Envelope transform(Envelope envelope) {
    return WIRE_HOPS ? EnvelopeJson.decode(EnvelopeJson.encode(envelope)) : envelope;
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
