package dev.chorus.collector;

import static net.logstash.logback.argument.StructuredArguments.kv;

import dev.chorus.event.Envelope;
import dev.chorus.metrics.ChorusMetrics;
import io.vertx.core.Vertx;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Ingest for a persistent connection, which has no one to refuse a line to: an event the log
 * refuses for now ({@code overloaded}, {@code unavailable}) is tried again after 1, 2 and 4 s, then
 * counted and dropped with a warning naming its id. At most {@value #MAX_RETRYING} events wait for
 * a retry at once; beyond that a refused event is dropped at once, so an outage cannot grow memory.
 * A retry is safe: the event id is deterministic, so an event stored after all is a duplicate.
 */
public final class ConnectionIngest {

  private static final Logger LOG = LoggerFactory.getLogger(ConnectionIngest.class);
  static final int MAX_RETRYING = 1000;
  static final int ATTEMPTS = 4;

  private final Vertx vertx;
  private final IngestClient client;
  private final ChorusMetrics metrics;
  private int retrying;

  public ConnectionIngest(Vertx vertx, IngestClient client, ChorusMetrics metrics) {
    this.vertx = vertx;
    this.client = client;
    this.metrics = metrics;
  }

  /** Journals and routes {@code envelope}, retrying a refusal as described above. */
  public void ingest(Envelope envelope) {
    attempt(envelope, 1);
  }

  private void attempt(Envelope envelope, int attempt) {
    client
        .ingest(envelope)
        .onSuccess(
            outcome -> {
              if (attempt > 1) {
                retrying--;
              }
              if (outcome.acknowledge()) {
                return;
              }
              if (outcome != IngestOutcome.INVALID
                  && attempt < ATTEMPTS
                  && (attempt > 1 || retrying < MAX_RETRYING)) {
                retrying++;
                vertx.setTimer(1000L << (attempt - 1), t -> attempt(envelope, attempt + 1));
                return;
              }
              LOG.warn(
                  "{} {} dropped after {} attempt(s): {}",
                  envelope.platform(),
                  kv("eventId", envelope.id()),
                  attempt,
                  outcome.code());
              metrics.rejected(envelope.platform(), outcome.code());
            });
  }
}
