package dev.chorus.overlay;

import dev.chorus.event.Author;
import dev.chorus.event.ContextKeys;
import dev.chorus.event.Envelope;
import dev.chorus.event.EventType;
import dev.chorus.event.Reply;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * What an overlay shows of one finished envelope: a pure function from the envelope to its frames,
 * before the sequencer numbers them. A chat line (unless a stage stopped it), an alert (follow,
 * sub, raid, cheer, redemption) or any other event type as itself, then one {@code bot.reply} frame
 * per reply. Field names are the overlay's public contract ({@code docs/events.md}, "Overlay
 * frames").
 */
public final class OverlayFrames {

  /** Frame type of a bot reply. */
  public static final String BOT_REPLY = "bot.reply";

  private static final Pattern HEX_COLOUR = Pattern.compile("#[0-9a-fA-F]{6}");

  /** Raw fields copied into {@code data} need to be small scalars; this bounds a string. */
  private static final int MAX_DATA_STRING = 200;

  private OverlayFrames() {}

  /** The frames of {@code envelope}, in the order an overlay shows them (without {@code seq}). */
  public static List<JsonObject> of(Envelope envelope) {
    List<JsonObject> frames = new ArrayList<>(1 + envelope.replies().size());
    boolean hiddenLine = EventType.CHAT_MESSAGE.equals(envelope.type()) && envelope.isStopped();
    if (!hiddenLine) {
      frames.add(event(envelope));
    }
    for (Reply reply : envelope.replies()) {
      frames.add(reply(envelope, reply));
    }
    return frames;
  }

  private static JsonObject event(Envelope e) {
    JsonObject frame = base(e.type(), e.id(), e);
    frame.put("platform", e.platform()).put("channel", e.channel().id());
    if (e.channel().name() != null && !e.channel().name().equals(e.channel().id())) {
      frame.put("channelName", e.channel().name());
    }
    if (e.author() != null) {
      frame.put("author", author(e));
    }
    if (e.text() != null) {
      frame.put("text", e.text());
    }
    JsonObject data = data(e.raw());
    if (!data.isEmpty()) {
      frame.put("data", data);
    }
    e.get(ContextKeys.COMMAND)
        .filter(ContextKeys.Command::known)
        .ifPresent(c -> frame.put("command", c.name()));
    return frame;
  }

  private static JsonObject reply(Envelope e, Reply reply) {
    JsonObject frame = base(BOT_REPLY, reply.id(), e);
    frame
        .put("inReplyTo", e.id())
        .put("platform", reply.platform())
        .put("channel", reply.channel());
    return frame.put("text", reply.text());
  }

  private static JsonObject base(String type, String id, Envelope e) {
    return new JsonObject()
        .put("type", type)
        .put("id", id)
        .put("community", e.community())
        .put("at", e.receivedAt().toString());
  }

  /** Who said it, as a viewer should see them: nickname or display name, pronouns, a colour. */
  static JsonObject author(Envelope e) {
    Author a = e.author();
    JsonObject author = new JsonObject().put("id", a.id()).put("login", a.login());
    var person = e.get(ContextKeys.PERSON);
    String name = person.map(ContextKeys.Speaker::addressedAs).orElse(a.displayName());
    author.put("name", name == null || name.isBlank() ? a.displayName() : name);
    person
        .map(ContextKeys.Speaker::pronouns)
        .filter(p -> !p.isBlank())
        .ifPresent(p -> author.put("pronouns", p));
    if (!a.roles().isEmpty()) {
      author.put("roles", a.roles());
    }
    return author.put("colour", colour(e.platform(), a.id(), e.raw()));
  }

  /**
   * The platform's colour for the user when it gave one ({@code color} in the raw payload, as
   * Twitch IRC tags do), else one derived from the user id, so a person keeps their colour.
   */
  static String colour(String platform, String userId, Map<String, Object> raw) {
    Object given = raw == null ? null : raw.get("color");
    if (given instanceof String s && HEX_COLOUR.matcher(s).matches()) {
      return s.toLowerCase(Locale.ROOT);
    }
    int hue = Math.floorMod((platform + ":" + userId).hashCode(), 360);
    // Saturated and light enough to read on dark and transparent backgrounds.
    return hsv(hue, 0.55, 0.95);
  }

  private static String hsv(int hue, double saturation, double value) {
    double c = value * saturation;
    double x = c * (1 - Math.abs((hue / 60.0) % 2 - 1));
    double m = value - c;
    double[] rgb =
        switch (hue / 60) {
          case 0 -> new double[] {c, x, 0};
          case 1 -> new double[] {x, c, 0};
          case 2 -> new double[] {0, c, x};
          case 3 -> new double[] {0, x, c};
          case 4 -> new double[] {x, 0, c};
          default -> new double[] {c, 0, x};
        };
    return String.format(
        Locale.ROOT,
        "#%02x%02x%02x",
        Math.round((rgb[0] + m) * 255),
        Math.round((rgb[1] + m) * 255),
        Math.round((rgb[2] + m) * 255));
  }

  /** Small scalar fields of the raw payload (viewers, bits, tier, months, reward title …). */
  static JsonObject data(Map<String, Object> raw) {
    JsonObject data = new JsonObject();
    if (raw == null) {
      return data;
    }
    for (Map.Entry<String, Object> entry : raw.entrySet()) {
      Object value = entry.getValue();
      if (value instanceof Number || value instanceof Boolean) {
        data.put(entry.getKey(), value);
      } else if (value instanceof String s && s.length() <= MAX_DATA_STRING) {
        data.put(entry.getKey(), s);
      } else if (value instanceof Map<?, ?> nested && "reward".equals(entry.getKey())) {
        Object title = nested.get("title");
        if (title instanceof String t) {
          data.put("reward", t.length() <= MAX_DATA_STRING ? t : t.substring(0, MAX_DATA_STRING));
        }
      }
    }
    return data;
  }
}
