package dev.chorus.moderation;

import static dev.chorus.moderation.ModerationAction.DELETE;
import static dev.chorus.moderation.ModerationAction.NONE;

import dev.chorus.event.PermissionLevel;
import java.util.List;

/**
 * One community's moderation settings. {@link #defaults()} is what a new community gets: every rule
 * is on, with the actions and limits listed in {@code docs/moderation.md}. Each rule has an {@code
 * enabled} switch and an {@code action}; {@code none} keeps a rule on in shadow mode (reported,
 * never acted on). The JSON form ({@link ModerationSettingsJson}) is how it is stored per
 * community.
 *
 * @param exemptLevel authors at or above this level are never moderated (default moderator)
 */
public record ModerationSettings(
    PermissionLevel exemptLevel,
    Links links,
    ObfuscatedLinks obfuscatedLinks,
    Caps caps,
    Symbols symbols,
    Emotes emotes,
    Repetition repetition,
    CopyPasta copyPasta,
    Length length,
    BlockedTerms blockedTerms,
    NewAccounts newAccounts,
    Detector detector) {

  /**
   * Links to domains outside {@code allowedDomains} (a domain allows its subdomains). Authors at or
   * above {@code allowedFrom} may post any link; {@code !permit @user} lets one link through within
   * {@code permitSeconds}.
   */
  public record Links(
      boolean enabled,
      ModerationAction action,
      List<String> allowedDomains,
      PermissionLevel allowedFrom,
      int permitSeconds) {
    public Links {
      allowedDomains = List.copyOf(allowedDomains == null ? List.of() : allowedDomains);
      Check.range("links.permitSeconds", permitSeconds, 1, 3600);
      Check.present("links.allowedFrom", allowedFrom);
    }
  }

  /**
   * Links written to dodge link filters ({@code site . com}, {@code site dot com}, {@code
   * site(dot)com}, {@code s i t e . c o m}, full-width dots). The link allow-list and permits
   * apply.
   */
  public record ObfuscatedLinks(boolean enabled, ModerationAction action) {}

  /** More than {@code maxRatio} capitals among at least {@code minLetters} letters. */
  public record Caps(boolean enabled, ModerationAction action, int minLetters, double maxRatio) {
    public Caps {
      Check.range("caps.minLetters", minLetters, 1, 10_000);
      Check.ratio("caps.maxRatio", maxRatio);
    }
  }

  /**
   * More than {@code maxRatio} symbols among at least {@code minLength} non-space characters, or a
   * run of more than {@code maxRun} of the same symbol. Emoji and emotes are not symbols here.
   */
  public record Symbols(
      boolean enabled, ModerationAction action, int minLength, double maxRatio, int maxRun) {
    public Symbols {
      Check.range("symbols.minLength", minLength, 1, 10_000);
      Check.ratio("symbols.maxRatio", maxRatio);
      Check.range("symbols.maxRun", maxRun, 2, 10_000);
    }
  }

  /** More than {@code maxEmotes} emotes (the caller's emote names, plus emoji) in one message. */
  public record Emotes(boolean enabled, ModerationAction action, int maxEmotes) {
    public Emotes {
      Check.range("emotes.maxEmotes", maxEmotes, 1, 10_000);
    }
  }

  /**
   * The same author sending a message similar to one of theirs (shingle similarity at least {@code
   * similarity}) more than {@code maxRepeats} times within {@code windowSeconds}.
   */
  public record Repetition(
      boolean enabled,
      ModerationAction action,
      int maxRepeats,
      int windowSeconds,
      double similarity) {
    public Repetition {
      Check.range("repetition.maxRepeats", maxRepeats, 1, 1000);
      Check.range("repetition.windowSeconds", windowSeconds, 1, 3600);
      Check.ratio("repetition.similarity", similarity);
    }
  }

  /**
   * A message of at least {@code minLength} characters that {@code minOtherAuthors} other authors
   * already sent (similarly) within {@code windowSeconds}: spam waves from many accounts.
   */
  public record CopyPasta(
      boolean enabled,
      ModerationAction action,
      int minLength,
      int minOtherAuthors,
      int windowSeconds,
      double similarity) {
    public CopyPasta {
      Check.range("copyPasta.minLength", minLength, 1, 10_000);
      Check.range("copyPasta.minOtherAuthors", minOtherAuthors, 1, 1000);
      Check.range("copyPasta.windowSeconds", windowSeconds, 1, 3600);
      Check.ratio("copyPasta.similarity", similarity);
    }
  }

  /** Messages longer than {@code maxChars} characters (code points). */
  public record Length(boolean enabled, ModerationAction action, int maxChars) {
    public Length {
      Check.range("length.maxChars", maxChars, 1, 100_000);
    }
  }

  /**
   * Terms (whole words or phrases) and regular expressions, both matched against the normalized
   * text (see {@code rules.TextNormalizer}); terms are normalized the same way before matching.
   */
  public record BlockedTerms(
      boolean enabled, ModerationAction action, List<String> terms, List<String> patterns) {
    public BlockedTerms {
      terms = List.copyOf(terms == null ? List.of() : terms);
      patterns = List.copyOf(patterns == null ? List.of() : patterns);
    }
  }

  /**
   * The first message of an account younger than {@code minAccountAgeDays}. Besides its own action,
   * such a message is judged by the detector's stricter {@code newAccountThreshold}.
   */
  public record NewAccounts(boolean enabled, ModerationAction action, int minAccountAgeDays) {
    public NewAccounts {
      Check.range("newAccounts.minAccountAgeDays", minAccountAgeDays, 0, 3650);
    }
  }

  /**
   * The embedding spam detector: it matches when its score reaches {@code threshold}, or the lower
   * {@code solicitingThreshold} when the message solicits (a link, contact, money or a prize:
   * {@link dev.chorus.moderation.rules.Solicitation}), or {@code newAccountThreshold} for a new
   * account's first message.
   */
  public record Detector(
      boolean enabled,
      ModerationAction action,
      double threshold,
      double solicitingThreshold,
      double newAccountThreshold) {
    public Detector {
      Check.ratio("detector.threshold", threshold);
      Check.ratio("detector.solicitingThreshold", solicitingThreshold);
      Check.ratio("detector.newAccountThreshold", newAccountThreshold);
    }
  }

  public ModerationSettings {
    Check.present("exemptLevel", exemptLevel);
    Check.present("links", links);
    Check.present("obfuscatedLinks", obfuscatedLinks);
    Check.present("caps", caps);
    Check.present("symbols", symbols);
    Check.present("emotes", emotes);
    Check.present("repetition", repetition);
    Check.present("copyPasta", copyPasta);
    Check.present("length", length);
    Check.present("blockedTerms", blockedTerms);
    Check.present("newAccounts", newAccounts);
    Check.present("detector", detector);
    Check.present("links.action", links.action());
    Check.present("obfuscatedLinks.action", obfuscatedLinks.action());
    Check.present("caps.action", caps.action());
    Check.present("symbols.action", symbols.action());
    Check.present("emotes.action", emotes.action());
    Check.present("repetition.action", repetition.action());
    Check.present("copyPasta.action", copyPasta.action());
    Check.present("length.action", length.action());
    Check.present("blockedTerms.action", blockedTerms.action());
    Check.present("newAccounts.action", newAccounts.action());
    Check.present("detector.action", detector.action());
  }

  /** Sites chat shares every day; a community adds its own (its website, its shop). */
  public static final List<String> DEFAULT_ALLOWED_DOMAINS =
      List.of(
          "twitch.tv",
          "youtube.com",
          "youtu.be",
          "wikipedia.org",
          "reddit.com",
          "imgur.com",
          "github.com",
          "steampowered.com");

  /** Phrases of the follower-selling trade; a community adds its own terms. */
  public static final List<String> DEFAULT_BLOCKED_TERMS =
      List.of("buy followers", "buy viewers", "cheap viewers", "cheap followers", "viewbot");

  /** What a new community gets; see {@code docs/moderation.md} for the reasons. */
  public static ModerationSettings defaults() {
    return new ModerationSettings(
        PermissionLevel.MODERATOR,
        new Links(true, DELETE, DEFAULT_ALLOWED_DOMAINS, PermissionLevel.VIP, 60),
        new ObfuscatedLinks(true, ModerationAction.timeout(60)),
        new Caps(true, DELETE, 20, 0.8),
        new Symbols(true, DELETE, 15, 0.6, 20),
        new Emotes(true, DELETE, 15),
        new Repetition(true, DELETE, 2, 30, 0.8),
        new CopyPasta(true, DELETE, 30, 3, 60, 0.8),
        new Length(true, DELETE, 400),
        new BlockedTerms(true, DELETE, DEFAULT_BLOCKED_TERMS, List.of()),
        new NewAccounts(true, NONE, 7),
        new Detector(true, DELETE, 0.75, 0.55, 0.5));
  }

  /** Argument checks that name the settings key. */
  static final class Check {
    private Check() {}

    static void present(String key, Object value) {
      if (value == null) {
        throw new IllegalArgumentException(key + " is required");
      }
    }

    static void range(String key, int value, int min, int max) {
      if (value < min || value > max) {
        throw new IllegalArgumentException(key + " must be " + min + ".." + max + ", got " + value);
      }
    }

    static void ratio(String key, double value) {
      if (!(value >= 0 && value <= 1)) {
        throw new IllegalArgumentException(key + " must be 0..1, got " + value);
      }
    }
  }
}
