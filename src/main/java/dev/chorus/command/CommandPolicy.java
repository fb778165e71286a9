package dev.chorus.command;

import dev.chorus.event.PermissionLevel;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

/**
 * Who may run a command, how often, where, and how it answers. The cooldowns and the rate limit are
 * kept in the state store at run time, so they hold across processes and restarts.
 *
 * @param level the lowest permission level that may run it
 * @param globalCooldownSeconds after a run, nobody runs it again for this long (0: no cooldown)
 * @param personCooldownSeconds after a run, the same person (across platforms) waits this long
 * @param channelLimit at most this many runs per channel per {@code channelWindowSeconds} (0: off)
 * @param platforms where it runs ({@code twitch}, {@code web} …); empty: everywhere
 * @param shadow runs and logs what it would have said, says nothing
 */
public record CommandPolicy(
    PermissionLevel level,
    int globalCooldownSeconds,
    int personCooldownSeconds,
    int channelLimit,
    int channelWindowSeconds,
    Set<String> platforms,
    ResponseMode mode,
    boolean shadow) {

  /** Longest cooldown or window accepted: one day. */
  public static final int MAX_SECONDS = 86_400;

  /** Anyone, no cooldown, no limit, everywhere, answers in the channel. */
  public static final CommandPolicy OPEN =
      new CommandPolicy(PermissionLevel.VIEWER, 0, 0, 0, 0, Set.of(), ResponseMode.REPLY, false);

  public CommandPolicy {
    level = level == null ? PermissionLevel.VIEWER : level;
    mode = mode == null ? ResponseMode.REPLY : mode;
    bounded(globalCooldownSeconds, "global cooldown");
    bounded(personCooldownSeconds, "person cooldown");
    bounded(channelWindowSeconds, "channel window");
    if (channelLimit < 0 || channelLimit > 10_000) {
      throw new IllegalArgumentException("channel limit must be 0 to 10000");
    }
    if (channelLimit > 0 && channelWindowSeconds < 1) {
      throw new IllegalArgumentException("a channel limit needs a window of at least 1 s");
    }
    TreeSet<String> normalized = new TreeSet<>();
    for (String p : platforms == null ? Set.<String>of() : platforms) {
      if (p != null && !p.isBlank()) {
        normalized.add(p.trim().toLowerCase(Locale.ROOT));
      }
    }
    platforms = Set.copyOf(normalized);
  }

  private static void bounded(int seconds, String what) {
    if (seconds < 0 || seconds > MAX_SECONDS) {
      throw new IllegalArgumentException(what + " must be 0 to " + MAX_SECONDS + " seconds");
    }
  }

  public static CommandPolicy of(PermissionLevel level) {
    return OPEN.withLevel(level);
  }

  public boolean runsOn(String platform) {
    return platforms.isEmpty() || platforms.contains(platform);
  }

  public CommandPolicy withLevel(PermissionLevel l) {
    return new CommandPolicy(
        l,
        globalCooldownSeconds,
        personCooldownSeconds,
        channelLimit,
        channelWindowSeconds,
        platforms,
        mode,
        shadow);
  }

  public CommandPolicy withCooldowns(int global, int person) {
    return new CommandPolicy(
        level, global, person, channelLimit, channelWindowSeconds, platforms, mode, shadow);
  }

  public CommandPolicy withChannelLimit(int limit, int windowSeconds) {
    return new CommandPolicy(
        level,
        globalCooldownSeconds,
        personCooldownSeconds,
        limit,
        windowSeconds,
        platforms,
        mode,
        shadow);
  }

  public CommandPolicy withPlatforms(Set<String> p) {
    return new CommandPolicy(
        level,
        globalCooldownSeconds,
        personCooldownSeconds,
        channelLimit,
        channelWindowSeconds,
        p,
        mode,
        shadow);
  }

  public CommandPolicy withMode(ResponseMode m) {
    return new CommandPolicy(
        level,
        globalCooldownSeconds,
        personCooldownSeconds,
        channelLimit,
        channelWindowSeconds,
        platforms,
        m,
        shadow);
  }

  public CommandPolicy withShadow(boolean s) {
    return new CommandPolicy(
        level,
        globalCooldownSeconds,
        personCooldownSeconds,
        channelLimit,
        channelWindowSeconds,
        platforms,
        mode,
        s);
  }

  /**
   * Reads a permission as stored: a level name, or the older {@code everyone}/{@code broadcaster}.
   */
  public static PermissionLevel level(String stored) {
    if (stored == null || stored.isBlank() || stored.equalsIgnoreCase("everyone")) {
      return PermissionLevel.VIEWER;
    }
    if (stored.equalsIgnoreCase("broadcaster")) {
      return PermissionLevel.OWNER;
    }
    if (stored.equalsIgnoreCase("mod")) {
      return PermissionLevel.MODERATOR;
    }
    return PermissionLevel.parse(stored);
  }
}
