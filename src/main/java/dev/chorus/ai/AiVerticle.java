package dev.chorus.ai;

import static net.logstash.logback.argument.StructuredArguments.kv;

import dev.chorus.community.CommunityStore;
import dev.chorus.event.Addresses;
import dev.chorus.event.Author;
import dev.chorus.event.ContextKeys;
import dev.chorus.event.ContextKeys.AiReply;
import dev.chorus.event.Envelope;
import dev.chorus.event.EventType;
import dev.chorus.event.PermissionLevel;
import dev.chorus.metrics.ChorusMetrics;
import dev.chorus.stage.AuditTrail;
import dev.chorus.stage.StageVerticle;
import dev.chorus.state.StateStore;
import io.vertx.circuitbreaker.OpenCircuitException;
import io.vertx.core.Future;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The AI stage: answers chat messages addressed to the bot ({@code analysis.addressed}, from the
 * moderation stage) and its trigger commands ({@code !ask} by default) with a chat model, grounded
 * in the speaker ({@code person}) and the knowledge stage's {@code facts}, and never for every
 * line.
 *
 * <p>Per triggered message: the budgets are checked (over budget: a polite refusal once per window,
 * or the knowledge answer stands), the prompt is built ({@link PromptBuilder}), the model called
 * ({@link ModelCaller}: worker pool, timeout, concurrency limit, retries, circuit breaker), the
 * reply's citations read, and the reply checked — the platform's length limit and the community's
 * moderation rules ({@link Addresses#MODERATION_CHECK}); a reply that fails either is dropped and
 * logged. A reply that passes replaces the replies already on the envelope (the knowledge
 * fallback), except moderation's own warnings. What happened goes into the context ({@code ai})
 * and, with the cited fact ids and tokens, into the interaction log as a {@code system.ai} row.
 */
public final class AiVerticle extends StageVerticle {

  public static final String NAME = "ai";

  private static final Logger LOG = LoggerFactory.getLogger(AiVerticle.class);
  private static final String DEFAULT_COMMAND_PREFIX = "!";
  private static final DeliveryOptions CHECK = new DeliveryOptions().setSendTimeout(2000);

  /** The community setting that overrides {@code ai.persona}. */
  public static final String PERSONA_SETTING = "ai.persona";

  private final AiOptions options;
  private final ChatModelClient model;
  private final CommunityStore communities;
  private final Budgets budgets;
  private final ChannelMemory memory;
  private final ChorusMetrics metrics;
  private ModelCaller caller;
  private AuditTrail audit;
  private WorkerExecutor workers;

  public AiVerticle(
      AiOptions options,
      ChatModelClient model,
      CommunityStore communities,
      StateStore state,
      ChorusMetrics metrics) {
    this.options = Objects.requireNonNull(options, "options");
    this.metrics = Objects.requireNonNull(metrics, "metrics");
    this.model = Objects.requireNonNull(model, "model");
    this.communities = Objects.requireNonNull(communities, "communities");
    this.budgets = new Budgets(state, options.budgets());
    this.memory = new ChannelMemory(10_000, options.historyMessages());
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  protected Future<?> startStage() {
    workers = vertx.createSharedWorkerExecutor("chorus-ai", options.maxConcurrent());
    metrics.aiStarted();
    caller = new ModelCaller(vertx, model, workers, options, metrics);
    audit = new AuditTrail(vertx, NAME);
    return vertx.eventBus().<Object>consumer(Addresses.PERSON_MERGED, this::merged).completion();
  }

  /** A merge of two people: the survivor's budgets count what the merged person spent. */
  private void merged(io.vertx.core.eventbus.Message<Object> msg) {
    if (!(msg.body() instanceof JsonObject body)
        || !(body.getValue("community") instanceof String community)
        || !(body.getValue("from") instanceof String from)
        || !(body.getValue("into") instanceof String into)) {
      LOG.warn("person merge without community, from and into ignored: {}", msg.body());
      return;
    }
    budgets
        .merge(community, from, into, java.time.Instant.now())
        .onFailure(
            err ->
                LOG.warn(
                    "AI budgets of merged person {} not moved to {}: {}",
                    kv("from", from),
                    kv("into", into),
                    err.toString()));
  }

  @Override
  public Future<?> stop() throws Exception {
    if (caller != null) {
      caller.close();
    }
    return super.stop();
  }

  @Override
  protected Future<Envelope> process(Envelope e) {
    try {
      return considered(e);
    } catch (IllegalArgumentException unreadable) {
      // A context entry of the wrong shape (a foreign producer): no answer, the event goes on.
      LOG.warn("{}: ai stage skipped: {}", kv("eventId", e.id()), unreadable.getMessage());
      return done(record(e, outcome("failed", 0, 0, false, List.of(), unreadable.getMessage())));
    }
  }

  private Future<Envelope> considered(Envelope e) {
    Author author = e.author();
    if (!EventType.CHAT_MESSAGE.equals(e.type()) || author == null || e.text() == null) {
      return done(e);
    }
    String channelKey = e.platform() + ":" + e.channel().id();
    ContextKeys.Speaker speaker =
        e.get(ContextKeys.PERSON).orElse(new ContextKeys.Speaker(null, author.displayName()));
    Optional<String> question = question(e);
    List<ChannelMemory.Line> recent = memory.recent(channelKey);
    memory.add(channelKey, speaker.addressedAs(), e.text());
    if (question.isEmpty()) {
      return done(e);
    }
    String person =
        speaker.personId() != null ? speaker.personId() : e.platform() + ":" + author.id();
    List<Budgets.Window> windows = budgets.windows(person, channelKey, e.receivedAt());
    return budgets
        .exhausted(e.community(), windows)
        .compose(
            spent ->
                spent.isPresent()
                    ? overBudget(e, speaker, spent.get())
                    : answer(e, speaker, question.get(), recent, windows, channelKey))
        .recover(
            err -> {
              // The stage never fails an event: the knowledge answer (if any) stands.
              LOG.warn("{}: ai stage failed: {}", kv("eventId", e.id()), err.toString());
              return done(record(e, outcome("failed", 0, 0, false, List.of(), err.toString())));
            });
  }

  /** The question, when this message is for the AI: a trigger command's text, or the message. */
  private Optional<String> question(Envelope e) {
    Optional<ContextKeys.Command> command = e.get(ContextKeys.COMMAND);
    String text = e.text().strip();
    if (command.isPresent()) {
      if (!options.triggers().contains(command.get().name().toLowerCase(java.util.Locale.ROOT))) {
        return Optional.empty();
      }
      String args = String.join(" ", command.get().args()).strip();
      return args.isEmpty() ? Optional.empty() : Optional.of(args);
    }
    if (text.startsWith(DEFAULT_COMMAND_PREFIX)) {
      // No command stage ran: read a trigger here.
      String[] words = text.substring(1).split("\\s+", 2);
      if (options.triggers().contains(words[0].toLowerCase(java.util.Locale.ROOT))) {
        return words.length > 1 && !words[1].isBlank()
            ? Optional.of(words[1].strip())
            : Optional.empty();
      }
      return Optional.empty();
    }
    boolean addressed = e.get(ContextKeys.ANALYSIS).map(a -> a.addressed()).orElse(false);
    return options.answerAddressed() && addressed ? Optional.of(text) : Optional.empty();
  }

  private Future<Envelope> overBudget(
      Envelope e, ContextKeys.Speaker speaker, Budgets.Window window) {
    metrics.aiBudgetRefusal(window.scope());
    AiReply note = outcome("over_budget", 0, 0, false, List.of(), window.scope() + " budget spent");
    audit.write(e, ContextKeys.AI, note);
    Envelope noted = record(e, note);
    if (!e.replies().isEmpty()) {
      return done(noted); // the knowledge answer is better than a refusal
    }
    return budgets
        .firstRefusal(e.community(), window)
        .map(
            first ->
                first
                    ? noted.reply(
                        NAME,
                        "@"
                            + speaker.addressedAs()
                            + ", I've talked a lot for now — ask me again a bit later.")
                    : noted);
  }

  private Future<Envelope> answer(
      Envelope e,
      ContextKeys.Speaker speaker,
      String question,
      List<ChannelMemory.Line> recent,
      List<Budgets.Window> windows,
      String channelKey) {
    int maxChars = PlatformLimits.maxChars(e.platform());
    return persona(e.community())
        .map(
            persona ->
                PromptBuilder.build(
                    persona,
                    speaker,
                    level(e, speaker),
                    e.get(ContextKeys.FACTS).map(ContextKeys.Facts::items).orElse(List.of()),
                    recent,
                    question,
                    maxChars))
        .compose(
            prompt ->
                caller
                    .call(prompt)
                    .compose(
                        answer -> {
                          metrics.aiTokens("input", answer.estimated(), answer.inputTokens());
                          metrics.aiTokens("output", answer.estimated(), answer.outputTokens());
                          return budgets
                              .spend(e.community(), windows, answer.totalTokens())
                              .recover(err -> Future.succeededFuture())
                              .compose(v -> deliver(e, prompt, answer, maxChars, channelKey));
                        })
                    .recover(err -> failed(e, err)));
  }

  private Future<Envelope> deliver(
      Envelope e, Prompt prompt, ModelAnswer answer, int maxChars, String channelKey) {
    Citations.Read read = Citations.read(answer.text(), prompt.factIds());
    String text = read.text();
    if (text.isBlank()) {
      return blocked(e, answer, read, "empty reply");
    }
    if (text.codePointCount(0, text.length()) > maxChars) {
      return blocked(
          e, answer, read, "longer than " + maxChars + " characters for " + e.platform());
    }
    JsonObject check =
        new JsonObject()
            .put("community", e.community())
            .put("platform", e.platform())
            .put("text", text);
    return vertx
        .eventBus()
        .<JsonObject>request(Addresses.MODERATION_CHECK, check, CHECK)
        .map(m -> m.body())
        .transform(
            ar -> {
              if (ar.failed()) {
                // Fail closed: an unchecked model reply never reaches chat.
                return blocked(
                    e, answer, read, "moderation unavailable: " + ar.cause().getMessage());
              }
              String action = ar.result().getString("action", "none");
              if (!"none".equals(action)) {
                return blocked(
                    e,
                    answer,
                    read,
                    "moderation: " + action + " by " + ar.result().getString("rule"));
              }
              AiReply note =
                  outcome(
                      "replied",
                      answer.inputTokens(),
                      answer.outputTokens(),
                      answer.estimated(),
                      read.cited(),
                      null,
                      answer.model());
              metrics.aiCall("replied");
              audit.write(e, ContextKeys.AI, note);
              memory.add(channelKey, "bot", text);
              return Future.succeededFuture(Replies.replace(record(e, note), NAME, text));
            });
  }

  private Future<Envelope> blocked(
      Envelope e, ModelAnswer answer, Citations.Read read, String reason) {
    LOG.info("{}: model reply dropped: {}", kv("eventId", e.id()), reason);
    metrics.aiCall("blocked");
    AiReply note =
        outcome(
            "blocked",
            answer.inputTokens(),
            answer.outputTokens(),
            answer.estimated(),
            read.cited(),
            reason,
            answer.model());
    audit.write(e, ContextKeys.AI, note);
    return done(record(e, note));
  }

  private Future<Envelope> failed(Envelope e, Throwable err) {
    String why = ModelFailures.describe(err);
    boolean open = err instanceof OpenCircuitException;
    if (err instanceof ModelCaller.Busy) {
      why = "busy";
    }
    LOG.warn("{}: model call failed: {}", kv("eventId", e.id()), why);
    boolean fallback = !options.fallback().isEmpty();
    AiReply note = outcome(fallback ? "fallback" : "failed", 0, 0, false, List.of(), why);
    audit.write(e, ContextKeys.AI, note);
    Envelope noted = record(e, note);
    if (!fallback) {
      return done(noted); // silent: the knowledge answer, if any, stands
    }
    LOG.debug("{}: fallback reply (breaker {})", kv("eventId", e.id()), open ? "open" : "closed");
    return done(Replies.replace(noted, NAME, options.fallback()));
  }

  private Future<String> persona(String community) {
    return communities
        .setting(community, PERSONA_SETTING)
        .map(p -> p.filter(s -> !s.isBlank()).orElse(options.persona()))
        .recover(err -> Future.succeededFuture(options.persona()));
  }

  private static String level(Envelope e, ContextKeys.Speaker speaker) {
    PermissionLevel fromRoles =
        e.author() == null ? PermissionLevel.VIEWER : PermissionLevel.fromRoles(e.author().roles());
    return (fromRoles.atLeast(speaker.level()) ? fromRoles : speaker.level()).wire();
  }

  private AiReply outcome(
      String outcome, int in, int out, boolean estimated, List<String> cited, String reason) {
    return outcome(outcome, in, out, estimated, cited, reason, caller.model());
  }

  private static AiReply outcome(
      String outcome,
      int in,
      int out,
      boolean estimated,
      List<String> cited,
      String reason,
      String model) {
    return new AiReply(outcome, model, cited, in, out, estimated, reason);
  }

  private static Envelope record(Envelope e, AiReply note) {
    return e.with(ContextKeys.AI, note);
  }
}
