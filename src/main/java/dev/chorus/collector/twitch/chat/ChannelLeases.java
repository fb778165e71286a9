package dev.chorus.collector.twitch.chat;

import dev.chorus.state.StateStore;
import io.vertx.core.Future;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Which collector instance holds which Twitch channel, as leases in the state store: a channel
 * nobody holds is taken by the first instance to ask ({@code putIfAbsent}); the holder renews its
 * lease on every refresh; a lease not renewed for {@code ttl} (its node died) expires and the next
 * refresh of another instance takes the channel over. Renewal and release are compare-and-set in
 * the store ({@link StateStore#renewIfEquals}, {@link StateStore#deleteIfEquals}): an instance
 * whose lease expired or was taken cannot renew or remove the new holder's, and stops holding the
 * channel (parts it) at that refresh.
 *
 * <p>The window between a lease expiring and another instance joining is at most one refresh; two
 * instances briefly in one channel cost nothing but a duplicate read, which the deterministic ids
 * turn into one event.
 */
final class ChannelLeases {

  private final StateStore state;
  private final String holder;
  private final Duration ttl;
  private final Set<String> held = new HashSet<>();

  ChannelLeases(StateStore state, String holder, Duration ttl) {
    this.state = state;
    this.holder = holder;
    this.ttl = ttl;
  }

  /**
   * Claims or renews a lease on each of {@code channels}; the future holds those this instance
   * holds.
   */
  Future<Set<String>> claim(Set<String> channels) {
    List<Future<String>> claims = new ArrayList<>();
    for (String login : channels) {
      claims.add(claimOne(login).map(mine -> mine ? login : null));
    }
    List<String> released = new ArrayList<>();
    for (String login : held) {
      if (!channels.contains(login)) {
        released.add(login);
      }
    }
    released.forEach(this::release);
    return Future.join(claims)
        .transform(
            ar -> {
              held.clear();
              for (Future<String> claim : claims) {
                if (claim.succeeded() && claim.result() != null) {
                  held.add(claim.result());
                }
              }
              return Future.succeededFuture(Set.copyOf(held));
            });
  }

  private Future<Boolean> claimOne(String login) {
    String key = key(login);
    return state
        .putIfAbsent(AccountLimits.SCOPE, key, holder, ttl)
        .compose(
            taken ->
                taken
                    ? Future.succeededFuture(true)
                    // Compare-and-set: renewed only while it is still this instance's lease.
                    : state.renewIfEquals(AccountLimits.SCOPE, key, holder, ttl));
  }

  private void release(String login) {
    held.remove(login);
    state.deleteIfEquals(AccountLimits.SCOPE, key(login), holder);
  }

  /** Gives every lease up (on stop), so another instance takes the channels at its next refresh. */
  Future<Void> releaseAll() {
    List<Future<?>> done = new ArrayList<>();
    for (String login : Set.copyOf(held)) {
      done.add(state.deleteIfEquals(AccountLimits.SCOPE, key(login), holder));
    }
    held.clear();
    return Future.join(done).mapEmpty();
  }

  private static String key(String login) {
    return "irc:lease:" + login;
  }
}
