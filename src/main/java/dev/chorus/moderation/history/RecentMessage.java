package dev.chorus.moderation.history;

import dev.chorus.moderation.rules.TextNormalizer;
import java.time.Instant;
import java.util.Arrays;

/**
 * What the repetition rules remember of one message: who, when, and a fingerprint of its normalized
 * text (character-trigram hashes), never the text itself. The fingerprint is bounded ({@link
 * #MAX_CHARS} characters of normalized text), so a history's memory is bounded by its capacity
 * alone.
 */
public record RecentMessage(String userId, Instant at, int length, int[] shingles) {

  /** Normalized text beyond this is not fingerprinted; long copy-pastas differ early anyway. */
  public static final int MAX_CHARS = 300;

  public RecentMessage {
    shingles = shingles.clone();
  }

  /** A copy: a history is shared between threads, so its fingerprints never change. */
  @Override
  public int[] shingles() {
    return shingles.clone();
  }

  /** The fingerprint of {@code text} as sent by {@code userId} at {@code at}. */
  public static RecentMessage of(String userId, String text, Instant at) {
    return fromNormalized(userId, TextNormalizer.normalize(text), at);
  }

  /** As {@link #of}, from text already passed through {@link TextNormalizer#normalize}. */
  public static RecentMessage fromNormalized(String userId, String normalized, Instant at) {
    String s = normalized.length() > MAX_CHARS ? normalized.substring(0, MAX_CHARS) : normalized;
    return new RecentMessage(userId, at, normalized.length(), shingles(s));
  }

  /** Jaccard similarity of the two fingerprints, in [0,1]; 1 for identical normalized text. */
  public double similarity(RecentMessage other) {
    int[] a = shingles;
    int[] b = other.shingles;
    if (a.length == 0 || b.length == 0) {
      return a.length == b.length ? 1 : 0;
    }
    return overlap(a, b);
  }

  /**
   * True when the similarity reaches {@code threshold}. Checks the cheap bound first: two sets
   * whose sizes differ a lot cannot be similar, which skips most of a busy channel's history.
   */
  public boolean similarTo(RecentMessage other, double threshold) {
    int small = Math.min(shingles.length, other.shingles.length);
    int large = Math.max(shingles.length, other.shingles.length);
    if (large > 0 && (double) small / large < threshold) {
      return false;
    }
    return similarity(other) >= threshold;
  }

  private static double overlap(int[] a, int[] b) {
    int i = 0;
    int j = 0;
    int common = 0;
    while (i < a.length && j < b.length) {
      if (a[i] == b[j]) {
        common++;
        i++;
        j++;
      } else if (a[i] < b[j]) {
        i++;
      } else {
        j++;
      }
    }
    return (double) common / (a.length + b.length - common);
  }

  /** Sorted, distinct hashes of the character trigrams (the text itself when shorter). */
  private static int[] shingles(String s) {
    if (s.length() < 3) {
      return s.isEmpty() ? new int[0] : new int[] {s.hashCode()};
    }
    int[] out = new int[s.length() - 2];
    for (int i = 0; i + 3 <= s.length(); i++) {
      out[i] = (s.charAt(i) * 31 + s.charAt(i + 1)) * 31 + s.charAt(i + 2);
    }
    Arrays.sort(out);
    int distinct = 0;
    for (int i = 0; i < out.length; i++) {
      if (i == 0 || out[i] != out[i - 1]) {
        out[distinct++] = out[i];
      }
    }
    return Arrays.copyOf(out, distinct);
  }
}
