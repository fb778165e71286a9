package dev.chorus.moderation.analysis;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Guesses a message's language from its most common short words. Chat lines are short, so this only
 * answers when at least two words vote for one language and none ties with it; otherwise {@code
 * und} (undetermined). Covers the languages of most stream chats that Latin script serves.
 */
final class Languages {

  static final String UNDETERMINED = "und";

  private static final Map<String, Set<String>> STOPWORDS =
      Map.of(
          "en",
          Set.of(
              "the", "is", "are", "and", "you", "what", "this", "that", "it", "to", "of", "in",
              "my", "do", "was", "for", "with", "how", "have", "be", "not", "can", "i'm", "your",
              "does", "who", "when", "why", "thanks", "please", "just", "so", "lol"),
          "de",
          Set.of(
              "der", "die", "das", "und", "ist", "nicht", "ich", "du", "was", "wie", "ein", "eine",
              "mit", "auf", "für", "sind", "wir", "auch", "noch", "heute", "bitte", "danke", "hast",
              "bist"),
          "es",
          Set.of(
              "el", "la", "los", "las", "que", "es", "y", "de", "en", "por", "para", "qué", "cómo",
              "está", "gracias", "hola", "una", "uno", "pero", "muy", "tengo", "eres", "tu"),
          "fr",
          Set.of(
              "le", "la", "les", "et", "est", "je", "tu", "vous", "que", "qui", "pas", "une", "un",
              "des", "pour", "avec", "merci", "bonjour", "c'est", "dans", "mais", "très"),
          "pt",
          Set.of(
              "o",
              "os",
              "as",
              "que",
              "é",
              "não",
              "um",
              "uma",
              "você",
              "obrigado",
              "obrigada",
              "com",
              "para",
              "muito",
              "está",
              "tudo",
              "bem",
              "mas",
              "isso"),
          "it",
          Set.of(
              "il", "lo", "gli", "che", "è", "non", "sono", "una", "per", "con", "grazie", "ciao",
              "come", "perché", "anche", "molto", "questo"));

  private Languages() {}

  static String guess(List<String> words) {
    String best = UNDETERMINED;
    int bestVotes = 1; // at least two votes to answer
    boolean tie = false;
    for (var entry : STOPWORDS.entrySet()) {
      int votes = 0;
      for (String w : words) {
        if (entry.getValue().contains(w)) {
          votes++;
        }
      }
      if (votes > bestVotes) {
        best = entry.getKey();
        bestVotes = votes;
        tie = false;
      } else if (votes == bestVotes && votes > 1) {
        tie = true;
      }
    }
    return tie ? UNDETERMINED : best;
  }
}
