package dev.chorus.community;

import dev.chorus.event.Platforms;
import dev.chorus.event.TextHygiene;
import dev.chorus.module.JsonResponses;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Validation of the communities admin API's input: each check returns a message naming the field,
 * or {@code null} when the value is fine. Limits are the columns' ({@code V3__communities.sql}).
 */
final class CommunityInput {

  /** The same shape {@code /ws/chat} accepts. */
  static final Pattern ID = Pattern.compile("[a-z0-9][a-z0-9_-]{0,63}");

  private static final Pattern SETTING = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,127}");
  private static final Set<String> PLATFORMS =
      Set.of(Platforms.TWITCH, Platforms.DISCORD, Platforms.SLACK, Platforms.WEB);
  private static final int MAX_NAME = 128;
  private static final int MAX_SETTING = 8000;
  private static final int MAX_CHANNELS = 100;
  private static final int MAX_SETTINGS = 200;

  record Channel(String platform, String id, String name) {}

  private CommunityInput() {}

  /** The request's JSON object, or null after answering 400. */
  static JsonObject body(RoutingContext ctx) {
    // The API contract in front may have read the body already, with its own larger limit.
    if (ctx.body().length() > CommunitiesApi.MAX_BODY) {
      JsonResponses.error(
          ctx,
          413,
          "body_too_large",
          "the request body is larger than " + CommunitiesApi.MAX_BODY + " bytes");
      return null;
    }
    try {
      Object parsed = ctx.body().buffer() == null ? null : ctx.body().asJsonObject();
      if (parsed instanceof JsonObject json) {
        return json;
      }
    } catch (DecodeException | ClassCastException e) {
      // answered below
    }
    JsonResponses.error(ctx, 400, "invalid_json", "the body must be a JSON object");
    return null;
  }

  static String idProblem(String id) {
    return id != null && ID.matcher(id).matches()
        ? null
        : "id must be 1-64 lower-case letters, digits, - or _, starting with a letter or digit";
  }

  static String nameProblem(Object name) {
    if (!(name instanceof String s) || s.isBlank() || s.length() > MAX_NAME || hasControl(s)) {
      return "name must be a non-empty string of at most " + MAX_NAME + " characters";
    }
    return TextHygiene.nameProblem(TextHygiene.nfc(s), "name");
  }

  static String channelProblem(String platform, String id, Object name) {
    if (platform == null || !PLATFORMS.contains(platform)) {
      return "platform must be one of " + PLATFORMS;
    }
    if (id == null || id.isBlank() || id.length() > MAX_NAME || hasControl(id)) {
      return "channel id must be 1-" + MAX_NAME + " characters";
    }
    String idProblem = TextHygiene.nameProblem(TextHygiene.nfc(id), "channel id");
    if (idProblem != null) {
      return idProblem;
    }
    String nameProblem = nameProblem(name);
    if (nameProblem != null) {
      return "channel " + nameProblem;
    }
    return null;
  }

  /** Reads {@code [{"platform","id","name"}]} into {@code out}; null value: none. */
  static String channels(Object value, List<Channel> out) {
    if (value == null) {
      return null;
    }
    if (!(value instanceof JsonArray array) || array.size() > MAX_CHANNELS) {
      return "channels must be an array of at most " + MAX_CHANNELS + " objects";
    }
    for (Object item : array) {
      if (!(item instanceof JsonObject c)) {
        return "each channel must be an object {platform, id, name}";
      }
      Object platform = c.getValue("platform");
      Object id = c.getValue("id");
      if (!(platform instanceof String p) || !(id instanceof String i)) {
        return "each channel needs platform and id strings";
      }
      String problem = channelProblem(p, i, c.getValue("name", i));
      if (problem != null) {
        return problem;
      }
      out.add(new Channel(p, i, TextHygiene.nfc(c.getValue("name", i).toString())));
    }
    return null;
  }

  /** Reads {@code {"name": "value"}} into {@code out}; null values only when {@code removals}. */
  static String settings(Object value, Map<String, String> out, boolean removals) {
    if (value == null) {
      return null;
    }
    if (!(value instanceof JsonObject object) || object.size() > MAX_SETTINGS) {
      return "settings must be an object of at most " + MAX_SETTINGS + " entries";
    }
    for (Map.Entry<String, Object> e : object) {
      if (!SETTING.matcher(e.getKey()).matches()) {
        return "setting names are 1-128 letters, digits, '.', '_' or '-': " + shorten(e.getKey());
      }
      Object v = e.getValue();
      if (v == null && removals) {
        out.put(e.getKey(), null);
      } else if (v instanceof String s && s.length() <= MAX_SETTING && s.indexOf('\0') < 0) {
        out.put(e.getKey(), s);
      } else {
        return "setting " + e.getKey() + " must be a string of at most " + MAX_SETTING + " chars";
      }
    }
    return null;
  }

  private static boolean hasControl(String s) {
    return s.chars().anyMatch(c -> c < 0x20 || c == 0x7F);
  }

  private static String shorten(String s) {
    return s.length() <= 40 ? s : s.substring(0, 40) + "…";
  }
}
