package dev.chorus.ai;

/**
 * A model's reply with the tokens it cost: as the provider reported them, or estimated from the
 * characters ({@link #estimated}) when it reported none.
 */
public record ModelAnswer(
    String text, String model, int inputTokens, int outputTokens, boolean estimated) {

  /** About four characters per token for English text; rounded up. */
  static int estimateTokens(int chars) {
    return (chars + 3) / 4;
  }

  public int totalTokens() {
    return inputTokens + outputTokens;
  }
}
