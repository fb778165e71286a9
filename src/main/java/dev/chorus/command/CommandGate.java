package dev.chorus.command;

import dev.chorus.command.template.Echo;
import dev.chorus.event.PermissionLevel;
import dev.chorus.state.StateStore;
import io.vertx.core.Future;
import java.time.Duration;
import java.util.Locale;

/**
 * Decides whether a caller may run a command now: permission, platform, per-channel rate limit,
 * global and per-person cooldown, all kept in the {@link StateStore} (cluster-wide, atomic). A
 * refusal carries a notice at most once per window — one "on cooldown" per cooldown, one "not
 * allowed" per person per minute — so a flood of attempts does not make the bot flood the chat.
 *
 * <p>The cooldowns are checked before they are taken, so a caller still on their own cooldown does
 * not start the global one; the global one is taken first (exactly one of any number of concurrent
 * callers wins it), then the person's.
 */
public final class CommandGate {

  /** How long a "you may not" notice is not repeated to the same person for the same command. */
  public static final Duration DENIED_NOTICE_WINDOW = Duration.ofSeconds(60);

  /** What the gate decided. */
  public enum Outcome {
    RUN,
    DENIED,
    ELSEWHERE,
    LIMITED,
    COOLDOWN
  }

  /**
   * @param notice what to say about a refusal, {@code null} to say nothing (already said)
   */
  public record Verdict(Outcome outcome, String notice) {
    static final Verdict RUN = new Verdict(Outcome.RUN, null);

    public boolean runs() {
      return outcome == Outcome.RUN;
    }
  }

  private final StateStore state;

  public CommandGate(StateStore state) {
    this.state = state;
  }

  public Future<Verdict> check(
      String community, String prefix, String name, CommandPolicy policy, Caller caller) {
    String shown = prefix + name;
    if (!caller.level().atLeast(policy.level())) {
      return once(
          community,
          "cmd:" + name + ":n:deny:" + caller.personId(),
          DENIED_NOTICE_WINDOW,
          Outcome.DENIED,
          "@" + Echo.of(caller.name()) + ", " + shown + " is for " + plural(policy) + ".");
    }
    if (!policy.runsOn(caller.platform())) {
      return Future.succeededFuture(new Verdict(Outcome.ELSEWHERE, null));
    }
    String personKey = "cmd:" + name + ":p:" + caller.personId();
    String globalKey = "cmd:" + name + ":g";
    Future<Duration> personLeft =
        policy.personCooldownSeconds() > 0
            ? state.cooldownRemaining(community, personKey)
            : Future.succeededFuture(Duration.ZERO);
    return personLeft.compose(
        left -> {
          if (left.compareTo(Duration.ZERO) > 0) {
            return personCooldown(community, personKey, shown, caller, left);
          }
          return limit(community, name, policy, caller, shown)
              .compose(
                  limited ->
                      limited != null
                          ? Future.succeededFuture(limited)
                          : cooldowns(community, policy, caller, shown, personKey, globalKey));
        });
  }

  /**
   * The "not allowed" notice for a part of a command that needs {@code level} ({@code !quote add}),
   * once per window per person; {@code null} when it was said already.
   */
  public Future<String> deniedNotice(CommandCall call, String part, PermissionLevel level) {
    return once(
            call.community(),
            "cmd:" + part + ":n:deny:" + call.caller().personId(),
            DENIED_NOTICE_WINDOW,
            Outcome.DENIED,
            "@"
                + Echo.of(call.caller().name())
                + ", that is for "
                + plural(CommandPolicy.of(level))
                + ".")
        .map(Verdict::notice);
  }

  private Future<Verdict> limit(
      String community, String name, CommandPolicy policy, Caller caller, String shown) {
    if (policy.channelLimit() == 0) {
      return Future.succeededFuture(null);
    }
    String where = caller.platform() + ":" + caller.channelId();
    return state
        .tryAcquire(
            community,
            "cmd:" + name + ":c:" + where,
            policy.channelLimit(),
            Duration.ofSeconds(policy.channelWindowSeconds()))
        .compose(
            decision ->
                decision.allowed()
                    ? Future.succeededFuture(null)
                    : once(
                        community,
                        "cmd:" + name + ":n:c:" + where,
                        atLeastOneMs(decision.retryAfter()),
                        Outcome.LIMITED,
                        shown
                            + " runs at most "
                            + policy.channelLimit()
                            + " times per "
                            + policy.channelWindowSeconds()
                            + " s here."));
  }

  private Future<Verdict> cooldowns(
      String community,
      CommandPolicy policy,
      Caller caller,
      String shown,
      String personKey,
      String globalKey) {
    Future<Boolean> global =
        policy.globalCooldownSeconds() > 0
            ? state.tryCooldown(
                community, globalKey, Duration.ofSeconds(policy.globalCooldownSeconds()))
            : Future.succeededFuture(true);
    return global.compose(
        won -> {
          if (!won) {
            return state
                .cooldownRemaining(community, globalKey)
                .compose(
                    left ->
                        once(
                            community,
                            globalKey + ":n",
                            atLeastOneMs(left),
                            Outcome.COOLDOWN,
                            shown + " is on cooldown for " + seconds(left) + " s."));
          }
          if (policy.personCooldownSeconds() == 0) {
            return Future.succeededFuture(Verdict.RUN);
          }
          return state
              .tryCooldown(community, personKey, Duration.ofSeconds(policy.personCooldownSeconds()))
              .compose(
                  mine ->
                      mine
                          ? Future.succeededFuture(Verdict.RUN)
                          : state
                              .cooldownRemaining(community, personKey)
                              .compose(
                                  left ->
                                      personCooldown(community, personKey, shown, caller, left)));
        });
  }

  private Future<Verdict> personCooldown(
      String community, String personKey, String shown, Caller caller, Duration left) {
    return once(
        community,
        personKey + ":n",
        atLeastOneMs(left),
        Outcome.COOLDOWN,
        "@"
            + Echo.of(caller.name())
            + ", you can use "
            + shown
            + " again in "
            + seconds(left)
            + " s.");
  }

  /** The verdict with its notice when this is the first refusal of its kind in the window. */
  private Future<Verdict> once(
      String community, String key, Duration window, Outcome outcome, String notice) {
    return state
        .putIfAbsent(community, key, "1", window)
        .map(first -> new Verdict(outcome, first ? notice : null));
  }

  private static Duration atLeastOneMs(Duration d) {
    return d.toMillis() < 1 ? Duration.ofMillis(1) : d;
  }

  private static long seconds(Duration d) {
    return Math.max(1, (d.toMillis() + 999) / 1000);
  }

  private static String plural(CommandPolicy policy) {
    String level = policy.level().wire().toLowerCase(Locale.ROOT);
    return switch (policy.level()) {
      case OWNER -> "the owner";
      case VIEWER -> "everyone";
      default -> level + "s and up";
    };
  }
}
