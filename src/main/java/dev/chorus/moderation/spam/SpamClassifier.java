package dev.chorus.moderation.spam;

/** Scores an embedded message: the probability-like chance, in [0,1], that it is spam. */
public interface SpamClassifier {

  double score(float[] vector);

  /** A short name for logs and measurements ({@code knn-7}, {@code logistic}). */
  String name();
}
