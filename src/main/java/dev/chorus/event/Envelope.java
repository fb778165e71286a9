package dev.chorus.event;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.time.Instant;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The one normalized event every stage exchanges. Immutable: stages return a changed copy through
 * the {@code with…} methods and never share mutable state through it.
 *
 * <p>The JSON form (see {@link EnvelopeJson}) is a public contract, pinned by a golden test; add
 * fields compatibly and bump {@link #VERSION} for breaking changes.
 *
 * @param id time-ordered id ({@link Ids}); the idempotency key everywhere
 * @param v schema version
 * @param type event type ({@link EventType})
 * @param community tenant key; every store and cache is scoped by it
 * @param platform {@code twitch}, {@code discord}, {@code slack}, {@code web}
 * @param channel channel or room it came from
 * @param author who sent it (absent for some system events)
 * @param text message text, bounded by the collector
 * @param raw the platform payload, when kept for audit
 * @param context what stages add: {@code person}, {@code command}, {@code moderation} …
 * @param replies what reaction stages want said
 * @param slip the steps still to run
 * @param trace per-stage timings, in the order they ran
 * @param receivedAt when the collector accepted it
 * @param origin the collector instance that accepted it; replies are delivered back to it
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({
  "id",
  "v",
  "type",
  "community",
  "platform",
  "channel",
  "author",
  "text",
  "raw",
  "context",
  "replies",
  "slip",
  "trace",
  "receivedAt",
  "origin"
})
public record Envelope(
    String id,
    int v,
    String type,
    String community,
    String platform,
    Channel channel,
    Author author,
    String text,
    Map<String, Object> raw,
    Map<String, Object> context,
    List<Reply> replies,
    RoutingSlip slip,
    List<Hop> trace,
    Instant receivedAt,
    String origin) {

  public static final int VERSION = 1;

  public Envelope {
    Checks.notBlank(id, "id");
    Checks.notBlank(type, "type");
    Checks.notBlank(community, "community");
    Checks.notBlank(platform, "platform");
    if (channel == null) {
      throw new IllegalArgumentException("channel is required");
    }
    if (receivedAt == null) {
      throw new IllegalArgumentException("receivedAt is required");
    }
    v = v == 0 ? VERSION : v;
    raw = raw == null ? null : Frozen.of(raw);
    context = context == null || context.isEmpty() ? Map.of() : Frozen.of(context);
    replies = replies == null ? List.of() : List.copyOf(replies);
    slip = slip == null ? RoutingSlip.EMPTY : slip;
    trace = trace == null ? List.of() : List.copyOf(trace);
  }

  /** A fresh envelope as a collector creates it: new id, no context, replies, slip or trace. */
  public static Envelope accepted(
      String type,
      String community,
      String platform,
      Channel channel,
      Author author,
      String text,
      Instant receivedAt,
      String origin) {
    return new Envelope(
        Ids.next(),
        VERSION,
        type,
        community,
        platform,
        channel,
        author,
        text,
        null,
        null,
        null,
        null,
        null,
        receivedAt,
        origin);
  }

  /** This envelope with a different id (a client-supplied idempotency key). */
  public Envelope withId(String newId) {
    return new Envelope(
        newId,
        v,
        type,
        community,
        platform,
        channel,
        author,
        text,
        raw,
        context,
        replies,
        slip,
        trace,
        receivedAt,
        origin);
  }

  public Envelope withRaw(Map<String, Object> newRaw) {
    return new Envelope(
        id,
        v,
        type,
        community,
        platform,
        channel,
        author,
        text,
        newRaw,
        context,
        replies,
        slip,
        trace,
        receivedAt,
        origin);
  }

  /**
   * This envelope with the context entry {@code key} set to {@code value} (replacing an earlier
   * one). Only declared keys ({@link ContextKey}, shared ones in {@link ContextKeys}) can be set.
   */
  public <T> Envelope with(ContextKey<T> key, T value) {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(value, "value");
    LinkedHashMap<String, Object> next = new LinkedHashMap<>(context);
    next.put(key.name(), value);
    return new Envelope(
        id,
        v,
        type,
        community,
        platform,
        channel,
        author,
        text,
        raw,
        Frozen.adopt(next),
        replies,
        slip,
        trace,
        receivedAt,
        origin);
  }

  /** The context entry {@code key}, read as its declared type whichever way the envelope came. */
  public <T> Optional<T> get(ContextKey<T> key) {
    Object stored = context.get(key.name());
    return stored == null ? Optional.empty() : Optional.of(key.read(stored));
  }

  public Envelope withReply(Reply reply) {
    List<Reply> next = new ArrayList<>(replies.size() + 1);
    next.addAll(replies);
    next.add(reply);
    return withReplies(next);
  }

  /** This event with {@code newReplies} in place of its replies (a stage rewriting them). */
  public Envelope withReplies(List<Reply> newReplies) {
    return new Envelope(
        id,
        v,
        type,
        community,
        platform,
        channel,
        author,
        text,
        raw,
        context,
        newReplies,
        slip,
        trace,
        receivedAt,
        origin);
  }

  /** Adds a reply to this event, in the channel it came from. */
  public Envelope reply(String stage, String replyText) {
    return withReply(Reply.to(this, replies.size(), stage, replyText));
  }

  public Envelope withSlip(RoutingSlip newSlip) {
    return new Envelope(
        id,
        v,
        type,
        community,
        platform,
        channel,
        author,
        text,
        raw,
        context,
        replies,
        newSlip,
        trace,
        receivedAt,
        origin);
  }

  /**
   * Stops the slip: only steps marked {@code always} still run. The reason is kept in the context
   * under {@code stopped} so the log and the overlay can show why.
   */
  public Envelope stop(String stage, String reason) {
    return withSlip(slip.stopped())
        .with(ContextKeys.STOPPED, new ContextKeys.Stopped(stage, reason));
  }

  public Envelope withHop(Hop hop) {
    List<Hop> next = new ArrayList<>(trace.size() + 1);
    next.addAll(trace);
    next.add(hop);
    return new Envelope(
        id,
        v,
        type,
        community,
        platform,
        channel,
        author,
        text,
        raw,
        context,
        replies,
        slip,
        next,
        receivedAt,
        origin);
  }

  /** True when a stage stopped the slip. */
  @JsonIgnore
  public boolean isStopped() {
    return context.containsKey(ContextKeys.STOPPED.name());
  }

  /**
   * Equal when every field is, the context compared by its JSON form: an entry holds the typed
   * value after a local hop and its JSON form after a clustered one, and both are the same
   * envelope.
   */
  @Override
  public boolean equals(Object o) {
    return o instanceof Envelope e
        && v == e.v
        && id.equals(e.id)
        && type.equals(e.type)
        && community.equals(e.community)
        && platform.equals(e.platform)
        && channel.equals(e.channel)
        && Objects.equals(author, e.author)
        && Objects.equals(text, e.text)
        && Objects.equals(raw, e.raw)
        && replies.equals(e.replies)
        && slip.equals(e.slip)
        && trace.equals(e.trace)
        && receivedAt.equals(e.receivedAt)
        && Objects.equals(origin, e.origin)
        && (context.equals(e.context)
            || EnvelopeJson.mapper()
                .valueToTree(context)
                .equals(EnvelopeJson.mapper().valueToTree(e.context)));
  }

  /** Leaves the context out, so envelopes equal by {@link #equals} hash alike. */
  @Override
  public int hashCode() {
    return Objects.hash(
        id, v, type, community, platform, channel, author, text, receivedAt, origin);
  }

  /**
   * An insertion-ordered map no one can change, made once: every {@code with…} passes the maps it
   * does not change straight to the next envelope, and this type tells the constructor that they
   * need no second copy (an envelope is rebuilt several times per stage on the hot path).
   */
  private static final class Frozen<V> extends AbstractMap<String, V> {
    private final Map<String, V> map;

    private Frozen(Map<String, V> copy) {
      this.map = Collections.unmodifiableMap(copy);
    }

    static <V> Map<String, V> of(Map<String, V> source) {
      return source instanceof Frozen<V> frozen
          ? frozen
          : new Frozen<>(new LinkedHashMap<>(source));
    }

    /** Takes {@code fresh} without copying: the caller made it and keeps no reference to it. */
    static <V> Map<String, V> adopt(LinkedHashMap<String, V> fresh) {
      return new Frozen<>(fresh);
    }

    @Override
    public Set<Entry<String, V>> entrySet() {
      return map.entrySet();
    }

    @Override
    public V get(Object key) {
      return map.get(key);
    }

    @Override
    public boolean containsKey(Object key) {
      return map.containsKey(key);
    }

    @Override
    public int size() {
      return map.size();
    }
  }
}
