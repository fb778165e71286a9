package dev.chorus.ai;

import dev.chorus.state.StateStore;
import io.vertx.core.Future;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Token budgets per person, per channel and per community, each per hour and per day, counted in
 * the {@link StateStore} (shared by every AI instance of the cluster) in fixed windows aligned to
 * the clock (UTC hours and days). A call is refused when any of its six counters has reached its
 * limit; what a call cost is added after it answered, so concurrent calls may overshoot a budget by
 * what they cost — bounded by {@code ai.maxConcurrent} calls.
 */
final class Budgets {

  /** Token limits per window; 0 means no limit. */
  record Limits(
      int personHour,
      int personDay,
      int channelHour,
      int channelDay,
      int communityHour,
      int communityDay) {}

  /** One counter: its key (window included), its limit and how long the window lasts. */
  record Window(String scope, String key, long limit, Duration length, long index) {}

  private static final Duration HOUR = Duration.ofHours(1);
  private static final Duration DAY = Duration.ofDays(1);

  private final StateStore state;
  private final Limits limits;

  Budgets(StateStore state, Limits limits) {
    this.state = Objects.requireNonNull(state, "state");
    this.limits = Objects.requireNonNull(limits, "limits");
  }

  /** The windows a message from {@code person} in {@code channel} counts against at {@code at}. */
  List<Window> windows(String person, String channel, Instant at) {
    long hour = at.getEpochSecond() / HOUR.toSeconds();
    long day = at.getEpochSecond() / DAY.toSeconds();
    List<Window> out = new ArrayList<>(6);
    add(out, "person", "person:" + person, limits.personHour(), HOUR, hour);
    add(out, "person", "person:" + person, limits.personDay(), DAY, day);
    add(out, "channel", "channel:" + channel, limits.channelHour(), HOUR, hour);
    add(out, "channel", "channel:" + channel, limits.channelDay(), DAY, day);
    add(out, "community", "community", limits.communityHour(), HOUR, hour);
    add(out, "community", "community", limits.communityDay(), DAY, day);
    return out;
  }

  private static void add(
      List<Window> out, String scope, String who, long limit, Duration length, long index) {
    if (limit > 0) {
      String w = length.equals(HOUR) ? "h" : "d";
      out.add(new Window(scope, "ai:tok:" + who + ":" + w + index, limit, length, index));
    }
  }

  /** The first window whose budget is spent, empty when the call may go ahead. */
  Future<Optional<Window>> exhausted(String community, List<Window> windows) {
    List<Future<Long>> reads = new ArrayList<>();
    for (Window w : windows) {
      reads.add(state.counter(community, w.key()));
    }
    return Future.all(reads)
        .map(
            all -> {
              for (int i = 0; i < windows.size(); i++) {
                if (reads.get(i).result() >= windows.get(i).limit()) {
                  return Optional.of(windows.get(i));
                }
              }
              return Optional.empty();
            });
  }

  /** Adds what a call cost to every window. */
  Future<Void> spend(String community, List<Window> windows, long tokens) {
    List<Future<Long>> writes = new ArrayList<>();
    for (Window w : windows) {
      writes.add(state.incrementWithin(community, w.key(), tokens, w.length()));
    }
    return Future.all(writes).mapEmpty();
  }

  /**
   * After person {@code from} merged into {@code into}: what {@code from} spent in the current hour
   * and day counts for {@code into} too, so linking an account never refills a budget nor hides
   * spending. Done once per merge across the cluster (a marker in the state store, kept for a day,
   * the longest window); true when this call moved the counters.
   */
  Future<Boolean> merge(String community, String from, String into, Instant at) {
    if (from.equals(into)) {
      return Future.succeededFuture(false);
    }
    return state
        .putIfAbsent(community, "ai:merged:" + from, into, DAY)
        .compose(
            first -> {
              if (!first) {
                return Future.succeededFuture(false);
              }
              List<Future<Long>> moves = new ArrayList<>();
              for (Window w : windows(from, "-", at)) {
                if (!w.scope().equals("person")) {
                  continue;
                }
                String target = w.key().replace("person:" + from + ":", "person:" + into + ":");
                moves.add(
                    state
                        .counter(community, w.key())
                        .compose(
                            spent ->
                                spent <= 0
                                    ? Future.succeededFuture(0L)
                                    : state.incrementWithin(community, target, spent, w.length())));
              }
              return Future.all(moves).map(v -> true);
            });
  }

  /**
   * True the first time it is asked for a spent window, false after: the polite refusal is said
   * once per window, not once per message.
   */
  Future<Boolean> firstRefusal(String community, Window w) {
    return state.putIfAbsent(community, "ai:refused:" + w.key().substring(7), "1", w.length());
  }
}
