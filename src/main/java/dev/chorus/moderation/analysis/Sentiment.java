package dev.chorus.moderation.analysis;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A small lexicon sentiment score in [-1, 1]: the mean of the scored words' values, a negation
 * ({@code not}, {@code never}, {@code don't} …) flipping the next scored word within two words.
 * Good enough to tell hype from anger in a chat line; it is a signal for the AI's tone, not a
 * moderation rule.
 */
final class Sentiment {

  private static final Map<String, Double> LEXICON =
      Map.ofEntries(
          Map.entry("love", 1.0),
          Map.entry("loved", 1.0),
          Map.entry("awesome", 1.0),
          Map.entry("amazing", 1.0),
          Map.entry("great", 0.8),
          Map.entry("good", 0.6),
          Map.entry("nice", 0.6),
          Map.entry("cool", 0.5),
          Map.entry("fun", 0.6),
          Map.entry("thanks", 0.6),
          Map.entry("thank", 0.6),
          Map.entry("ty", 0.5),
          Map.entry("gg", 0.6),
          Map.entry("pog", 0.8),
          Map.entry("poggers", 0.8),
          Map.entry("hype", 0.7),
          Map.entry("lol", 0.4),
          Map.entry("lmao", 0.5),
          Map.entry("best", 0.8),
          Map.entry("happy", 0.8),
          Map.entry("wow", 0.5),
          Map.entry("congrats", 0.9),
          Map.entry("beautiful", 0.9),
          Map.entry("clutch", 0.7),
          Map.entry("yay", 0.8),
          Map.entry("glad", 0.7),
          Map.entry("enjoy", 0.6),
          Map.entry("bad", -0.6),
          Map.entry("hate", -1.0),
          Map.entry("awful", -1.0),
          Map.entry("terrible", -1.0),
          Map.entry("worst", -1.0),
          Map.entry("boring", -0.7),
          Map.entry("sucks", -0.8),
          Map.entry("trash", -0.8),
          Map.entry("stupid", -0.8),
          Map.entry("annoying", -0.7),
          Map.entry("sad", -0.6),
          Map.entry("angry", -0.8),
          Map.entry("lag", -0.4),
          Map.entry("laggy", -0.5),
          Map.entry("broken", -0.6),
          Map.entry("scam", -0.9),
          Map.entry("ugh", -0.5),
          Map.entry("wtf", -0.5),
          Map.entry("cringe", -0.6),
          Map.entry("rip", -0.3),
          Map.entry("unfair", -0.6),
          Map.entry("toxic", -0.8),
          Map.entry("mad", -0.6),
          Map.entry("sorry", -0.2));

  private static final Set<String> NEGATIONS =
      Set.of("not", "never", "no", "don't", "dont", "isn't", "isnt", "wasn't", "ain't", "nicht");

  private Sentiment() {}

  static double score(List<String> words) {
    double sum = 0;
    int scored = 0;
    int negatedUntil = -1;
    for (int i = 0; i < words.size(); i++) {
      String w = words.get(i);
      if (NEGATIONS.contains(w)) {
        negatedUntil = i + 2;
        continue;
      }
      Double value = LEXICON.get(w);
      if (value != null) {
        sum += i <= negatedUntil ? -value : value;
        scored++;
        negatedUntil = -1;
      }
    }
    if (scored == 0) {
      return 0;
    }
    return Math.max(-1, Math.min(1, sum / scored));
  }
}
