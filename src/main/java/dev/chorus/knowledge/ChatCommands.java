package dev.chorus.knowledge;

import dev.chorus.event.ContextKeys;
import dev.chorus.event.Envelope;
import dev.chorus.event.Ids;
import dev.chorus.event.PermissionLevel;
import io.vertx.core.Future;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The teaching commands: {@code !remember [@user] <text>}, {@code !facts pending}, {@code !facts
 * approve|reject <id>} and {@code !forget <id>}. Anyone may propose a fact; reviewing and
 * forgetting need a moderator. A fact a moderator teaches is approved at once unless {@code
 * knowledge.trustModerators} is off. Ids are shown and accepted short (the id's last 8 characters)
 * or whole.
 *
 * <p>A fact taught from chat gets an id derived from the event's, so an event handled twice (the
 * journal resumes it after a crash) stores one fact, not two.
 */
final class ChatCommands {

  private static final Pattern MENTION = Pattern.compile("@([A-Za-z0-9_][A-Za-z0-9_.-]{0,63})");
  private static final Pattern ID = Pattern.compile("#?([0-9a-fA-F-]{8}|[0-9a-fA-F-]{36})");
  private static final int SHOWN_PENDING = 5;
  private static final int RESOLVE_WINDOW = 1000;

  private final Knowledge knowledge;

  ChatCommands(Knowledge knowledge) {
    this.knowledge = knowledge;
  }

  static PermissionLevel level(Envelope e) {
    return e.get(ContextKeys.PERSON)
        .map(ContextKeys.Speaker::level)
        .orElseGet(
            () ->
                e.author() == null
                    ? PermissionLevel.VIEWER
                    : PermissionLevel.fromRoles(e.author().roles()));
  }

  static String who(Envelope e) {
    return e.get(ContextKeys.PERSON)
        .map(ContextKeys.Speaker::personId)
        .orElseGet(() -> e.author() == null ? "unknown" : e.platform() + ":" + e.author().id());
  }

  Future<String> remember(Envelope e, String rest) {
    String text = rest.strip();
    if (text.isEmpty()) {
      return Future.succeededFuture("Usage: !remember [@user] <fact>");
    }
    int max = knowledge.rules().maxFactLength();
    if (text.length() > max) {
      return Future.succeededFuture(
          "That is too long to remember (" + max + " characters at most).");
    }
    String subject = null;
    java.util.regex.Matcher m = MENTION.matcher(text);
    if (m.lookingAt()) {
      subject = m.group(1);
      if (text.substring(m.end()).isBlank()) {
        return Future.succeededFuture("Usage: !remember @user <fact about them>");
      }
    }
    boolean direct =
        knowledge.rules().trustModerators() && level(e).atLeast(PermissionLevel.MODERATOR);
    String id = Ids.forPlatformMessage("fact", e.community(), e.id(), e.receivedAt());
    NewFact fact =
        new NewFact(
            e.community(),
            Fact.Kind.FACT,
            title(text),
            text,
            "chat:" + e.id(),
            who(e),
            subject,
            id);
    FactStore store = knowledge.store();
    if (direct) {
      return store
          .add(fact, who(e))
          .compose(f -> knowledge.changed(e.community(), f))
          .map(f -> "Got it, I will remember that (#" + f.shortId() + ").");
    }
    return store
        .list(e.community(), Fact.Status.PENDING, knowledge.rules().maxPending())
        .compose(
            pending -> {
              if (pending.size() >= knowledge.rules().maxPending()
                  && pending.stream().noneMatch(p -> p.id().equals(id))) {
                return Future.succeededFuture(
                    "Too many facts are waiting for review; ask a moderator to go through them.");
              }
              return store
                  .propose(fact)
                  .compose(f -> knowledge.changed(e.community(), f))
                  .map(f -> "Thanks! Fact #" + f.shortId() + " waits for a moderator.");
            });
  }

  /** A short label for the store's title column. */
  static String title(String text) {
    String oneLine = text.replaceAll("\\s+", " ").strip();
    return oneLine.length() <= 80 ? oneLine : oneLine.substring(0, 79) + "…";
  }

  Future<String> facts(Envelope e, List<String> args) {
    if (!level(e).atLeast(PermissionLevel.MODERATOR)) {
      return Future.succeededFuture("Only moderators can review facts.");
    }
    String sub = args.isEmpty() ? "" : args.get(0).toLowerCase(Locale.ROOT);
    switch (sub) {
      case "pending":
        return knowledge
            .store()
            .list(e.community(), Fact.Status.PENDING, SHOWN_PENDING + 1)
            .map(ChatCommands::pendingLine);
      case "approve":
      case "reject":
        if (args.size() != 2) {
          return Future.succeededFuture("Usage: !facts " + sub + " <id>");
        }
        boolean approve = sub.equals("approve");
        return resolve(e.community(), args.get(1), Fact.Status.PENDING)
            .compose(
                found -> {
                  if (found.isEmpty()) {
                    return Future.succeededFuture("No pending fact #" + strip(args.get(1)) + ".");
                  }
                  String id = found.get().id();
                  Future<Optional<Fact>> done =
                      approve
                          ? knowledge.store().approve(e.community(), id, who(e))
                          : knowledge.store().reject(e.community(), id, who(e));
                  return done.compose(f -> knowledge.changedIfPresent(e.community(), f))
                      .map(
                          f ->
                              f.isEmpty()
                                  ? "Fact #" + found.get().shortId() + " was already reviewed."
                                  : (approve ? "Approved #" : "Rejected #")
                                      + f.get().shortId()
                                      + ".");
                });
      default:
        return Future.succeededFuture(
            "Usage: !facts pending | !facts approve <id> | !facts reject <id>");
    }
  }

  private static String pendingLine(List<Fact> pending) {
    if (pending.isEmpty()) {
      return "No facts are waiting for review.";
    }
    StringBuilder sb = new StringBuilder("Waiting for review:");
    for (int i = 0; i < Math.min(SHOWN_PENDING, pending.size()); i++) {
      Fact f = pending.get(i);
      sb.append(i == 0 ? " " : " | ").append('#').append(f.shortId()).append(' ');
      sb.append(f.title().length() <= 60 ? f.title() : f.title().substring(0, 59) + "…");
    }
    if (pending.size() > SHOWN_PENDING) {
      sb.append(" | …");
    }
    return sb.toString();
  }

  Future<String> forget(Envelope e, List<String> args) {
    if (!level(e).atLeast(PermissionLevel.MODERATOR)) {
      return Future.succeededFuture("Only moderators can make me forget a fact.");
    }
    if (args.size() != 1) {
      return Future.succeededFuture("Usage: !forget <id>");
    }
    return resolve(e.community(), args.get(0), null)
        .compose(
            found ->
                found.isEmpty() || found.get().status() == Fact.Status.ARCHIVED
                    ? Future.succeededFuture(Optional.<Fact>empty())
                    : knowledge.store().archive(e.community(), found.get().id(), who(e)))
        .compose(f -> knowledge.changedIfPresent(e.community(), f))
        .map(
            f ->
                f.isEmpty()
                    ? "No fact #" + strip(args.get(0)) + "."
                    : "Forgotten #" + f.get().shortId() + ".");
  }

  private static String strip(String id) {
    String s = id.startsWith("#") ? id.substring(1) : id;
    return s.length() > 36 ? s.substring(0, 36) : s;
  }

  /**
   * The fact a typed id names: a whole id directly, a short one among the community's latest facts
   * (in {@code status}, any when null). Ambiguous or malformed ids find nothing.
   */
  private Future<Optional<Fact>> resolve(String community, String typed, Fact.Status status) {
    if (!ID.matcher(typed).matches()) {
      return Future.succeededFuture(Optional.empty());
    }
    String id = strip(typed).toLowerCase(Locale.ROOT);
    if (id.length() == 36) {
      return knowledge
          .store()
          .get(community, id)
          .map(f -> f.filter(x -> status == null || x.status() == status));
    }
    return knowledge
        .store()
        .list(community, status, RESOLVE_WINDOW)
        .map(
            facts -> {
              List<Fact> matches = facts.stream().filter(f -> f.id().endsWith(id)).toList();
              return matches.size() == 1 ? Optional.of(matches.get(0)) : Optional.<Fact>empty();
            });
  }
}
