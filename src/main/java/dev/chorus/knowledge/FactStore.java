package dev.chorus.knowledge;

import io.vertx.core.Future;
import java.util.List;
import java.util.Optional;

/**
 * The knowledge source of truth: facts and documents with their provenance and approval state. The
 * search index (Lucene) is derived from it: rebuilt by paging {@link #changesSince} from 0 and kept
 * current by reading on from the last {@link Fact#seq()} it applied.
 *
 * <p>State changes are conditional updates in the store ({@code … WHERE status = 'pending'}), so
 * two moderators approving and rejecting the same fact at once cannot both win.
 *
 * <p>Adapters: {@code knowledge.sql.SqlFactStore} on H2 and on PostgreSQL; both pass {@code
 * FactStoreContract}.
 */
public interface FactStore {

  /** Stores a new fact awaiting review ({@link Fact.Status#PENDING}). */
  Future<Fact> propose(NewFact fact);

  /** Stores a new fact already approved (an administrator's own entry). */
  Future<Fact> add(NewFact fact, String approvedBy);

  /** PENDING → APPROVED; empty when there is no pending fact with that id. */
  Future<Optional<Fact>> approve(String community, String id, String reviewer);

  /** PENDING → REJECTED; empty when there is no pending fact with that id. */
  Future<Optional<Fact>> reject(String community, String id, String reviewer);

  /** New title, body and source; goes back to PENDING. Empty when absent or archived. */
  Future<Optional<Fact>> revise(
      String community, String id, String title, String body, String source, String by);

  /** Any state but ARCHIVED → ARCHIVED (kept for provenance, dropped from the index). */
  Future<Optional<Fact>> archive(String community, String id, String by);

  Future<Optional<Fact>> get(String community, String id);

  /** A community's facts in {@code status} (any status when null), most recently changed first. */
  Future<List<Fact>> list(String community, Fact.Status status, int limit);

  /**
   * Every change after {@code seq}, all communities, in order: the index replicas' feed. Positions
   * are taken in commit order, so once a reader has seen {@code n} no change below {@code n} can
   * appear later (there may be holes: numbers of writes that failed, or of facts changed again).
   */
  Future<List<Fact>> changesSince(long seq, int limit);

  /**
   * After two people merged: every fact the person {@code from} proposed or reviewed names {@code
   * into} instead, each changed row taking the next sequence number (the index replicas follow).
   * Returns how many rows changed; a second call for the same merge changes none.
   */
  Future<Integer> reassignPerson(String community, String from, String into);

  /**
   * The highest feed position in the store (0 when empty): how far the index replicas must read.
   */
  Future<Long> headSeq();

  /**
   * Stores {@code passages} (approved, with the ids the caller chose) as the whole of document
   * {@code document} in one transaction: all of them or, on any failure, none. Passages already
   * stored and approved are kept as they are (an identical upload changes nothing), archived or
   * pending ones are approved again, and passages of an earlier version that the new one lacks are
   * archived (an upload replaces the document).
   */
  Future<DocumentWrite> putDocument(
      String community, String document, List<NewFact> passages, String by);

  /**
   * The outcome of {@link #putDocument}.
   *
   * @param passages the document's passages now, in order
   * @param unchanged how many of them were already stored and approved
   * @param archived passages of the earlier version that the new one lacks
   */
  record DocumentWrite(List<Fact> passages, int unchanged, int archived) {}

  /** The source of passage {@code n} (from 1) of a document: {@code document:<name>#<n>}. */
  static String documentSource(String document, int n) {
    return "document:" + document + "#" + n;
  }
}
