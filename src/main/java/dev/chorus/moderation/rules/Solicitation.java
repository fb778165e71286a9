package dev.chorus.moderation.rules;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Whether a message asks the reader for something: it points somewhere (a link, shown or hidden),
 * invites contact (DMs, whispers, "check my bio"), talks money or sales, or promises a prize. Spam
 * almost always does; chat that merely talks about followers, affiliate or emotes usually does not.
 * The spam detector's bar is lower for a message that solicits ({@code
 * detector.solicitingThreshold}) than for one that does not ({@code detector.threshold}), so the
 * topic alone does not remove a message (decision 116). Pure and cheap: a few regular expressions
 * over the text the detector sees.
 */
public final class Solicitation {

  private static final Pattern CONTACT =
      Pattern.compile(
          "\\b(dms?|whispers?|message me|msg me|write to me|contact|pm me|hit me up|add me|check my"
              + "|my bio|my profile|see my|in my bio|link in bio|telegram|whatsapp)\\b");

  private static final Pattern COMMERCE =
      Pattern.compile(
          "[$€£]|\\b(dollars?|buy|sell|selling|sale|cheap|prices?|service|offer|promot\\w*"
              + "|guarantee\\w*|discount|order|pay|packages?)\\b");

  private static final Pattern PRIZE =
      Pattern.compile(
          "\\b(won|winner|win|free|giveaway|claim|prize|reward|gift|airdrop|earn|profit|invest"
              + "|crypto|coin|nft|bitcoin|btc|eth)\\b");

  private Solicitation() {}

  /** True when {@code text} (as sent) solicits: see the class comment. */
  public static boolean in(String text) {
    if (!LinkFinder.find(text).isEmpty()) {
      return true;
    }
    String prepared = TextNormalizer.forModel(LinkFinder.revealed(text)).toLowerCase(Locale.ROOT);
    return CONTACT.matcher(prepared).find()
        || COMMERCE.matcher(prepared).find()
        || PRIZE.matcher(prepared).find();
  }
}
