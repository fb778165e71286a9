package dev.chorus.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * Chorus's own meters. Every name is a constant here; tags take small, enum-like values (stage
 * names, event types, platforms, outcomes), never ids or user text. Prometheus renders the names
 * with the usual suffixes ({@code chorus_events_accepted_total}, {@code
 * chorus_stage_latency_seconds_bucket} …).
 */
public final class ChorusMetrics {

  public static final String EVENTS_ACCEPTED = "chorus.events.accepted";
  public static final String EVENTS_REJECTED = "chorus.events.rejected";
  public static final String EVENTS_IN_FLIGHT = "chorus.events.in.flight";
  public static final String EVENTS_COMPLETED = "chorus.events.completed";
  public static final String STAGE_LATENCY = "chorus.stage.latency";
  public static final String DEAD_LETTERS = "chorus.dead.letters";
  public static final String LOG_BATCH_SIZE = "chorus.log.batch.size";
  public static final String LOG_LAG = "chorus.log.lag";
  public static final String LOG_QUEUE = "chorus.log.queue";
  public static final String ROUTER_QUEUE = "chorus.router.queue";
  public static final String ROUTER_SHED = "chorus.router.shed";
  public static final String RESUMED = "chorus.events.resumed";
  public static final String LOG_ROWS = "chorus.log.rows";
  public static final String REPLIES_SENT = "chorus.replies.sent";
  public static final String WS_CONNECTIONS = "chorus.ws.connections";
  public static final String GATEWAY_ACCEPT = "chorus.gateway.accept";

  /** Cluster members this process sees (1 without clustering). */
  public static final String CLUSTER_MEMBERS = "chorus.cluster.members";

  /** Instances of a role reachable across the cluster, tag {@code role}. */
  public static final String CLUSTER_ROLE_INSTANCES = "chorus.cluster.role.instances";

  private final MeterRegistry registry;
  private final ConcurrentMap<String, Counter> counters = new ConcurrentHashMap<>();
  private final ConcurrentMap<String, Timer> timers = new ConcurrentHashMap<>();

  private final AtomicLong inFlight = new AtomicLong();
  private final AtomicLong logQueue = new AtomicLong();
  private final AtomicLong routerQueue = new AtomicLong();
  private final AtomicLong wsConnections = new AtomicLong();

  public ChorusMetrics(MeterRegistry registry) {
    this.registry = registry;
    gauge(
        EVENTS_IN_FLIGHT,
        "Events the routers of this process hold (running or waiting)",
        inFlight::get);
    gauge(LOG_QUEUE, "Rows waiting for the interaction log in this process", logQueue::get);
    gauge(ROUTER_QUEUE, "Events waiting for a free router slot in this process", routerQueue::get);
    gauge(WS_CONNECTIONS, "Open web-chat WebSocket connections", wsConnections::get);
    // Dead-letter series exist from the start (at 0), so alerts and dashboards need no special
    // case.
    for (String reason : DEAD_LETTER_REASONS) {
      counter(DEAD_LETTERS, DEAD_LETTERS_HELP, "reason", reason);
    }
  }

  /** Events in flight in this process (all router instances share it). */
  public AtomicLong inFlight() {
    return inFlight;
  }

  /** Events waiting for a router slot in this process (part of {@link #inFlight()}). */
  public AtomicLong routerQueue() {
    return routerQueue;
  }

  /** Rows queued for the interaction log in this process (all writer instances share it). */
  public AtomicLong logQueue() {
    return logQueue;
  }

  public AtomicLong wsConnections() {
    return wsConnections;
  }

  /** Meters that go nowhere but can be read back (tests). */
  public static ChorusMetrics inMemory() {
    return new ChorusMetrics(new SimpleMeterRegistry());
  }

  public MeterRegistry registry() {
    return registry;
  }

  public void accepted(String type, String platform) {
    counter(
            EVENTS_ACCEPTED,
            "Events accepted (journaled) by collectors",
            "type",
            type,
            "platform",
            platform)
        .increment();
  }

  public void rejected(String platform, String code) {
    counter(
            EVENTS_REJECTED,
            "Inputs refused by collectors, by error code",
            "platform",
            platform,
            "code",
            code)
        .increment();
  }

  public void completed(String type, String outcome) {
    counter(
            EVENTS_COMPLETED,
            "Events whose slip finished, by outcome (done, stopped, dead_letter)",
            "type",
            type,
            "outcome",
            outcome)
        .increment();
  }

  public void stageLatency(String stage, String outcome, long nanos) {
    String key = STAGE_LATENCY + stage + outcome;
    Timer timer =
        timers.computeIfAbsent(
            key,
            k ->
                Timer.builder(STAGE_LATENCY)
                    .description("Round trip of one routing-slip step, router to stage and back")
                    .tags("stage", stage, "outcome", outcome)
                    .publishPercentileHistogram()
                    .minimumExpectedValue(Duration.ofNanos(20_000))
                    .maximumExpectedValue(Duration.ofSeconds(30))
                    .register(registry));
    timer.record(nanos, TimeUnit.NANOSECONDS);
  }

  /** An accepted event the router had no room for: left to the journal to route again. */
  public void routerShed() {
    registry.counter(ROUTER_SHED).increment();
  }

  /** An unfinished event the journal routed again. */
  public void resumed() {
    registry.counter(RESUMED).increment();
  }

  /** The {@code reason} tag values of {@link #DEAD_LETTERS}. */
  public static final java.util.List<String> DEAD_LETTER_REASONS =
      java.util.List.of(
          "timeout", "no_handler", "stage_failed", "error", "overloaded", "no_route", "unfinished");

  private static final String DEAD_LETTERS_HELP = "Events that could not finish their slip";

  public void deadLetter(String reason) {
    counter(DEAD_LETTERS, DEAD_LETTERS_HELP, "reason", reason).increment();
  }

  public void replySent(String platform) {
    counter(REPLIES_SENT, "Replies handed to a platform collector", "platform", platform)
        .increment();
  }

  public void logRows(String kind, int rows) {
    counter(LOG_ROWS, "Rows written to the interaction log", "kind", kind).increment(rows);
  }

  /** A distribution of batch sizes written to the interaction log. */
  public DistributionSummary logBatchSize() {
    return DistributionSummary.builder(LOG_BATCH_SIZE)
        .description("Rows per interaction-log batch")
        .publishPercentileHistogram()
        .minimumExpectedValue(1.0)
        .maximumExpectedValue(10_000.0)
        .register(registry);
  }

  /** Time from an event being received to its row being durable. */
  public Timer logLag() {
    return Timer.builder(LOG_LAG)
        .description("Time from receipt to the interaction-log commit")
        .publishPercentileHistogram()
        .minimumExpectedValue(Duration.ofNanos(50_000))
        .maximumExpectedValue(Duration.ofSeconds(60))
        .register(registry);
  }

  /**
   * Server-side accept time of one platform's collector: input received to acknowledgement written
   * (the journal round trip included), as a histogram (quantiles over any window from two scrapes).
   */
  public Timer gatewayAccept(String platform) {
    return Timer.builder(GATEWAY_ACCEPT)
        .description("Input received to acknowledgement written, per accepted event")
        .tags("platform", platform)
        .publishPercentileHistogram()
        .minimumExpectedValue(Duration.ofNanos(5_000))
        .maximumExpectedValue(Duration.ofSeconds(30))
        .register(registry);
  }

  /** Registers a gauge read from {@code value} on every scrape. */
  public void gauge(String name, String description, Supplier<Number> value, String... tags) {
    io.micrometer.core.instrument.Gauge.builder(name, value)
        .description(description)
        .tags(tags)
        .register(registry);
  }

  // Reliability (web-chat guards, ingest availability).

  public static final String WS_CLOSED = "chorus.ws.closed";

  /**
   * A web-chat connection the server closed for a reason of its own ({@code too_big}, {@code
   * invalid_utf8}, {@code rate_limited}, {@code slow_reader}, {@code inflate_limit}).
   */
  public void wsClosed(String reason) {
    counter(WS_CLOSED, "WebSocket connections closed by the server, by reason", "reason", reason)
        .increment();
  }

  private Counter counter(String name, String description, String... tags) {
    StringBuilder key = new StringBuilder(name);
    for (String t : tags) {
      key.append('\0').append(t);
    }
    return counters.computeIfAbsent(
        key.toString(),
        k -> Counter.builder(name).description(description).tags(tags).register(registry));
  }

  // Overlay feed and web-chat room (overlay/, collector/gateway/): kept together at the end.

  public static final String OVERLAY_CONNECTIONS = "chorus.overlay.connections";
  public static final String OVERLAY_DROPPED = "chorus.overlay.dropped";

  private final AtomicLong overlayConnections = new AtomicLong();
  private final java.util.concurrent.atomic.AtomicBoolean overlayGauge =
      new java.util.concurrent.atomic.AtomicBoolean();

  /** Open overlay feed connections in this process (the gauge appears on first use). */
  public AtomicLong overlayConnections() {
    if (overlayGauge.compareAndSet(false, true)) {
      gauge(
          OVERLAY_CONNECTIONS, "Open overlay feed WebSocket connections", overlayConnections::get);
    }
    return overlayConnections;
  }

  /** An overlay or web-chat room client closed because it did not read its frames. */
  public void overlayDropped() {
    counter(OVERLAY_DROPPED, "Overlay and room clients dropped for not keeping up").increment();
  }

  // AI stage (ai/): model calls, tokens, circuit breakers and budgets. Tags are closed sets.

  public static final String AI_TOKENS = "chorus.ai.tokens";
  public static final String AI_CALLS = "chorus.ai.calls";
  public static final String AI_CALL_LATENCY = "chorus.ai.call.latency";
  public static final String AI_BREAKERS = "chorus.ai.breakers";
  public static final String AI_BUDGET_REFUSALS = "chorus.ai.budget.refusals";

  /** The {@code outcome} tag values of {@link #AI_CALLS}. */
  public static final java.util.List<String> AI_CALL_OUTCOMES =
      java.util.List.of(
          "replied",
          "blocked",
          "timeout",
          "rate_limited",
          "server_error",
          "client_error",
          "error",
          "busy",
          "breaker_open");

  /** The {@code state} tag values of {@link #AI_BREAKERS}. */
  public static final java.util.List<String> AI_BREAKER_STATES =
      java.util.List.of("closed", "open", "half_open");

  /** The {@code scope} tag values of {@link #AI_BUDGET_REFUSALS}. */
  public static final java.util.List<String> AI_BUDGET_SCOPES =
      java.util.List.of("person", "channel", "community");

  private static final String AI_TOKENS_HELP =
      "Model tokens by direction (input, output) and source (reported by the provider, estimated)";
  private static final String AI_CALLS_HELP =
      "Model calls by outcome (replied, blocked by the output checks, or why it failed)";
  private static final String AI_REFUSALS_HELP =
      "Messages for the AI refused because a token budget was spent, by budget scope";

  private final ConcurrentMap<String, AtomicLong> aiBreakers = new ConcurrentHashMap<>();
  private final java.util.concurrent.atomic.AtomicBoolean aiSeries =
      new java.util.concurrent.atomic.AtomicBoolean();

  /**
   * Registers every AI series at zero (once per registry), so a scrape shows them as soon as an AI
   * stage runs, before its first call.
   */
  public void aiStarted() {
    if (!aiSeries.compareAndSet(false, true)) {
      return;
    }
    for (String direction : java.util.List.of("input", "output")) {
      for (String source : java.util.List.of("reported", "estimated")) {
        counter(AI_TOKENS, AI_TOKENS_HELP, "direction", direction, "source", source);
      }
    }
    AI_CALL_OUTCOMES.forEach(o -> counter(AI_CALLS, AI_CALLS_HELP, "outcome", o));
    AI_BUDGET_SCOPES.forEach(s -> counter(AI_BUDGET_REFUSALS, AI_REFUSALS_HELP, "scope", s));
    for (String state : AI_BREAKER_STATES) {
      AtomicLong count = aiBreakers.computeIfAbsent(state, k -> new AtomicLong());
      gauge(
          AI_BREAKERS,
          "AI stage instances whose circuit breaker is in this state",
          count::get,
          "state",
          state);
    }
  }

  /** Tokens of one model answer: {@code direction} input or output, {@code estimated} or not. */
  public void aiTokens(String direction, boolean estimated, long tokens) {
    counter(
            AI_TOKENS,
            AI_TOKENS_HELP,
            "direction",
            direction,
            "source",
            estimated ? "estimated" : "reported")
        .increment(tokens);
  }

  /** One model call, by one of {@link #AI_CALL_OUTCOMES}. */
  public void aiCall(String outcome) {
    counter(AI_CALLS, AI_CALLS_HELP, "outcome", outcome).increment();
  }

  /**
   * Round trip of one model call that reached the provider, retries included; {@code outcome} is
   * {@code ok} (the provider answered) or {@code failed}.
   */
  public void aiCallLatency(String outcome, long nanos) {
    String key = AI_CALL_LATENCY + outcome;
    timers
        .computeIfAbsent(
            key,
            k ->
                Timer.builder(AI_CALL_LATENCY)
                    .description("Model call round trip, retries included")
                    .tags("outcome", outcome)
                    .publishPercentileHistogram()
                    .minimumExpectedValue(Duration.ofMillis(1))
                    .maximumExpectedValue(Duration.ofSeconds(120))
                    .register(registry))
        .record(nanos, TimeUnit.NANOSECONDS);
  }

  /** A circuit breaker of an AI instance moved from {@code from} (null: new) to {@code to}. */
  public void aiBreaker(String from, String to) {
    aiStarted();
    if (from != null) {
      aiBreakers.get(from).decrementAndGet();
    }
    if (to != null) {
      aiBreakers.get(to).incrementAndGet();
    }
  }

  /** A message refused because the {@code scope} budget is spent. */
  public void aiBudgetRefusal(String scope) {
    counter(AI_BUDGET_REFUSALS, AI_REFUSALS_HELP, "scope", scope).increment();
  }
}
