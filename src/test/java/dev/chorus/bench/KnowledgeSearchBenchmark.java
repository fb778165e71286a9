package dev.chorus.bench;

import dev.chorus.embedding.Embedder;
import dev.chorus.embedding.Vectors;
import dev.chorus.embedding.minilm.MiniLmEmbedder;
import dev.chorus.knowledge.Fact;
import dev.chorus.knowledge.KnowledgeSearch;
import dev.chorus.knowledge.index.FactHit;
import dev.chorus.knowledge.index.FactIndex;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.HdrHistogram.Histogram;

/**
 * Knowledge search over many facts ({@code docs/performance.md}, "Knowledge search"): hybrid search
 * latency with the question's embedding excluded and included, and recall@10 of the HNSW graph
 * against an exact scan of the same vectors.
 *
 * <p>Facts: {@code --sentences} distinct sentences made from templates are embedded with MiniLM;
 * each of the {@code --facts} facts takes one of them plus words of its own (so BM25 sees distinct
 * texts), and its vector is that sentence's embedding plus a little Gaussian noise, normalized
 * (embedding 100,000 sentences would take most of an hour here; the noise keeps the vectors
 * distinct and clustered, as real facts about a few topics are). Questions are new sentences from
 * the same templates, embedded for real.
 *
 * <p>{@code mvn -o -q -Pbench test-compile exec:exec@bench-knowledge -Dbench.args="--facts 100000"}
 */
public final class KnowledgeSearchBenchmark {

  private static final String[] WHO = {
    "the streamer", "the head moderator", "the artist", "the cat", "the community", "the editor",
    "the raid team", "the speedrunner", "the sponsor", "the composer", "the channel", "the mascot"
  };
  private static final String[] WHAT = {
    "plays",
    "draws",
    "streams",
    "collects",
    "designs",
    "records",
    "reviews",
    "organizes",
    "hosts",
    "edits",
    "writes",
    "builds"
  };
  private static final String[] THING = {
    "horror games on fridays",
    "emotes for subscribers",
    "music for the intro",
    "clips every sunday",
    "a charity event in december",
    "speedruns of celeste",
    "the minecraft server",
    "game nights",
    "the overlay graphics",
    "merch with the logo",
    "giveaways for followers",
    "the weekly schedule",
    "a podcast about indie games",
    "cosplay for conventions",
    "tournaments with viewers",
    "tutorials about drawing"
  };
  private static final String[] WORDS = {
    "alpha", "bravo", "cedar", "delta", "ember", "fjord", "garnet", "harbor", "iris", "jade",
    "kelp", "lumen", "maple", "nova", "opal", "pine", "quartz", "raven", "sage", "tidal"
  };

  private KnowledgeSearchBenchmark() {}

  public static void main(String[] argv) throws Exception {
    Args args = new Args(argv);
    int facts = args.integer("facts", 100_000);
    int sentences = args.integer("sentences", 2_000);
    int queries = args.integer("queries", 1_000);
    double noise = Double.parseDouble(args.string("noise", "0.02"));
    Random random = new Random(42);
    Embedder embedder = MiniLmEmbedder.shared();

    long t0 = System.nanoTime();
    List<String> base = new ArrayList<>();
    for (int i = 0; i < sentences; i++) {
      base.add(sentence(random) + " " + WORDS[i % WORDS.length] + " " + (i / WORDS.length));
    }
    List<float[]> baseVectors = new ArrayList<>();
    for (int i = 0; i < base.size(); i += 64) {
      baseVectors.addAll(embedder.embedAll(base.subList(i, Math.min(base.size(), i + 64))));
    }
    System.out.printf(
        "embedded %d sentences in %.1f s%n", sentences, (System.nanoTime() - t0) / 1e9);

    Path dir = Files.createTempDirectory("chorus-knowledge-bench");
    float[][] vectors = new float[facts][];
    try (FactIndex index = FactIndex.open(dir, embedder.modelId(), embedder.dimensions())) {
      long t1 = System.nanoTime();
      Instant now = Instant.now();
      List<FactIndex.Change> page = new ArrayList<>();
      for (int i = 0; i < facts; i++) {
        int s = i % sentences;
        float[] v = baseVectors.get(s).clone();
        for (int d = 0; d < v.length; d++) {
          v[d] += (float) (random.nextGaussian() * noise);
        }
        vectors[i] = Vectors.normalized(v);
        String text = base.get(s) + " " + WORDS[random.nextInt(WORDS.length)] + " fact" + i;
        Fact f =
            new Fact(
                "f" + i,
                "bench",
                Fact.Kind.FACT,
                "fact " + i,
                text,
                "bench",
                "bench",
                Fact.Status.APPROVED,
                "bench",
                now,
                now,
                1,
                i + 1,
                null);
        page.add(new FactIndex.Change(f, vectors[i]));
        if (page.size() == 5_000) {
          index.apply(page, i + 1);
          page.clear();
        }
      }
      index.apply(page, facts);
      System.out.printf(
          "indexed %d facts in %.1f s, %d segments%n",
          index.size(), (System.nanoTime() - t1) / 1e9, index.segments());

      List<String> questions = new ArrayList<>();
      for (int i = 0; i < queries; i++) {
        questions.add("who " + sentence(random) + "?");
      }
      KnowledgeSearch.Tuning tuning = new KnowledgeSearch.Tuning(0.3, 0.5, 250, 0.3);
      // Warm up the JIT and the index's caches.
      for (int i = 0; i < 100; i++) {
        KnowledgeSearch.rank(
            index,
            tuning,
            "bench",
            questions.get(i % queries),
            3,
            Set.of(),
            KnowledgeSearch.Mode.HYBRID,
            embedder.embed(questions.get(i % queries)));
      }
      Histogram without = new Histogram(3);
      Histogram with = new Histogram(3);
      Histogram embedOnly = new Histogram(3);
      Histogram keywordOnly = new Histogram(3);
      Histogram vectorOnly = new Histogram(3);
      double recall = 0;
      for (String q : questions) {
        long a = System.nanoTime();
        float[] v = embedder.embed(q);
        long b = System.nanoTime();
        KnowledgeSearch.rank(
            index, tuning, "bench", q, 3, Set.of(), KnowledgeSearch.Mode.HYBRID, v);
        long c = System.nanoTime();
        embedOnly.recordValue((b - a) / 1000);
        without.recordValue((c - b) / 1000);
        with.recordValue((c - a) / 1000);
        long d = System.nanoTime();
        index.keyword("bench", q, 20);
        long e = System.nanoTime();
        index.vector("bench", v, 20);
        long f = System.nanoTime();
        keywordOnly.recordValue((e - d) / 1000);
        vectorOnly.recordValue((f - e) / 1000);
        recall += recallAt10(index, vectors, v);
      }
      recall /= queries;
      System.out.printf("%n| measure | p50 | p99 |%n|---|---|---|%n");
      row("hybrid search, embedding excluded", without);
      row("  of which keyword side (BM25, 20 candidates)", keywordOnly);
      row("  of which vector side (HNSW, 20 candidates)", vectorOnly);
      row("question embedding (MiniLM)", embedOnly);
      row("hybrid search, embedding included", with);
      System.out.printf(
          "%nrecall@10 of HNSW against exact search: %.3f (%d facts, %d questions)%n",
          recall, facts, queries);
    } finally {
      try (var files = Files.walk(dir)) {
        files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }

  private static String sentence(Random random) {
    return WHO[random.nextInt(WHO.length)]
        + " "
        + WHAT[random.nextInt(WHAT.length)]
        + " "
        + THING[random.nextInt(THING.length)];
  }

  private static double recallAt10(FactIndex index, float[][] vectors, float[] query)
      throws java.io.IOException {
    Set<String> approximate = new HashSet<>();
    // As the search asks for k = 10: max(20, 5 k) = 50 candidates from the graph, the best 10 kept.
    for (FactHit h : index.vector("bench", query, 50).subList(0, 10)) {
      approximate.add(h.id());
    }
    // Exact search: every vector's similarity, the 10 largest kept.
    java.util.PriorityQueue<double[]> top =
        new java.util.PriorityQueue<>(Comparator.comparingDouble(x -> x[0]));
    for (int i = 0; i < vectors.length; i++) {
      double score = Vectors.dot(vectors[i], query);
      if (top.size() < 10) {
        top.add(new double[] {score, i});
      } else if (score > top.peek()[0]) {
        top.poll();
        top.add(new double[] {score, i});
      }
    }
    int[] exact = top.stream().mapToInt(x -> (int) x[1]).toArray();
    int hit = 0;
    for (int i : exact) {
      if (approximate.contains("f" + i)) {
        hit++;
      }
    }
    return hit / 10.0;
  }

  private static void row(String name, Histogram h) {
    System.out.printf(
        "| %s | %.2f ms | %.2f ms |%n",
        name, h.getValueAtPercentile(50) / 1000.0, h.getValueAtPercentile(99) / 1000.0);
  }
}
