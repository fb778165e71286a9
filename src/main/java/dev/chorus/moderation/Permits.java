package dev.chorus.moderation;

import dev.chorus.state.StateStore;
import io.vertx.core.Future;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * {@code !permit @user} grants: "this login may post one link until then", kept in the {@link
 * StateStore} (shared by every moderation instance of the cluster, expiring by itself). Keyed by
 * platform and login, because that is what a moderator types; a grant is used up by the first
 * message whose link it lets through.
 */
final class Permits {

  private final StateStore state;

  Permits(StateStore state) {
    this.state = Objects.requireNonNull(state, "state");
  }

  Future<Void> grant(String community, String platform, String login, Instant until, Duration ttl) {
    return state.put(community, key(platform, login), Long.toString(until.toEpochMilli()), ttl);
  }

  /** When the grant for {@code login} ends, empty when there is none. */
  Future<Optional<Instant>> until(String community, String platform, String login) {
    return state.get(community, key(platform, login)).map(v -> v.flatMap(Permits::instant));
  }

  /** Uses the grant up; true when it was still there (two messages racing: one wins). */
  Future<Boolean> consume(String community, String platform, String login) {
    return state.delete(community, key(platform, login));
  }

  private static Optional<Instant> instant(String millis) {
    try {
      return Optional.of(Instant.ofEpochMilli(Long.parseLong(millis)));
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }

  static String key(String platform, String login) {
    return "mod:permit:" + platform + ":" + login.toLowerCase(Locale.ROOT);
  }
}
