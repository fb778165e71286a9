package dev.chorus.moderation.spam;

import dev.chorus.embedding.Vectors;
import java.util.List;

/**
 * k nearest examples by cosine similarity, each voting with its similarity; the score is the spam
 * share of the vote. Kept as the measured alternative to {@link LogisticClassifier}.
 */
public final class KnnClassifier implements SpamClassifier {

  private final int k;
  private final List<float[]> vectors;
  private final boolean[] spam;

  public KnnClassifier(int k, List<float[]> vectors, List<LabelledExample> examples) {
    if (k < 1 || vectors.size() != examples.size() || vectors.isEmpty()) {
      throw new IllegalArgumentException("k >= 1 and one vector per example are required");
    }
    this.k = Math.min(k, vectors.size());
    this.vectors = List.copyOf(vectors);
    this.spam = new boolean[examples.size()];
    for (int i = 0; i < spam.length; i++) {
      spam[i] = examples.get(i).spam();
    }
  }

  @Override
  public double score(float[] vector) {
    float[] best = new float[k];
    int[] index = new int[k];
    java.util.Arrays.fill(best, -2);
    for (int i = 0; i < vectors.size(); i++) {
      float s = Vectors.dot(vector, vectors.get(i));
      if (s > best[k - 1]) {
        int j = k - 1;
        while (j > 0 && best[j - 1] < s) {
          best[j] = best[j - 1];
          index[j] = index[j - 1];
          j--;
        }
        best[j] = s;
        index[j] = i;
      }
    }
    double spamVote = 0;
    double total = 0;
    for (int j = 0; j < k; j++) {
      double w = Math.max(best[j], 0);
      total += w;
      spamVote += spam[index[j]] ? w : 0;
    }
    return total == 0 ? 0 : spamVote / total;
  }

  @Override
  public String name() {
    return "knn-" + k;
  }
}
