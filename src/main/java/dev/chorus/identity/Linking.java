package dev.chorus.identity;

import dev.chorus.event.Addresses;
import dev.chorus.event.Author;
import dev.chorus.identity.IdentityCommands.Speaking;
import dev.chorus.state.StateStore;
import io.vertx.core.Future;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;

/**
 * Linking two accounts of one person with a code: {@code !identity link <platform> <login>} from
 * account A shows a short single-use code; {@code !verify <code>} said from that platform account B
 * merges B's person into A's. Only someone who controls both accounts can do both halves.
 *
 * <p>Codes live in the {@link StateStore} as SHA-256 (compared as hashes, consumed at most once,
 * expiring after {@code codeTtl}), under the target account ({@code link:<platform>:<login>}); the
 * requesting account is kept beside it. Link requests and wrong codes are limited per person and
 * per target account in a sliding window. A successful merge is published on {@code
 * chorus.changed.person} ({@code {community, from, into}}) for stores that key data by person.
 */
final class Linking {

  /** Where merges are published: {@code {"community", "from", "into"}}. */
  static final String MERGED = Addresses.PERSON_MERGED;

  /** Limits of linking. */
  record Options(Duration codeTtl, int codeDigits, int maxAttempts, Duration attemptWindow) {}

  private final IdentityStore store;
  private final StateStore state;
  private final EventBus bus;
  private final Options options;
  private final String prefix;

  Linking(IdentityStore store, StateStore state, EventBus bus, Options options, String prefix) {
    this.store = Objects.requireNonNull(store, "store");
    this.state = Objects.requireNonNull(state, "state");
    this.bus = bus;
    this.options = options;
    this.prefix = prefix;
  }

  private static String subject(String platform, String login) {
    return "identity:link:" + platform + ":" + login.toLowerCase(Locale.ROOT);
  }

  /** What a link request answered: the text, and whether it carries a fresh code. */
  record Issued(String text, boolean code) {}

  Future<String> request(Speaking s, String platform, String login) {
    return issue(s, platform, login).map(Issued::text);
  }

  Future<Issued> issue(Speaking s, String platform, String login) {
    Author me = s.envelope().author();
    String community = s.person().community();
    if (platform.equals(s.envelope().platform()) && login.equalsIgnoreCase(me.login())) {
      return Future.succeededFuture(
          new Issued("That is the account you are speaking from.", false));
    }
    String subject = subject(platform, login);
    return limited(community, "identity:linkreq:" + s.person().id())
        .compose(
            wait -> {
              if (wait != null) {
                return Future.succeededFuture(new Issued(wait, false));
              }
              String code = Secrets.newCode(options.codeDigits());
              String requester = s.envelope().platform() + "\n" + me.id();
              return state
                  .putVerificationCode(community, subject, Secrets.sha256(code), options.codeTtl())
                  .compose(
                      v -> state.put(community, subject + ":from", requester, options.codeTtl()))
                  .map(
                      v ->
                          new Issued(
                              "To link "
                                  + platform
                                  + " account "
                                  + login
                                  + ", say "
                                  + prefix
                                  + "verify "
                                  + code
                                  + " from that account within "
                                  + options.codeTtl().toMinutes()
                                  + " minutes.",
                              true));
            });
  }

  Future<String> verify(Speaking s, String code) {
    Author me = s.envelope().author();
    String community = s.person().community();
    String subject = subject(s.envelope().platform(), me.login());
    return limited(community, "identity:verify:" + s.person().id())
        .compose(
            wait ->
                wait != null
                    ? Future.succeededFuture(wait)
                    : limited(community, subject + ":tries"))
        .compose(
            wait -> {
              if (wait != null) {
                return Future.succeededFuture(wait);
              }
              return state
                  .get(community, subject + ":from")
                  .compose(
                      from ->
                          from.isEmpty()
                              ? Future.succeededFuture(
                                  "No link is waiting for this account: the code expired or was"
                                      + " used. Ask again with "
                                      + prefix
                                      + "identity link.")
                              : state
                                  .consumeVerificationCode(
                                      community, subject, Secrets.sha256(code.trim()))
                                  .compose(
                                      ok ->
                                          ok
                                              ? merge(s, subject, from.get())
                                              : Future.succeededFuture("Wrong code.")));
            });
  }

  private Future<String> merge(Speaking s, String subject, String requester) {
    String community = s.person().community();
    String[] account = requester.split("\n", 2);
    return state
        .delete(community, subject + ":from")
        .compose(v -> store.find(community, account[0], account[1]))
        .compose(
            into -> {
              if (into.isEmpty()) {
                return Future.succeededFuture("The account that asked for the link is gone.");
              }
              if (into.get().id().equals(s.person().id())) {
                return Future.succeededFuture("These accounts are linked already.");
              }
              String actor = "person:" + into.get().id();
              return store
                  .merge(community, into.get().id(), s.person().id(), actor)
                  .map(
                      merged -> {
                        bus.publish(
                            MERGED,
                            new JsonObject()
                                .put("community", community)
                                .put("from", merged.from())
                                .put("into", merged.into().id()));
                        return "Linked: "
                            + s.envelope().platform()
                            + " "
                            + s.envelope().author().login()
                            + " and "
                            + account[0]
                            + " are one person now.";
                      });
            });
  }

  Future<String> unlink(Speaking s, String platform) {
    String community = s.person().community();
    return store
        .accounts(community, s.person().id())
        .compose(
            accounts -> {
              Account account =
                  accounts.stream()
                      .filter(a -> a.platform().equals(platform))
                      .findFirst()
                      .orElse(null);
              if (account == null) {
                return Future.succeededFuture("No " + platform + " account is linked.");
              }
              if (accounts.size() == 1) {
                return Future.succeededFuture("That is your only account.");
              }
              return store
                  .unlink(
                      community, platform, account.platformUserId(), "person:" + s.person().id())
                  .map(p -> "Unlinked " + platform + " " + account.login() + ".");
            });
  }

  /** Null when allowed (and counted), else the reply saying how long to wait. */
  private Future<String> limited(String community, String key) {
    return state
        .tryAcquire(community, key, options.maxAttempts(), options.attemptWindow())
        .map(
            decision ->
                decision.allowed()
                    ? null
                    : "Too many attempts; try again in "
                        + Math.max(1, decision.retryAfter().toSeconds() / 60 + 1)
                        + " minutes.");
  }
}
