package dev.chorus.knowledge;

import static net.logstash.logback.argument.StructuredArguments.kv;

import dev.chorus.event.ContextKeys;
import dev.chorus.event.Envelope;
import dev.chorus.event.EventType;
import dev.chorus.knowledge.index.FactHit;
import dev.chorus.stage.StageVerticle;
import io.vertx.core.Future;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The knowledge stage. A plain chat message passes straight through, untouched and without waiting
 * for anything. A question — {@code !ask <question>} or a message addressed to the bot ({@code
 * @chorus …}) — is searched (hybrid, this community's approved facts, facts about the speaker or
 * the people it names first) and the best facts go into the {@code facts} context entry with their
 * ids and scores. For {@code !ask} the stage also replies with the best fact and its id, or says it
 * knows nothing about that; the AI stage, when it runs, replaces that reply with its own. The
 * teaching commands are answered by {@link ChatCommands}.
 *
 * <p>A failed search or store call never fails the slip: the message goes on without facts (and
 * {@code !ask} says it cannot look that up now); the failure is logged once with the event id.
 */
public final class KnowledgeVerticle extends StageVerticle {

  public static final String NAME = "knowledge";

  private static final Logger LOG = LoggerFactory.getLogger(KnowledgeVerticle.class);
  private static final Pattern MENTION = Pattern.compile("@([A-Za-z0-9_][A-Za-z0-9_.-]{0,63})");
  private static final int MAX_QUESTION = 500;

  private final Knowledge knowledge;
  private ChatCommands commands;

  public KnowledgeVerticle(Knowledge knowledge) {
    this.knowledge = knowledge;
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  protected Future<?> startStage() {
    Objects.requireNonNull(knowledge, "knowledge");
    commands = new ChatCommands(knowledge);
    return Future.succeededFuture();
  }

  @Override
  protected Future<Envelope> process(Envelope e) {
    if (!EventType.CHAT_MESSAGE.equals(e.type()) || e.text() == null || e.text().isBlank()) {
      return done(e);
    }
    Optional<String> command = commandName(e);
    if (command.isPresent()) {
      String rest = rest(e.text());
      List<String> args = rest.isEmpty() ? List.of() : Arrays.asList(rest.split("\\s+"));
      return switch (command.get()) {
        case "ask" -> ask(e, rest);
        case "remember" -> answer(e, commands.remember(e, rest));
        case "facts" -> answer(e, commands.facts(e, args));
        case "forget" -> answer(e, commands.forget(e, args));
        default -> done(e);
      };
    }
    Optional<String> question = addressedQuestion(e.text());
    return question.isPresent() ? withFacts(e, question.get()) : done(e);
  }

  /** The command the command stage parsed, or the message's own {@code !word}. */
  private static Optional<String> commandName(Envelope e) {
    Optional<ContextKeys.Command> parsed = e.get(ContextKeys.COMMAND);
    if (parsed.isPresent()) {
      return Optional.of(parsed.get().name());
    }
    String t = e.text().strip();
    if (t.startsWith("!") && t.length() > 1) {
      return Optional.of(t.substring(1).split("\\s+", 2)[0].toLowerCase(Locale.ROOT));
    }
    return Optional.empty();
  }

  /** The text after the command word. */
  private static String rest(String text) {
    String[] parts = text.strip().split("\\s+", 2);
    return parts.length < 2 ? "" : parts[1].strip();
  }

  private Future<Envelope> answer(Envelope e, Future<String> reply) {
    return reply
        .recover(
            err -> {
              LOG.warn("knowledge command failed on {}: {}", kv("eventId", e.id()), err.toString());
              return Future.succeededFuture("I cannot reach my notes right now; try again soon.");
            })
        .map(text -> e.reply(NAME, text));
  }

  /** The question when the message addresses the bot by one of its names, with the name removed. */
  Optional<String> addressedQuestion(String text) {
    String t = text.strip();
    String lower = t.toLowerCase(Locale.ROOT);
    for (String name : knowledge.rules().botNames()) {
      String n = name.toLowerCase(Locale.ROOT);
      for (String lead : List.of("@" + n, n + ",", n + ":")) {
        if (lower.startsWith(lead)) {
          String q = t.substring(lead.length()).replaceFirst("^[\\s,:]+", "");
          return q.isBlank() ? Optional.empty() : Optional.of(q);
        }
      }
      Matcher m = Pattern.compile("(?i)@" + Pattern.quote(n) + "\\b").matcher(t);
      if (m.find()) {
        String q = m.replaceAll(" ").strip();
        return q.isBlank() ? Optional.empty() : Optional.of(q);
      }
    }
    return Optional.empty();
  }

  private Future<Envelope> withFacts(Envelope e, String question) {
    return find(e, question)
        .map(hits -> hits.isEmpty() ? e : e.with(ContextKeys.FACTS, facts(hits)))
        .recover(err -> Future.succeededFuture(e));
  }

  private Future<Envelope> ask(Envelope e, String question) {
    if (question.isBlank()) {
      return done(e.reply(NAME, "Usage: !ask <question>"));
    }
    return find(e, question)
        .map(
            hits -> {
              if (hits.isEmpty()) {
                return e.reply(NAME, "I know nothing about that.");
              }
              FactHit best = hits.get(0);
              return e.with(ContextKeys.FACTS, facts(hits))
                  .reply(NAME, best.text() + " (fact #" + shortId(best.id()) + ")");
            })
        .recover(err -> Future.succeededFuture(e.reply(NAME, "I cannot look that up right now.")));
  }

  private Future<List<FactHit>> find(Envelope e, String question) {
    String q = question.length() > MAX_QUESTION ? question.substring(0, MAX_QUESTION) : question;
    return knowledge
        .search()
        .search(e.community(), q, knowledge.rules().contextFacts(), subjects(e, q))
        .map(KnowledgeSearch.Result::items)
        .onFailure(
            err ->
                LOG.warn(
                    "knowledge search failed on {}: {}", kv("eventId", e.id()), err.toString()));
  }

  /** Who the question is about: the speaker, and anyone it names with {@code @}. */
  private static Set<String> subjects(Envelope e, String question) {
    Set<String> out = new LinkedHashSet<>();
    if (e.author() != null) {
      addSubject(out, e.author().login());
      addSubject(out, e.author().displayName());
    }
    e.get(ContextKeys.PERSON).ifPresent(p -> addSubject(out, p.displayName()));
    Matcher m = MENTION.matcher(question);
    while (m.find()) {
      addSubject(out, m.group(1));
    }
    return out;
  }

  private static void addSubject(Set<String> out, String name) {
    String s = NewFact.normalizeSubject(name);
    if (s != null) {
      out.add(s);
    }
  }

  private static ContextKeys.Facts facts(List<FactHit> hits) {
    return new ContextKeys.Facts(
        hits.stream()
            .map(h -> new ContextKeys.RetrievedFact(h.id(), h.text(), h.subject(), h.score()))
            .toList());
  }

  private static String shortId(String id) {
    return id.length() <= 8 ? id : id.substring(id.length() - 8);
  }
}
