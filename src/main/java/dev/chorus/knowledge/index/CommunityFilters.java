package dev.chorus.knowledge.index;

import java.io.IOException;
import org.apache.lucene.index.IndexReader;
import org.apache.lucene.search.BooleanClause;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.BoostQuery;
import org.apache.lucene.search.ConstantScoreQuery;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.LRUQueryCache;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.QueryCachingPolicy;
import org.apache.lucene.search.SearcherFactory;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.search.UsageTrackingQueryCachingPolicy;

/**
 * Makes the searchers of a {@link FactIndex} keep each community's vector-search filter per
 * segment. A filtered HNSW search first builds the set of documents it may return (the community's
 * term and "has a vector") for every segment; built once and cached with the segment, a question no
 * longer walks the community's postings before the graph search. Lucene's default caching policy
 * never caches a term query and skips small segments, so this one says yes to the community filter
 * and leaves every other query to the default policy. The cache is bounded (entries and memory,
 * least recently used out) and keyed by segment, so it survives refreshes for the segments that did
 * not change.
 */
final class CommunityFilters extends SearcherFactory {

  /** Segments smaller than this are cheap to filter: no cached set there. */
  private static final int CACHED_SEGMENT_DOCS = 2_048;

  private final String communityField;
  private final LRUQueryCache cache =
      new LRUQueryCache(
          1_000, 64L << 20, leaf -> leaf.reader().maxDoc() >= CACHED_SEGMENT_DOCS, 10f);
  private final QueryCachingPolicy defaults = new UsageTrackingQueryCachingPolicy();
  private final QueryCachingPolicy policy =
      new QueryCachingPolicy() {
        @Override
        public void onUse(Query query) {
          defaults.onUse(query);
        }

        @Override
        public boolean shouldCache(Query query) throws IOException {
          return isCommunityFilter(query) || defaults.shouldCache(query);
        }
      };

  CommunityFilters(String communityField) {
    this.communityField = communityField;
  }

  @Override
  public IndexSearcher newSearcher(IndexReader reader, IndexReader previous) {
    IndexSearcher searcher = new IndexSearcher(reader);
    searcher.setQueryCache(cache);
    searcher.setQueryCachingPolicy(policy);
    return searcher;
  }

  /** Searches that found their filter already built for a segment. */
  long hits() {
    return cache.getHitCount();
  }

  /**
   * A pure filter that names a community: what a vector search builds. Lucene rewrites its
   * all-FILTER conjunction (community term, has a vector) into a constant-score conjunction of MUST
   * clauses, or into the community term alone when every document has a vector.
   */
  private boolean isCommunityFilter(Query query) {
    while (query instanceof BoostQuery || query instanceof ConstantScoreQuery) {
      query =
          query instanceof BoostQuery b ? b.getQuery() : ((ConstantScoreQuery) query).getQuery();
    }
    if (query instanceof TermQuery t) {
      return t.getTerm().field().equals(communityField); // what it rewrites to when every
      // document of the index has a vector
    }
    if (!(query instanceof BooleanQuery b) || b.clauses().isEmpty()) {
      return false;
    }
    boolean community = false;
    for (BooleanClause c : b.clauses()) {
      if (c.getOccur() != BooleanClause.Occur.FILTER && c.getOccur() != BooleanClause.Occur.MUST) {
        return false;
      }
      if (c.getQuery() instanceof TermQuery t && t.getTerm().field().equals(communityField)) {
        community = true;
      }
    }
    return community;
  }
}
