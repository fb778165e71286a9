package dev.chorus.moderation.spam;

import java.util.List;

/**
 * Logistic regression on the embedding, trained at start by full-batch gradient descent with L2
 * regularization and class weights that balance spam and ham. A few hundred examples of 384
 * dimensions train in well under a second, and scoring is one dot product.
 */
public final class LogisticClassifier implements SpamClassifier {

  /** Training knobs; {@link #DEFAULTS} won the cross-validation on the examples. */
  public record Options(int epochs, double learningRate, double l2) {
    public static final Options DEFAULTS = new Options(1000, 2.0, 1e-4);
  }

  private final double[] weights;
  private final double bias;

  private LogisticClassifier(double[] weights, double bias) {
    this.weights = weights;
    this.bias = bias;
  }

  /** Trains on {@code vectors} labelled by {@code examples} (same order). Deterministic. */
  public static LogisticClassifier train(
      List<float[]> vectors, List<LabelledExample> examples, Options options) {
    int n = vectors.size();
    if (n == 0 || n != examples.size()) {
      throw new IllegalArgumentException("one vector per example is required");
    }
    int dims = vectors.get(0).length;
    long spamCount = examples.stream().filter(LabelledExample::spam).count();
    if (spamCount == 0 || spamCount == n) {
      throw new IllegalArgumentException("both spam and ham examples are required");
    }
    double spamWeight = n / (2.0 * spamCount);
    double hamWeight = n / (2.0 * (n - spamCount));
    double[] w = new double[dims];
    double b = 0;
    double[] gradient = new double[dims];
    for (int epoch = 0; epoch < options.epochs(); epoch++) {
      java.util.Arrays.fill(gradient, 0);
      double gradientBias = 0;
      for (int i = 0; i < n; i++) {
        float[] x = vectors.get(i);
        boolean spam = examples.get(i).spam();
        double error = (sigmoid(dot(w, x) + b) - (spam ? 1 : 0)) * (spam ? spamWeight : hamWeight);
        for (int d = 0; d < dims; d++) {
          gradient[d] += error * x[d];
        }
        gradientBias += error;
      }
      for (int d = 0; d < dims; d++) {
        w[d] -= options.learningRate() * (gradient[d] / n + options.l2() * w[d]);
      }
      b -= options.learningRate() * gradientBias / n;
    }
    return new LogisticClassifier(w, b);
  }

  @Override
  public double score(float[] vector) {
    return sigmoid(dot(weights, vector) + bias);
  }

  @Override
  public String name() {
    return "logistic";
  }

  private static double dot(double[] w, float[] x) {
    double sum = 0;
    for (int d = 0; d < w.length; d++) {
      sum += w[d] * x[d];
    }
    return sum;
  }

  private static double sigmoid(double z) {
    return 1 / (1 + Math.exp(-z));
  }
}
