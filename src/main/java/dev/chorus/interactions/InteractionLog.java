package dev.chorus.interactions;

import io.vertx.core.Future;
import java.util.List;
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

  /**
   * Makes a batch durable in one transaction. Idempotent on {@link Interaction#id()}: a row whose
   * id is already stored (or appears earlier in the same batch) is skipped, not duplicated and not
   * an error.
   *
   * @return the ids of the rows that were new; the writer processes an event only when its id is
   *     here
   */
  Future<Set<String>> append(List<Interaction> batch);

  /**
   * The newest rows of a community, newest first; {@code channelId} narrows to one channel when not
   * null.
   */
  Future<List<Interaction>> latest(String community, String channelId, int limit);

  /** The newest rows one platform user authored in a community, newest first. */
  Future<List<Interaction>> byAuthor(String community, String platform, String authorId, int limit);

  /** How many rows of {@code kind} the community has (operations and tests). */
  Future<Long> count(String community, Interaction.Kind kind);
}
