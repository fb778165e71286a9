package dev.chorus.moderation;

import static net.logstash.logback.argument.StructuredArguments.kv;

import dev.chorus.event.Addresses;
import dev.chorus.event.Author;
import dev.chorus.event.ContextKeys;
import dev.chorus.event.Envelope;
import dev.chorus.event.EventType;
import dev.chorus.event.PermissionLevel;
import dev.chorus.moderation.analysis.QueryAnalyzer;
import dev.chorus.moderation.history.BoundedChannelHistory;
import dev.chorus.moderation.history.ChannelHistories;
import dev.chorus.moderation.history.ChannelHistory;
import dev.chorus.moderation.history.RecentMessage;
import dev.chorus.stage.AuditTrail;
import dev.chorus.stage.StageVerticle;
import dev.chorus.state.StateStore;
import io.vertx.core.Future;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.Objects;
import java.util.OptionalDouble;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The moderation stage: is this message safe? For every chat message it writes the query analysis
 * ({@code analysis}) and the decision ({@code moderation}) into the context, then acts on it:
 *
 * <ul>
 *   <li>{@code none} (nothing matched, or only shadow rules) — the slip continues;
 *   <li>{@code warn} — a reply warns the author by name, the slip continues;
 *   <li>{@code stop} — the slip stops (no command or AI reacts), the message stays;
 *   <li>{@code delete}, {@code timeout:N} — the slip stops; the context's {@code moderation.action}
 *       is the instruction for the platform's egress to remove the message (and time the author
 *       out).
 * </ul>
 *
 * Authors at or above the community's exempt level (moderators by default) are not judged. {@code
 * !permit @user} from a moderator lets that user post one link within the community's {@code
 * links.permitSeconds}. Every decision with a finding is also recorded in the interaction log as a
 * {@code system.moderation} row ({@link AuditTrail}).
 *
 * <p>It also answers {@link Addresses#MODERATION_CHECK}: a text judged by a community's rules
 * without acting (the AI stage checks its model's replies there).
 */
public final class ModerationVerticle extends StageVerticle {

  public static final String NAME = "moderation";

  private static final Logger LOG = LoggerFactory.getLogger(ModerationVerticle.class);

  private final CommunityModeration communities;
  private final SpamScorer scorer;
  private final Permits permits;
  private final QueryAnalyzer analyzer;
  private final String prefix;
  private final ChannelHistories histories;
  private AuditTrail audit;
  private MessageConsumer<Object> checks;

  /**
   * @param scorer the spam detector, or null when it is switched off
   */
  public ModerationVerticle(
      CommunityModeration communities,
      SpamScorer scorer,
      StateStore state,
      QueryAnalyzer analyzer,
      String prefix,
      ChannelHistories histories) {
    this.communities = Objects.requireNonNull(communities, "communities");
    this.scorer = scorer;
    this.permits = new Permits(state);
    this.analyzer = Objects.requireNonNull(analyzer, "analyzer");
    this.prefix = Objects.requireNonNull(prefix, "prefix");
    this.histories = Objects.requireNonNull(histories, "histories");
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  protected Future<?> startStage() {
    audit = new AuditTrail(vertx, NAME);
    checks = vertx.eventBus().consumer(Addresses.MODERATION_CHECK, this::onCheck);
    vertx
        .eventBus()
        .<Object>consumer(
            Addresses.changed(NAME),
            m -> {
              if (m.body() instanceof JsonObject j && j.getString("community") != null) {
                communities.invalidate(j.getString("community"));
              }
            });
    return checks.completion();
  }

  @Override
  protected Future<Envelope> process(Envelope envelope) {
    Author author = envelope.author();
    if (!EventType.CHAT_MESSAGE.equals(envelope.type()) || author == null) {
      return done(envelope);
    }
    Envelope analysed =
        envelope.with(
            ContextKeys.ANALYSIS,
            analyzer.analyze(envelope.text(), PlatformHints.replyParentLogin(envelope)));
    return communities
        .engineOrDefaults(envelope.community())
        .compose(engine -> judge(analysed, author, engine));
  }

  private Future<Envelope> judge(Envelope e, Author author, ModerationEngine engine) {
    PermissionLevel level = level(e, author);
    String text = e.text() == null ? "" : e.text();
    if (level.atLeast(PermissionLevel.MODERATOR) && isPermit(text)) {
      return permit(e, engine, text);
    }
    ModerationInput input =
        new ModerationInput(
            author.id(),
            text,
            level,
            PlatformHints.emotes(e),
            e.receivedAt(),
            null,
            PlatformHints.firstMessage(e),
            PlatformHints.accountAge(e));
    BoundedChannelHistory channel = histories.channel(e.community(), e.channel().id());
    // Commands are not chat: repeating !ping is what the command stage's cooldowns are for, so
    // commands are judged without the repetition history and do not enter it.
    boolean command =
        e.get(ContextKeys.ANALYSIS)
            .map(a -> QueryAnalyzer.COMMAND.equals(a.intent()))
            .orElse(false);
    ChannelHistory history = command ? ChannelHistory.EMPTY : channel;
    if (engine.exempt(input)) {
      if (!command) {
        channel.add(RecentMessage.of(author.id(), text, e.receivedAt()));
      }
      return done(
          e.with(
              ContextKeys.MODERATION,
              Verdicts.context(
                  ModerationDecision.ALLOW, true, author.id(), PlatformHints.messageId(e))));
    }
    return spamScore(e, engine, input)
        .compose(
            score -> {
              ModerationDecision first = evaluate(engine, input, history, score);
              // A permit is looked up only when a link rule fired: one store read per link, not
              // per message.
              if (!hasLinkFinding(first)) {
                return Future.succeededFuture(first);
              }
              return withPermit(e, author, engine, input, history, score, first);
            })
        .map(
            decision -> {
              if (!command) {
                channel.add(RecentMessage.of(author.id(), text, e.receivedAt()));
              }
              return act(e, author, decision);
            });
  }

  private Future<ModerationDecision> withPermit(
      Envelope e,
      Author author,
      ModerationEngine engine,
      ModerationInput input,
      ChannelHistory history,
      OptionalDouble score,
      ModerationDecision without) {
    return permits
        .until(e.community(), e.platform(), author.login())
        .compose(
            until -> {
              if (until.isEmpty()) {
                return Future.succeededFuture(without);
              }
              ModerationDecision permitted =
                  evaluate(engine, input.withPermitUntil(until.get()), history, score);
              if (!permitted.permitUsed()) {
                return Future.succeededFuture(permitted);
              }
              // Two links racing on one grant: the one whose consume succeeds goes through.
              return permits
                  .consume(e.community(), e.platform(), author.login())
                  .map(won -> won ? permitted : without);
            })
        .recover(
            err -> {
              LOG.warn("{}: permit lookup failed: {}", kv("eventId", e.id()), err.toString());
              return Future.succeededFuture(without);
            });
  }

  private Future<OptionalDouble> spamScore(
      Envelope e, ModerationEngine engine, ModerationInput input) {
    if (scorer == null || !engine.wantsDetector(input) || input.text().isBlank()) {
      return Future.succeededFuture(OptionalDouble.empty());
    }
    return scorer
        .score(input.text())
        .map(OptionalDouble::of)
        .recover(
            err -> {
              // The rules still judge: a failed detector costs its finding, not the message.
              LOG.warn("{}: spam detector failed: {}", kv("eventId", e.id()), err.toString());
              return Future.succeededFuture(OptionalDouble.empty());
            });
  }

  private static ModerationDecision evaluate(
      ModerationEngine engine,
      ModerationInput input,
      ChannelHistory history,
      OptionalDouble score) {
    return score.isPresent()
        ? engine.evaluate(input, history, score.getAsDouble())
        : engine.evaluate(input, history);
  }

  private Envelope act(Envelope e, Author author, ModerationDecision decision) {
    ContextKeys.Moderation verdict =
        Verdicts.context(decision, false, author.id(), PlatformHints.messageId(e));
    Envelope out = e.with(ContextKeys.MODERATION, verdict);
    if (!decision.clean()) {
      audit.write(e, ContextKeys.MODERATION, verdict);
      LOG.debug(
          "{}: moderation {} by {} ({})",
          kv("eventId", e.id()),
          decision.action(),
          decision.rule(),
          decision.detail());
    }
    return switch (decision.action().kind()) {
      case NONE -> out;
      case WARN ->
          out.reply(NAME, "@" + speakerName(e, author) + ", " + Verdicts.warning(decision.rule()));
      case STOP, DELETE, TIMEOUT ->
          out.stop(NAME, decision.action().wire() + " by " + decision.rule());
    };
  }

  // --- !permit ---

  private boolean isPermit(String text) {
    String t = text.strip();
    String word = prefix + "permit";
    return t.regionMatches(true, 0, word, 0, word.length())
        && (t.length() == word.length() || Character.isWhitespace(t.charAt(word.length())));
  }

  private Future<Envelope> permit(Envelope e, ModerationEngine engine, String text) {
    String[] words = text.strip().split("\\s+");
    Envelope noted =
        e.with(
            ContextKeys.MODERATION,
            Verdicts.context(
                ModerationDecision.ALLOW, true, e.author().id(), PlatformHints.messageId(e)));
    if (words.length < 2) {
      return done(noted.reply(NAME, "Usage: " + prefix + "permit @user"));
    }
    String login = words[1].startsWith("@") ? words[1].substring(1) : words[1];
    if (!login.matches("[A-Za-z0-9_.\\-]{1,64}")) {
      return done(noted.reply(NAME, "Usage: " + prefix + "permit @user"));
    }
    int seconds = engine.settings().links().permitSeconds();
    return permits
        .grant(
            e.community(),
            e.platform(),
            login,
            e.receivedAt().plusSeconds(seconds),
            Duration.ofSeconds(seconds))
        .map(
            v ->
                noted.reply(
                    NAME, "@" + login + " may post one link in the next " + seconds + " seconds."));
  }

  // --- chorus.moderation.check ---

  /**
   * Judges {@code {community, platform, text}} by the community's rules as a viewer's message with
   * no history (a text on its own, as a bot's reply is), and answers the decision's JSON.
   */
  private void onCheck(Message<Object> message) {
    Object body = message.body();
    if (!(body instanceof JsonObject request)
        || !(request.getValue("community") instanceof String community)
        || !(request.getValue("text") instanceof String text)) {
      message.fail(Addresses.FAILURE_INVALID, "community and text are required strings");
      return;
    }
    communities
        .engineOrDefaults(community)
        .compose(engine -> Checks.check(engine, scorer, "check", text, PermissionLevel.VIEWER))
        .onSuccess(json -> message.reply(json))
        .onFailure(err -> message.fail(Addresses.FAILURE_UNAVAILABLE, err.getMessage()));
  }

  private static PermissionLevel level(Envelope e, Author author) {
    PermissionLevel fromRoles = PermissionLevel.fromRoles(author.roles());
    PermissionLevel fromPerson =
        person(e).map(ContextKeys.Speaker::level).orElse(PermissionLevel.VIEWER);
    return fromRoles.atLeast(fromPerson) ? fromRoles : fromPerson;
  }

  private static String speakerName(Envelope e, Author author) {
    return person(e)
        .map(ContextKeys.Speaker::addressedAs)
        .filter(n -> n != null && !n.isBlank())
        .orElse(author.displayName());
  }

  /**
   * The identity stage's person; a malformed entry (a foreign producer) counts as absent, so the
   * author is judged as a viewer by the platform badges rather than not at all.
   */
  private static java.util.Optional<ContextKeys.Speaker> person(Envelope e) {
    try {
      return e.get(ContextKeys.PERSON);
    } catch (IllegalArgumentException malformed) {
      LOG.warn("{}: {}", kv("eventId", e.id()), malformed.getMessage());
      return java.util.Optional.empty();
    }
  }

  private static boolean hasLinkFinding(ModerationDecision d) {
    return d.findings().stream()
        .anyMatch(
            f -> f.rule().equals(RuleNames.LINKS) || f.rule().equals(RuleNames.OBFUSCATED_LINKS));
  }
}
