package dev.chorus.collector;

import dev.chorus.event.Addresses;
import dev.chorus.module.Degraded;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import io.vertx.core.json.JsonObject;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.WeakHashMap;

/**
 * Whether this process can accept events now: the interaction log answers and is writing, and a
 * router consumes {@link Addresses#INGRESS}. Collectors refuse at once ({@link
 * IngestOutcome#UNAVAILABLE}) while it says no, instead of holding each input for the journal
 * timeout, and {@code /health/ready} shows it as the check {@value #CHECK}.
 *
 * <p>One per Vert.x instance, installed by the modules that run collectors ({@link #install});
 * every {@link IngestClient} of that instance consults it. A probe every {@code probeMs} asks the
 * log ({@link Addresses#KIND_PROBE}) and the router; a journal failure seen by any client marks the
 * log down until the next good probe. Without an installation (a collector tested on its own)
 * nothing is refused here.
 */
public final class IngestHealth {

  /** The readiness check's name. */
  public static final String CHECK = "ingest";

  private static final Map<Vertx, IngestHealth> INSTALLED =
      Collections.synchronizedMap(new WeakHashMap<>());

  private final Vertx vertx;
  private final boolean requireRouter;
  private final DeliveryOptions probe;
  private volatile String journalProblem;
  private volatile boolean routerMissing;
  private volatile long lastAnswer = System.nanoTime();
  private final long probeTimeoutMs;
  private final java.util.concurrent.atomic.AtomicBoolean readinessRegistered =
      new java.util.concurrent.atomic.AtomicBoolean();

  private IngestHealth(Vertx vertx, long probeMs, boolean requireRouter) {
    this.vertx = vertx;
    this.requireRouter = requireRouter;
    this.probeTimeoutMs = Math.max(100, Math.min(probeMs, 2_000));
    this.probe =
        new DeliveryOptions()
            .setSendTimeout(probeTimeoutMs)
            .addHeader(Addresses.HEADER_KIND, Addresses.KIND_PROBE);
    vertx.setPeriodic(probeMs, probeMs, t -> check());
  }

  /**
   * The instance of {@code vertx}, created with these options the first time.
   *
   * @param probeMs how often the log and the router are probed
   * @param requireRouter refuse while no router consumes ingress (else such events are journaled
   *     and the journal routes them once a router is back)
   */
  public static IngestHealth install(Vertx vertx, long probeMs, boolean requireRouter) {
    Objects.requireNonNull(vertx, "vertx");
    return INSTALLED.computeIfAbsent(vertx, v -> new IngestHealth(v, probeMs, requireRouter));
  }

  /**
   * {@link #install}s the instance of the module's Vert.x and registers it as the readiness check
   * {@value #CHECK} (once per process, whichever collector module deploys first).
   */
  public static IngestHealth install(
      dev.chorus.module.ModuleContext context, long probeMs, boolean requireRouter) {
    IngestHealth health = install(context.vertx(), probeMs, requireRouter);
    if (health.readinessRegistered.compareAndSet(false, true)) {
      context.readiness(CHECK, health::check);
    }
    return health;
  }

  /** The instance installed on {@code vertx}, or {@code null}. */
  static IngestHealth of(Vertx vertx) {
    return INSTALLED.get(vertx);
  }

  /** Why events are refused now, or {@code null} when they are taken. */
  public String refusal() {
    String journal = journalProblem;
    if (journal != null) {
      return journal;
    }
    return requireRouter && routerMissing ? "no router consumes " + Addresses.INGRESS : null;
  }

  /** The log answered a request (with a result or a refusal of its own): it is there. */
  void journalAnswered() {
    lastAnswer = System.nanoTime();
  }

  /**
   * A journal request failed as an outage. Only failures that make each request wait mark the log
   * down (so that later ones are refused at once): a timeout, when the log has answered nothing for
   * as long (a log busy with a burst answers others meanwhile, and is not down), and a 503 (its
   * store failing or stalled). A missing writer fails every request at once anyway, and refusing
   * ahead of it would only delay the first event after it appears.
   */
  void journalFailed(Throwable cause) {
    if (!(cause instanceof ReplyException re)) {
      return;
    }
    boolean waits =
        switch (re.failureType()) {
          case TIMEOUT -> System.nanoTime() - lastAnswer >= probeTimeoutMs * 1_000_000L;
          case RECIPIENT_FAILURE -> re.failureCode() == Addresses.FAILURE_UNAVAILABLE;
          default -> false;
        };
    if (waits) {
      journalProblem = "the interaction log is unavailable: " + describe(cause);
    }
  }

  /**
   * Probes the log and the router now; fails with the reason when events would be refused. The
   * readiness check.
   */
  public Future<Void> check() {
    Future<Void> journal =
        vertx
            .eventBus()
            .request(Addresses.INTERACTIONS, null, probe)
            .map(IngestHealth::spilled)
            .recover(
                e ->
                    // A writer that answers with a code of its own other than 503 is there (an
                    // older one during a rolling upgrade refuses the probe with 400).
                    e instanceof ReplyException re
                            && re.failureType() == ReplyFailure.RECIPIENT_FAILURE
                            && re.failureCode() != Addresses.FAILURE_UNAVAILABLE
                        ? Future.succeededFuture(0L)
                        : Future.failedFuture(e))
            .onSuccess(
                v -> {
                  journalAnswered();
                  journalProblem = null;
                })
            .onFailure(this::journalFailed)
            .compose(
                spilled ->
                    spilled > 0
                        ? Future.failedFuture(
                            new Degraded(
                                "the interaction log store is down or slow: "
                                    + spilled
                                    + " rows wait in the local spill buffer"))
                        : Future.<Void>succeededFuture());
    Future<Void> router =
        vertx
            .eventBus()
            .request(Addresses.INGRESS, null, probe)
            .<Void>mapEmpty()
            .recover(
                e -> {
                  // Only a certain absence counts: a busy router still takes events.
                  boolean missing =
                      e instanceof ReplyException re
                          && re.failureType() == ReplyFailure.NO_HANDLERS;
                  routerMissing = missing;
                  return missing
                      ? Future.failedFuture("no router consumes " + Addresses.INGRESS)
                      : Future.succeededFuture();
                })
            .onSuccess(v -> routerMissing = false);
    return Future.join(journal, router)
        .transform(
            ar -> {
              boolean spilling = journal.failed() && journal.cause() instanceof Degraded;
              String why =
                  journal.failed() && !spilling
                      ? "the interaction log is unavailable: " + describe(journal.cause())
                      : null;
              if (why == null && requireRouter && router.failed()) {
                why = router.cause().getMessage();
              }
              if (why != null) {
                return Future.failedFuture(why);
              }
              return spilling ? Future.failedFuture(journal.cause()) : Future.succeededFuture();
            });
  }

  /** Rows the writer holds in its spill buffer, from its probe answer (0 from an older writer). */
  private static long spilled(Message<Object> answer) {
    return answer.body() instanceof JsonObject body ? body.getLong("spilled", 0L) : 0L;
  }

  static String describe(Throwable e) {
    if (e instanceof ReplyException re) {
      return switch (re.failureType()) {
        case TIMEOUT -> "no answer in time";
        case NO_HANDLERS -> "no log writer consumes " + Addresses.INTERACTIONS;
        default -> String.valueOf(re.getMessage());
      };
    }
    return String.valueOf(e.getMessage());
  }
}
