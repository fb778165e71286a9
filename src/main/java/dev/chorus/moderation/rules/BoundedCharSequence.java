package dev.chorus.moderation.rules;

/**
 * Text handed to a community's own regular expressions, with a budget of character reads: a pattern
 * that backtracks catastrophically ({@code (a+)+$}) throws {@link Exhausted} instead of holding the
 * event loop. Java's regex engine reads its input only through {@link #charAt}, so the count is a
 * fair measure of the work done.
 */
final class BoundedCharSequence implements CharSequence {

  /** Thrown when the budget is spent; carries no stack trace, it is control flow. */
  static final class Exhausted extends RuntimeException {
    Exhausted() {
      super("regular expression budget exhausted", null, false, false);
    }
  }

  private final String text;
  private final int offset;
  private final int length;
  private final long[] reads;
  private final long budget;

  BoundedCharSequence(String text, long budget) {
    this(text, 0, text.length(), new long[1], budget);
  }

  private BoundedCharSequence(String text, int offset, int length, long[] reads, long budget) {
    this.text = text;
    this.offset = offset;
    this.length = length;
    this.reads = reads;
    this.budget = budget;
  }

  @Override
  public char charAt(int index) {
    if (++reads[0] > budget) {
      throw new Exhausted();
    }
    return text.charAt(offset + index);
  }

  @Override
  public int length() {
    return length;
  }

  @Override
  public CharSequence subSequence(int start, int end) {
    return new BoundedCharSequence(text, offset + start, end - start, reads, budget);
  }

  @Override
  public String toString() {
    return text.substring(offset, offset + length);
  }
}
