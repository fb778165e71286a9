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
 * <p>The index is built with one commit per 5,000 facts ("as built", as many segments as the merge
 * policy leaves), copied and merged to one segment as the index follower leaves it after a rebuild
 * ("merged"); both are measured in the same run, {@code --rounds} rounds each, alternating which
 * goes first, so the machine's load weighs on both. The load average is printed before and after.
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
    int rounds = args.integer("rounds", 2);
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
          "indexed %d facts in %.1f s, %d segments (load average %s)%n",
          index.size(), (System.nanoTime() - t1) / 1e9, index.segments(), loadAverage());

      // The same index merged to one segment, as the follower leaves it after a rebuild: both are
      // measured in the same run, round by round, so the machine's load weighs on both alike.
      Path mergedDir = Files.createTempDirectory("chorus-knowledge-bench-merged");
      try (var files = Files.list(dir)) {
        for (Path f : files.toList()) {
          if (!f.getFileName().toString().equals("write.lock")) {
            Files.copy(f, mergedDir.resolve(f.getFileName()));
          }
        }
      }
      try (FactIndex merged =
          FactIndex.open(mergedDir, embedder.modelId(), embedder.dimensions())) {
        long t2 = System.nanoTime();
        merged.merge(1);
        System.out.printf(
            "merged to %d segment(s) in %.1f s%n",
            merged.segments(), (System.nanoTime() - t2) / 1e9);
        measure(index, merged, embedder, vectors, random, queries, rounds);
      } finally {
        delete(mergedDir);
      }
    } finally {
      delete(dir);
    }
  }

  private static void measure(
      FactIndex asBuilt,
      FactIndex merged,
      Embedder embedder,
      float[][] vectors,
      Random random,
      int queries,
      int rounds)
      throws java.io.IOException {
    List<String> questions = new ArrayList<>();
    List<float[]> questionVectors = new ArrayList<>();
    Histogram embedOnly = new Histogram(3);
    for (int i = 0; i < queries; i++) {
      String q = "who " + sentence(random) + "?";
      long a = System.nanoTime();
      questionVectors.add(embedder.embed(q));
      embedOnly.recordValue((System.nanoTime() - a) / 1000);
      questions.add(q);
    }
    KnowledgeSearch.Tuning tuning = new KnowledgeSearch.Tuning(0.3, 0.5, 250, 0.3);
    FactIndex[] indexes = {asBuilt, merged};
    Histogram[][] h = new Histogram[2][3]; // [index][hybrid, keyword, vector]
    for (Histogram[] row : h) {
      for (int j = 0; j < row.length; j++) {
        row[j] = new Histogram(3);
      }
    }
    Histogram with = new Histogram(3);
    for (FactIndex idx : indexes) { // warm up the JIT and each index's caches
      for (int i = 0; i < Math.min(100, queries); i++) {
        KnowledgeSearch.rank(
            idx,
            tuning,
            "bench",
            questions.get(i),
            3,
            Set.of(),
            KnowledgeSearch.Mode.HYBRID,
            questionVectors.get(i));
      }
    }
    for (int r = 0; r < rounds; r++) {
      for (int x = 0; x < 2; x++) {
        FactIndex idx = indexes[(x + r) % 2]; // alternate which goes first
        int which = (x + r) % 2;
        for (int i = 0; i < queries; i++) {
          String q = questions.get(i);
          float[] v = questionVectors.get(i);
          long b = System.nanoTime();
          KnowledgeSearch.rank(
              idx, tuning, "bench", q, 3, Set.of(), KnowledgeSearch.Mode.HYBRID, v);
          long c = System.nanoTime();
          idx.keyword("bench", q, 20);
          long d = System.nanoTime();
          idx.vector("bench", v, 20);
          long e = System.nanoTime();
          h[which][0].recordValue((c - b) / 1000);
          h[which][1].recordValue((d - c) / 1000);
          h[which][2].recordValue((e - d) / 1000);
        }
      }
    }
    for (String q : questions) { // as the stage runs it: embed, then search (merged index)
      long a = System.nanoTime();
      float[] v = embedder.embed(q);
      KnowledgeSearch.rank(merged, tuning, "bench", q, 3, Set.of(), KnowledgeSearch.Mode.HYBRID, v);
      with.recordValue((System.nanoTime() - a) / 1000);
    }
    double recallBuilt = 0;
    double recallMerged = 0;
    for (float[] v : questionVectors) {
      Set<Integer> exact = exactTop10(vectors, v);
      recallBuilt += recallAt10(asBuilt, exact, v);
      recallMerged += recallAt10(merged, exact, v);
    }
    System.out.printf(
        "%n%d questions x %d rounds per index; load average %s%n", queries, rounds, loadAverage());
    System.out.printf(
        "%n| measure | as built (%d segments) p50 | p99 | merged (%d) p50 | p99 | p99 ratio |%n"
            + "|---|---:|---:|---:|---:|---:|%n",
        asBuilt.segments(), merged.segments());
    String[] names = {
      "hybrid search, embedding excluded",
      "  of which keyword side (BM25, 20 candidates)",
      "  of which vector side (HNSW, 20 candidates, community filter)"
    };
    for (int j = 0; j < 3; j++) {
      System.out.printf(
          "| %s | %s | %s | %s | %s | %.2f |%n",
          names[j],
          ms(h[0][j], 50),
          ms(h[0][j], 99),
          ms(h[1][j], 50),
          ms(h[1][j], 99),
          (double) h[1][j].getValueAtPercentile(99) / h[0][j].getValueAtPercentile(99));
    }
    System.out.printf(
        "| question embedding (MiniLM) | | | %s | %s | |%n", ms(embedOnly, 50), ms(embedOnly, 99));
    System.out.printf(
        "| hybrid search, embedding included | | | %s | %s | |%n", ms(with, 50), ms(with, 99));
    System.out.printf(
        "%nrecall@10 of HNSW against exact search: as built %.3f, merged %.3f (%d facts)%n",
        recallBuilt / queries, recallMerged / queries, vectors.length);
    System.out.printf(
        "community filter reused %d times on the merged index%n", merged.filterCacheHits());
  }

  private static String ms(Histogram h, double percentile) {
    return String.format("%.2f ms", h.getValueAtPercentile(percentile) / 1000.0);
  }

  private static void delete(Path dir) throws java.io.IOException {
    try (var files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }

  private static String loadAverage() {
    try {
      String[] f = Files.readString(Path.of("/proc/loadavg")).trim().split(" ");
      return f[0] + " " + f[1] + " " + f[2];
    } catch (java.io.IOException e) {
      return "unknown";
    }
  }

  private static String sentence(Random random) {
    return WHO[random.nextInt(WHO.length)]
        + " "
        + WHAT[random.nextInt(WHAT.length)]
        + " "
        + THING[random.nextInt(THING.length)];
  }

  /** The indexes of the 10 vectors most similar to {@code query}: an exact scan. */
  private static Set<Integer> exactTop10(float[][] vectors, float[] query) {
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
    Set<Integer> out = new HashSet<>();
    top.forEach(x -> out.add((int) x[1]));
    return out;
  }

  private static double recallAt10(FactIndex index, Set<Integer> exact, float[] query)
      throws java.io.IOException {
    // As the search asks for k = 10: max(20, 5 k) = 50 candidates from the graph, the best 10 kept.
    int hit = 0;
    for (FactHit h : index.vector("bench", query, 50).subList(0, 10)) {
      if (exact.contains(Integer.parseInt(h.id().substring(1)))) {
        hit++;
      }
    }
    return hit / 10.0;
  }
}
