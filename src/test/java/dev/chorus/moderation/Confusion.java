package dev.chorus.moderation;

import java.util.Locale;

/** Counts of a binary spam/ham evaluation, with precision and recall of the spam label. */
final class Confusion {

  private int truePositives;
  private int falsePositives;
  private int falseNegatives;
  private int trueNegatives;

  void add(boolean spam, boolean flagged) {
    if (spam) {
      if (flagged) {
        truePositives++;
      } else {
        falseNegatives++;
      }
    } else if (flagged) {
      falsePositives++;
    } else {
      trueNegatives++;
    }
  }

  /** Share of flagged messages that are spam; 1 when nothing was flagged. */
  double precision() {
    int flagged = truePositives + falsePositives;
    return flagged == 0 ? 1 : (double) truePositives / flagged;
  }

  /** Share of spam that was flagged. */
  double recall() {
    int spam = truePositives + falseNegatives;
    return spam == 0 ? 1 : (double) truePositives / spam;
  }

  @Override
  public String toString() {
    return String.format(
        Locale.ROOT,
        "precision %.3f recall %.3f (tp %d, fp %d, fn %d, tn %d)",
        precision(),
        recall(),
        truePositives,
        falsePositives,
        falseNegatives,
        trueNegatives);
  }
}
