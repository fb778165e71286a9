package dev.chorus.moderation.rules;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds the links in a chat message, plain ones ({@code https://x.y/z}, {@code site.com}) and ones
 * written to slip past link filters: {@code site . com}, {@code site dot com}, {@code
 * site(dot)com}, {@code site[.]com}, {@code s i t e . c o m}, full-width or ideographic dots,
 * look-alike letters. A link counts as obfuscated when its host does not appear as such in the
 * original text.
 *
 * <p>Without a scheme, only hosts ending in a known top-level domain count, so "version 1.2" or
 * "ok.so" are not links. "Dot" after a function word ({@code the dot com bubble}, {@code a dot com
 * startup}) is speech, not a link.
 */
public final class LinkFinder {

  /** A link's host, lower case, and whether it was hidden. */
  public record Link(String host, boolean obfuscated) {}

  /** Top-level domains that count without a scheme: the common ones and those spam favours. */
  static final Set<String> TLDS =
      Set.of(
          "com", "net", "org", "io", "gg", "tv", "co", "me", "ly", "xyz", "info", "biz", "ru", "de",
          "uk", "us", "eu", "shop", "store", "online", "site", "live", "link", "app", "dev", "club",
          "top", "pro", "cc", "fun", "space", "tk", "ml", "ga", "cf", "gq", "ws", "nl", "pl", "fr",
          "ca", "au", "to", "sh", "vip", "win", "click", "icu", "cn", "su", "ua", "stream", "gift",
          "promo", "art");

  /** Words that precede "dot" in speech rather than in an address. */
  private static final Set<String> SPEECH =
      Set.of(
          "the", "a", "an", "and", "or", "but", "not", "no", "is", "it", "its", "was", "in", "on",
          "at", "of", "to", "for", "from", "with", "my", "your", "his", "her", "our", "their",
          "this", "that", "just", "like", "says", "say", "said", "ends", "end", "dot", "com", "net",
          "org", "polka", "than", "then", "also", "only");

  private static final Pattern SPACED_CHARS =
      // Characters spaced out one by one; not those of a run joined otherwise ("c-h-e-a-p").
      Pattern.compile(
          "(?<![\\p{L}\\p{N}._*|~+-])[\\p{L}\\p{N}](?![_*|~+-])"
              + "(?: [\\p{L}\\p{N}](?![\\p{L}\\p{N}_*|~+-]))+");
  private static final Pattern HIDDEN_DOT =
      Pattern.compile(
          "(?<![\\p{L}\\p{N}'’-])([\\p{L}\\p{N}][\\p{L}\\p{N}-]*)"
              + "(\\s*[(\\[{<]\\s*(?:dot|\\.)\\s*[)\\]}>]\\s*|\\s+dot\\s+|\\s+\\.\\s*)"
              + "(?=[\\p{L}\\p{N}])");
  private static final Pattern HOST =
      Pattern.compile(
          "(?<![\\p{L}\\p{N}@._-])(https?://)?"
              + "((?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\\.)+([a-z]{2,12}))(?![a-z0-9-])");

  private static final Pattern SCHEME_HOST = Pattern.compile("https?://([^\\s/?#:@]+)");

  private LinkFinder() {}

  /** The links in {@code text}, in order, each host once. */
  public static List<Link> find(String text) {
    return find(text, TextNormalizer.fold(text));
  }

  /** {@link #find(String)} given {@code folded}, the text through {@link TextNormalizer#fold}. */
  public static List<Link> find(String text, String folded) {
    if (folded.indexOf('.') < 0 && !folded.contains("dot")) {
      return List.of(); // the common case: no dot at all, no link
    }
    String original = text.toLowerCase(Locale.ROOT);
    List<Link> links = new ArrayList<>();
    String revealed = reveal(folded);
    Matcher m = HOST.matcher(revealed);
    while (m.find()) {
      boolean scheme = m.group(1) != null;
      String host = m.group(2);
      if ((scheme || TLDS.contains(m.group(3))) && hasLetter(host)) {
        add(links, host, original);
      }
    }
    // After a scheme anything is a host: addresses by IP, internationalized names.
    Matcher schemed = SCHEME_HOST.matcher(revealed);
    while (schemed.find()) {
      add(links, schemed.group(1), original);
    }
    return links;
  }

  private static void add(List<Link> links, String host, String original) {
    if (links.stream().noneMatch(l -> l.host().equals(host))) {
      links.add(new Link(host, !original.contains(host)));
    }
  }

  /** True when {@code host} is {@code domain} or one of its subdomains. */
  public static boolean under(String host, String domain) {
    String d = domain.toLowerCase(Locale.ROOT);
    return host.equals(d) || host.endsWith("." + d);
  }

  /** {@code text} folded ({@link TextNormalizer#fold}) with hidden links revealed as plain ones. */
  public static String revealed(String text) {
    return reveal(TextNormalizer.fold(text));
  }

  /** Undoes the hiding tricks: spaced-out letters joined, spelled and spaced dots made dots. */
  static String reveal(String folded) {
    String joined = joinSpacedChars(folded);
    Matcher m = HIDDEN_DOT.matcher(joined);
    StringBuilder out = new StringBuilder(joined.length());
    int last = 0;
    while (m.find()) {
      if (SPEECH.contains(m.group(1))) {
        continue;
      }
      out.append(joined, last, m.start(2)).append('.');
      last = m.end(2);
    }
    return out.append(joined, last, joined.length()).toString();
  }

  private static String joinSpacedChars(String text) {
    Matcher m = SPACED_CHARS.matcher(text);
    StringBuilder out = new StringBuilder(text.length());
    int last = 0;
    while (m.find()) {
      out.append(text, last, m.start()).append(m.group().replace(" ", ""));
      last = m.end();
    }
    return out.append(text, last, text.length()).toString();
  }

  private static boolean hasLetter(String host) {
    int dot = host.lastIndexOf('.');
    for (int i = 0; i < dot; i++) {
      if (Character.isLetter(host.charAt(i))) {
        return true;
      }
    }
    return false;
  }
}
