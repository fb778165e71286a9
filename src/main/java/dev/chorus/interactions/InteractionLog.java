package dev.chorus.interactions;

import io.vertx.core.Future;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The durable log of every accepted event, every reply and every dead letter.
 *
 * <p>Adapters: {@code interactions.h2.H2InteractionLog} (embedded profile) and {@code
 * interactions.pg.PgInteractionLog} (cluster profile). Both pass {@code InteractionLogContract}.
 * Batching policy lives above the port, in {@link InteractionLogWriter}; an adapter only has to
 * make one batch durable.
 */
public interface InteractionLog {

  /** A journaled event whose slip has not finished, as {@link #claimUnfinished} hands it out. */
  record Unfinished(String eventId, String community, int attempts, String payload) {}

  /**
   * Makes a batch durable in one transaction — on disk when the future completes (embedded: the
   * file is forced; PostgreSQL: the transaction committed). Idempotent on {@link Interaction#id()}
   * and, for events, on their {@link Interaction#effectiveKey() key} within the community: a row
   * whose id or key is already stored (or appears earlier in the same batch) is skipped, not
   * duplicated and not an error. Every new event is also recorded as unfinished until {@link
   * #finish}.
   *
   * @return the ids of the rows that were new; the writer processes an event only when its id is
   *     here
   */
  Future<Set<String>> append(List<Interaction> batch);

  /** Which event holds each of {@code keys} in {@code community} (key → event id). */
  Future<Map<String, String>> keyHolders(String community, Collection<String> keys);

  /** Marks events finished: answered, stopped or dead-lettered. Unknown ids are ignored. */
  Future<Void> finish(Collection<String> eventIds);

  /**
   * Up to {@code limit} unfinished events whose last attempt is older than {@code retryAfter},
   * oldest first, each claimed for another {@code retryAfter} with its attempt count increased: two
   * processes claiming at once never get the same event.
   */
  Future<List<Unfinished>> claimUnfinished(Duration retryAfter, int limit);

  /** How many events are unfinished (operations, tests). */
  Future<Long> unfinished();

  /**
   * The newest rows of a community, newest first; {@code channelId} narrows to one channel when not
   * null.
   */
  default Future<List<Interaction>> latest(String community, String channelId, int limit) {
    return latest(community, channelId, null, limit);
  }

  /**
   * One page of a community's rows, newest first, strictly older than {@code before} (the last row
   * of the previous page; {@code null} for the first page). Pages follow the order (at, id)
   * descending, so rows written while a reader pages through never shift a page.
   */
  Future<List<Interaction>> latest(String community, String channelId, Cursor before, int limit);

  /** Where a page ends: the (at, id) of its last row. */
  record Cursor(java.time.Instant at, String id) {

    public Cursor {
      java.util.Objects.requireNonNull(at, "at");
      java.util.Objects.requireNonNull(id, "id");
    }

    /** The cursor after {@code row}. */
    public static Cursor after(Interaction row) {
      return new Cursor(row.at(), row.id());
    }
  }

  /** The newest rows one platform user authored in a community, newest first. */
  Future<List<Interaction>> byAuthor(String community, String platform, String authorId, int limit);

  /** How many rows of {@code kind} the community has (operations and tests). */
  Future<Long> count(String community, Interaction.Kind kind);

  /**
   * The newest dead letters of a community, newest first. A dead letter's {@link
   * Interaction#text()} is the reason and its {@link Interaction#inReplyTo()} the event.
   */
  Future<List<Interaction>> deadLetters(String community, int limit);

  /** One dead letter of a community by its id; {@code null} when there is none. */
  Future<Interaction> deadLetter(String community, String id);

  /**
   * Makes dead-lettered events of {@code community} unfinished again, from their journaled payload,
   * with no attempts and due at once, so that the journal routes them again ({@code
   * ResumeVerticle}). Durable when the future completes. Idempotent: an event already unfinished,
   * not dead-lettered or not of the community is left alone.
   *
   * @return the ids of the events reopened by this call
   */
  Future<Set<String>> reopen(String community, Collection<String> eventIds);
}
