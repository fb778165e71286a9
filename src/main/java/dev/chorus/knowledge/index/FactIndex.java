package dev.chorus.knowledge.index;

import dev.chorus.knowledge.Fact;
import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.KnnFloatVectorField;
import org.apache.lucene.document.StoredField;
import org.apache.lucene.document.StringField;
import org.apache.lucene.document.TextField;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.SegmentInfos;
import org.apache.lucene.index.StoredFields;
import org.apache.lucene.index.Term;
import org.apache.lucene.index.TieredMergePolicy;
import org.apache.lucene.index.VectorSimilarityFunction;
import org.apache.lucene.search.BooleanClause;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.KnnFloatVectorQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.SearcherManager;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.FSDirectory;
import org.apache.lucene.util.QueryBuilder;

/**
 * One process's search index of the approved facts of every community: BM25 over the text and an
 * HNSW graph over the embeddings, in one Lucene index on local disk. It is derived data: the {@code
 * FactStore} is the truth, and the index remembers in its commit how far into the store's change
 * feed it has read ({@link #appliedSeq()}) and which model made its vectors. Opened with another
 * model's vectors it starts empty, so everything is embedded again.
 *
 * <p>Blocking: call it from worker threads. {@link #apply} must be called by one thread at a time
 * (the index follower's); searches may run on any number of threads at once.
 */
public final class FactIndex implements Closeable {

  static final String ID = "id";
  static final String COMMUNITY = "community";
  static final String TEXT = "text";
  static final String SUBJECT = "subject";
  static final String VECTOR = "vector";
  private static final String MODEL_KEY = "chorus.model";
  private static final String SEQ_KEY = "chorus.seq";

  private final Directory directory;
  private final IndexWriter writer;
  private final SearcherManager searchers;
  private final Analyzer analyzer = new FactAnalyzer();
  private final String modelId;
  private final int dimensions;
  private final boolean startedEmpty;
  private final CommunityFilters filters = new CommunityFilters(COMMUNITY);
  private volatile long appliedSeq;

  private FactIndex(Path dir, String modelId, int dimensions) throws IOException {
    this.modelId = modelId;
    this.dimensions = dimensions;
    this.directory = FSDirectory.open(dir);
    Map<String, String> stored = storedCommitData(directory);
    boolean sameModel = modelKey(modelId, dimensions).equals(stored.get(MODEL_KEY));
    // Every segment is searched on its own (its own HNSW graph, its own BM25 postings), so the
    // steady state should have few: small segments (one per committed change) are merged early
    // and in small groups. After a rebuild or a large catch-up the follower merges to one.
    TieredMergePolicy merges = new TieredMergePolicy();
    merges.setSegmentsPerTier(4);
    merges.setFloorSegmentMB(16);
    IndexWriterConfig config =
        new IndexWriterConfig(analyzer)
            .setMergePolicy(merges)
            .setRAMBufferSizeMB(64)
            .setOpenMode(
                sameModel ? IndexWriterConfig.OpenMode.APPEND : IndexWriterConfig.OpenMode.CREATE);
    IndexWriter w;
    try {
      w = new IndexWriter(directory, config);
    } catch (IOException | RuntimeException e) {
      directory.close();
      throw e;
    }
    this.writer = w;
    this.startedEmpty = !sameModel;
    this.appliedSeq = sameModel ? Long.parseLong(stored.getOrDefault(SEQ_KEY, "0")) : 0;
    if (!sameModel) {
      commit();
    }
    this.searchers = new SearcherManager(writer, filters);
  }

  /**
   * Opens (or creates) the index in {@code dir} for vectors of {@code modelId}.
   *
   * @throws IOException when the directory cannot be used, e.g. another process holds its lock
   */
  public static FactIndex open(Path dir, String modelId, int dimensions) throws IOException {
    return new FactIndex(dir, modelId, dimensions);
  }

  private static Map<String, String> storedCommitData(Directory directory) throws IOException {
    if (!DirectoryReader.indexExists(directory)) {
      return Map.of();
    }
    try {
      return SegmentInfos.readLatestCommit(directory).getUserData();
    } catch (IOException e) {
      return Map.of(); // unreadable: start again from the store
    }
  }

  private static String modelKey(String modelId, int dimensions) {
    return modelId + "#" + dimensions;
  }

  /** Whether the index started empty (new, or made by another model) and is rebuilt from seq 0. */
  public boolean startedEmpty() {
    return startedEmpty;
  }

  /** The last change-feed position whose changes are in the index. */
  public long appliedSeq() {
    return appliedSeq;
  }

  public String modelId() {
    return modelId;
  }

  public int dimensions() {
    return dimensions;
  }

  /** A fact from the change feed with its vector (null when it could not be embedded). */
  public record Change(Fact fact, float[] vector) {}

  /**
   * Applies one page of the change feed: approved facts are (re)indexed, facts in any other state
   * removed. Commits with {@code upToSeq} as the new position and makes the changes searchable.
   */
  public void apply(List<Change> changes, long upToSeq) throws IOException {
    write(changes, upToSeq);
    publish();
  }

  /**
   * Writes one page of the change feed without committing it or making it searchable: a large
   * catch-up writes many pages and {@link #publish}es once (one commit, one new searcher, fewer
   * segments). Until then a crash resumes from the last published position.
   */
  public void write(List<Change> changes, long upToSeq) throws IOException {
    for (Change c : changes) {
      Fact f = c.fact();
      Term id = new Term(ID, f.id());
      if (f.status() == Fact.Status.APPROVED) {
        writer.updateDocument(id, document(f, c.vector()));
      } else {
        writer.deleteDocuments(id);
      }
    }
    appliedSeq = Math.max(appliedSeq, upToSeq);
  }

  /** Commits what was written, with the feed position, and makes it searchable. */
  public void publish() throws IOException {
    commit();
    searchers.maybeRefreshBlocking();
  }

  /**
   * Merges the index down to {@code maxSegments} segments, commits and makes the result searchable.
   * Slow for a large index (the HNSW graphs are merged): for after a rebuild or a large catch-up.
   */
  public void merge(int maxSegments) throws IOException {
    writer.forceMerge(maxSegments);
    commit();
    searchers.maybeRefreshBlocking();
  }

  /** How often a vector search found its community filter already built for a segment. */
  public long filterCacheHits() {
    return filters.hits();
  }

  /** The text a fact is indexed and embedded by: a document passage's title, then the body. */
  public static String indexText(Fact f) {
    return f.kind() == Fact.Kind.DOCUMENT ? f.title() + "\n" + f.body() : f.body();
  }

  private Document document(Fact f, float[] vector) {
    Document d = new Document();
    d.add(new StringField(ID, f.id(), Field.Store.YES));
    d.add(new StringField(COMMUNITY, f.community(), Field.Store.YES));
    d.add(new TextField(TEXT, indexText(f), Field.Store.NO));
    d.add(new StoredField("body", f.body()));
    d.add(new StoredField("kind", f.kind().dbName()));
    d.add(new StoredField("title", f.title()));
    d.add(new StoredField("source", f.source()));
    d.add(new StoredField("proposedBy", f.proposedBy()));
    if (f.reviewedBy() != null) {
      d.add(new StoredField("reviewedBy", f.reviewedBy()));
    }
    if (f.subject() != null) {
      d.add(new StringField(SUBJECT, f.subject(), Field.Store.YES));
    }
    if (vector != null && vector.length == dimensions) {
      d.add(new KnnFloatVectorField(VECTOR, vector, VectorSimilarityFunction.DOT_PRODUCT));
    }
    return d;
  }

  private void commit() throws IOException {
    writer.setLiveCommitData(
        Map.of(MODEL_KEY, modelKey(modelId, dimensions), SEQ_KEY, Long.toString(appliedSeq))
            .entrySet());
    writer.commit();
  }

  /**
   * BM25 matches of {@code query} among {@code community}'s facts, best first; empty when the query
   * has no searchable word. Scores are BM25 scores.
   */
  public List<FactHit> keyword(String community, String query, int n) throws IOException {
    Query words = new QueryBuilder(analyzer).createBooleanQuery(TEXT, query);
    if (words == null) {
      return List.of();
    }
    Query q =
        new BooleanQuery.Builder()
            .add(new TermQuery(new Term(COMMUNITY, community)), BooleanClause.Occur.FILTER)
            .add(words, BooleanClause.Occur.MUST)
            .build();
    return search(q, n, false);
  }

  /**
   * The {@code n} nearest facts of {@code community} to {@code vector} in the HNSW graph, best
   * first. Scores are cosine similarities.
   */
  public List<FactHit> vector(String community, float[] vector, int n) throws IOException {
    Query q =
        new KnnFloatVectorQuery(VECTOR, vector, n, new TermQuery(new Term(COMMUNITY, community)));
    return search(q, n, true);
  }

  private List<FactHit> search(Query q, int n, boolean cosine) throws IOException {
    IndexSearcher searcher = searchers.acquire();
    try {
      ScoreDoc[] docs = searcher.search(q, n).scoreDocs;
      StoredFields fields = searcher.storedFields();
      List<FactHit> hits = new ArrayList<>(docs.length);
      for (ScoreDoc sd : docs) {
        Document d = fields.document(sd.doc);
        // Lucene scores DOT_PRODUCT as (1 + cos) / 2; give back the cosine.
        double score = cosine ? 2.0 * sd.score - 1.0 : sd.score;
        hits.add(
            new FactHit(
                d.get(ID),
                d.get(COMMUNITY),
                d.get("kind"),
                d.get("title"),
                d.get("body"),
                d.get(SUBJECT),
                d.get("source"),
                d.get("proposedBy"),
                d.get("reviewedBy"),
                score));
      }
      return hits;
    } finally {
      searchers.release(searcher);
    }
  }

  /** How many segments the searchable index has now (each is searched on its own). */
  public int segments() throws IOException {
    IndexSearcher searcher = searchers.acquire();
    try {
      return searcher.getIndexReader().leaves().size();
    } finally {
      searchers.release(searcher);
    }
  }

  /** How many facts are searchable now. */
  public int size() throws IOException {
    IndexSearcher searcher = searchers.acquire();
    try {
      return searcher.getIndexReader().numDocs();
    } finally {
      searchers.release(searcher);
    }
  }

  @Override
  public void close() throws IOException {
    try {
      searchers.close();
      writer.close();
    } finally {
      directory.close();
    }
  }
}
