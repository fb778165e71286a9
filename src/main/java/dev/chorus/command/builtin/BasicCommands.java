package dev.chorus.command.builtin;

import dev.chorus.command.CommandCall;
import dev.chorus.command.CommandPolicy;
import dev.chorus.command.CommunitySettings;
import dev.chorus.command.template.Echo;
import dev.chorus.event.PermissionLevel;
import dev.chorus.event.Platforms;
import io.vertx.core.Future;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/** {@code !ping}, {@code !whoami}, {@code !uptime}, {@code !say}, {@code !so}. */
public final class BasicCommands {

  private BasicCommands() {}

  public static List<Builtin> all(CommunitySettings settings, Clock clock) {
    CommandPolicy everyone = CommandPolicy.OPEN;
    CommandPolicy moderators = CommandPolicy.of(PermissionLevel.MODERATOR);
    return List.of(
        new SimpleBuiltin("ping", "checks that the bot is listening", everyone, c -> done("pong")),
        new SimpleBuiltin(
            "whoami", "says who the bot thinks you are", everyone, BasicCommands::whoami),
        new SimpleBuiltin(
            "uptime",
            "how long the stream has been live",
            everyone.withCooldowns(5, 0),
            c -> uptime(c, settings, clock)),
        new SimpleBuiltin(
            "say",
            "<prefix>say <text>: the bot says the text (moderators; through an alias, everyone)",
            moderators,
            PermissionLevel.VIEWER,
            BasicCommands::say),
        new SimpleBuiltin(
            "so",
            "<prefix>so @user: a shout-out for another streamer",
            moderators,
            BasicCommands::shoutout));
  }

  private static Future<String> whoami(CommandCall c) {
    return done(
        "You are " + Echo.of(c.caller().name()) + " (person " + c.caller().personId() + ").");
  }

  /**
   * A moderator's text is said whole (the platform's limit applies); a viewer reaching {@code !say}
   * through an alias gets it bounded like every other echo of user text.
   */
  private static Future<String> say(CommandCall c) {
    String text = c.invocation().rest();
    return done(c.caller().level().atLeast(PermissionLevel.MODERATOR) ? text : Echo.of(text));
  }

  private static Future<String> uptime(CommandCall c, CommunitySettings settings, Clock clock) {
    return settings
        .startedAt(c.community())
        .map(
            started ->
                started
                    .map(
                        at ->
                            "Live for "
                                + UptimeText.of(Duration.between(at, clock.instant()))
                                + ".")
                    .orElse("The stream is not live."));
  }

  private static Future<String> shoutout(CommandCall c) {
    String target = c.invocation().arg(1);
    if (target.startsWith("@")) {
      target = target.substring(1);
    }
    if (target.isEmpty() || !target.matches("[\\p{L}\\p{N}_.-]{1,40}")) {
      return done("Usage: " + c.prefix() + "so @user");
    }
    if (Platforms.TWITCH.equals(c.caller().platform())) {
      return done(
          "Go check out "
              + target
              + " at https://twitch.tv/"
              + target.toLowerCase(java.util.Locale.ROOT)
              + " and give them a follow!");
    }
    return done("Go check out " + target + " and show them some love!");
  }

  static Future<String> done(String text) {
    return Future.succeededFuture(text);
  }

  /** Uptime as people say it: {@code 2 h 5 min}, {@code 42 s}. */
  public static final class UptimeText {
    private UptimeText() {}

    public static String of(Duration d) {
      if (d.isNegative()) {
        d = Duration.ZERO;
      }
      long h = d.toHours();
      long m = d.toMinutesPart();
      if (h > 0) {
        return h + " h " + m + " min";
      }
      if (m > 0) {
        return m + " min";
      }
      return d.toSecondsPart() + " s";
    }

    /** From an instant to now. */
    public static String since(Instant at, Clock clock) {
      return of(Duration.between(at, clock.instant()));
    }
  }
}
