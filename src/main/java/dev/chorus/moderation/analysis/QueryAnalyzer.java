package dev.chorus.moderation.analysis;

import dev.chorus.event.ContextKeys.Analysis;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads what a chat message is, cheaply enough for every message: its intent, whether it speaks to
 * the bot, its language and a sentiment score. The AI stage answers only messages addressed to the
 * bot (or its trigger commands), so this decides what costs tokens; it is deliberately plain and
 * predictable rather than clever (see {@code docs/decisions/057-query-analysis.md}). Pure and
 * thread-safe.
 *
 * <p>Addressed means: a mention ({@code @chorus}), the name at the start or end ({@code chorus,
 * what's up}, {@code thanks chorus}) or after a greeting ({@code hey chorus}), or a platform reply
 * to one of the bot's messages (the collector says so in {@code raw.replyParentUserLogin}).
 */
public final class QueryAnalyzer {

  public static final String COMMAND = "command";
  public static final String QUESTION_TO_BOT = "question_to_bot";
  public static final String GREETING = "greeting";
  public static final String CHAT = "chat";

  private static final Set<String> GREETINGS =
      Set.of(
          "hi",
          "hello",
          "hey",
          "heya",
          "hiya",
          "yo",
          "sup",
          "howdy",
          "greetings",
          "hallo",
          "hola",
          "salut",
          "bonjour",
          "ciao",
          "moin",
          "servus",
          "ola",
          "olá",
          "gm",
          "o7",
          "hai",
          "heyo");

  private static final List<String> GREETING_PHRASES =
      List.of("good morning", "good evening", "good afternoon", "good night", "guten tag");

  private static final Set<String> QUESTION_WORDS =
      Set.of(
          "what",
          "who",
          "when",
          "where",
          "why",
          "how",
          "which",
          "is",
          "are",
          "can",
          "could",
          "do",
          "does",
          "did",
          "will",
          "would",
          "should",
          "tell",
          "explain",
          "was",
          "wer",
          "wie",
          "warum",
          "wann",
          "qué",
          "que",
          "quién",
          "cómo",
          "dónde",
          "pourquoi",
          "comment",
          "quand");

  private static final Pattern WORD = Pattern.compile("[\\p{L}\\p{N}_']+");

  private final String prefix;
  private final List<String> botNames;
  private final List<Pattern> mentions;

  /**
   * @param prefix the command prefix ({@code !})
   * @param botNames the names the bot answers to, any case (its login, display name, nicknames)
   */
  public QueryAnalyzer(String prefix, List<String> botNames) {
    if (prefix == null || prefix.isEmpty()) {
      throw new IllegalArgumentException("prefix is required");
    }
    this.prefix = prefix;
    this.botNames =
        botNames.stream()
            .map(n -> n.trim().toLowerCase(Locale.ROOT))
            .filter(n -> !n.isEmpty())
            .distinct()
            .toList();
    this.mentions =
        this.botNames.stream()
            .map(
                n ->
                    Pattern.compile(
                        "(^|[^\\p{L}\\p{N}_])@" + Pattern.quote(n) + "(?![\\p{L}\\p{N}_])"))
            .toList();
  }

  /**
   * @param text the message
   * @param replyToLogin the login of the author of the message this one replies to (platform
   *     threads), or null
   */
  public Analysis analyze(String text, String replyToLogin) {
    String t = text == null ? "" : text.strip();
    String lower = t.toLowerCase(Locale.ROOT);
    List<String> words = words(lower);
    String language = Languages.guess(words);
    double sentiment = Sentiment.score(words);
    if (t.startsWith(prefix)
        && t.length() > prefix.length()
        && Character.isLetterOrDigit(t.codePointAt(prefix.length()))) {
      return new Analysis(COMMAND, true, "command", language, sentiment);
    }
    String by = addressedBy(lower, words, replyToLogin);
    boolean greeting = greeting(lower, words);
    String intent;
    if (by != null) {
      intent = greeting && !question(lower, words, by) ? GREETING : QUESTION_TO_BOT;
    } else {
      intent = greeting ? GREETING : CHAT;
    }
    return new Analysis(intent, by != null, by, language, sentiment);
  }

  private String addressedBy(String lower, List<String> words, String replyToLogin) {
    if (replyToLogin != null && botNames.contains(replyToLogin.toLowerCase(Locale.ROOT))) {
      return "reply";
    }
    for (Pattern mention : mentions) {
      if (mention.matcher(lower).find()) {
        return "mention";
      }
    }
    if (words.isEmpty()) {
      return null;
    }
    String first = words.get(0);
    String last = words.get(words.size() - 1);
    String second = words.size() > 1 ? words.get(1) : "";
    for (String name : botNames) {
      if (first.equals(name)
          || last.equals(name)
          || (GREETINGS.contains(first) || first.equals("thanks") || first.equals("ty"))
              && second.equals(name)) {
        return "name";
      }
    }
    return null;
  }

  private static boolean greeting(String lower, List<String> words) {
    if (words.isEmpty()) {
      return false;
    }
    if (GREETINGS.contains(words.get(0))) {
      return true;
    }
    return GREETING_PHRASES.stream().anyMatch(lower::startsWith);
  }

  private boolean question(String lower, List<String> words, String by) {
    if (lower.contains("?")) {
      return true;
    }
    // "hey chorus what is ..." — a question word after the greeting and the name
    return words.stream()
        .skip(1)
        .filter(w -> !botNames.contains(w))
        .findFirst()
        .map(QUESTION_WORDS::contains)
        .orElse(false);
  }

  static List<String> words(String lower) {
    var m = WORD.matcher(lower);
    java.util.ArrayList<String> out = new java.util.ArrayList<>();
    while (m.find() && out.size() < 200) {
      out.add(m.group());
    }
    return out;
  }
}
