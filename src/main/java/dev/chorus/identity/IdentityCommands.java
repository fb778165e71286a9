package dev.chorus.identity;

import static net.logstash.logback.argument.StructuredArguments.kv;

import dev.chorus.event.ContextKeys.Speaker;
import dev.chorus.event.Envelope;
import dev.chorus.event.Platforms;
import dev.chorus.event.Reply;
import dev.chorus.event.TextHygiene;
import io.vertx.core.Future;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The chat commands the identity stage answers itself: {@code !identity}, {@code !identity link
 * <platform> <login>}, {@code !identity unlink <platform>}, {@code !verify <code>}, {@code
 * !pronouns [<pronouns>|clear]}, {@code !nick [<name>|clear]}. Anything else is left alone.
 */
final class IdentityCommands {

  static final String STAGE = IdentityVerticle.NAME;
  private static final Logger LOG = LoggerFactory.getLogger(IdentityCommands.class);

  /** Platforms whose direct messages egress delivers (decision 107). */
  static final Set<String> DM_PLATFORMS = Set.of(Platforms.DISCORD, Platforms.SLACK);

  /** Channel prefix of a direct-message reply: {@code dm:<platform user id>}. */
  static final String DM_PREFIX = "dm:";

  private static final Set<String> PLATFORMS =
      Set.of(Platforms.TWITCH, Platforms.DISCORD, Platforms.SLACK, Platforms.WEB);

  private final IdentityStore store;
  private final Linking linking;
  private final String prefix;
  private final boolean codesByDm;

  IdentityCommands(IdentityStore store, Linking linking, String prefix) {
    this(store, linking, prefix, false);
  }

  /**
   * @param codesByDm send link codes by direct message where the platform has them
   */
  IdentityCommands(IdentityStore store, Linking linking, String prefix, boolean codesByDm) {
    this.store = store;
    this.linking = linking;
    this.prefix = prefix;
    this.codesByDm = codesByDm;
  }

  /** Who is speaking, as the stage resolved them. */
  record Speaking(
      Envelope envelope,
      Person person,
      Speaker speaker,
      boolean anonymousWeb,
      CommunityIdentity community) {}

  /** The envelope with this stage's reply when the text is one of its commands, else unchanged. */
  Future<Envelope> answer(Speaking s) {
    String text = s.envelope().text();
    if (text == null || !text.startsWith(prefix)) {
      return Future.succeededFuture(s.envelope());
    }
    List<String> words = List.of(text.substring(prefix.length()).trim().split("\\s+", 4));
    String name = words.get(0).toLowerCase(Locale.ROOT);
    if (name.equals("identity")
        && words.size() == 4
        && words.get(1).equalsIgnoreCase("link")
        && !s.anonymousWeb()
        && PLATFORMS.contains(words.get(2).toLowerCase(Locale.ROOT))) {
      String login = words.get(3).trim();
      if (!login.isEmpty() && login.length() <= 64 && !login.contains(" ")) {
        return linking
            .issue(s, words.get(2).toLowerCase(Locale.ROOT), login)
            .map(issued -> linkReply(s, issued));
      }
    }
    Future<String> reply =
        switch (name) {
          case "identity" -> identity(s, words);
          case "verify" ->
              words.size() < 2
                  ? Future.succeededFuture("Usage: " + prefix + "verify <code>")
                  : guarded(s, () -> linking.verify(s, words.get(1)));
          case "pronouns" -> pronouns(s, rest(text, name));
          case "nick" -> nick(s, rest(text, name));
          default -> null;
        };
    if (reply == null) {
      return Future.succeededFuture(s.envelope());
    }
    return reply.map(r -> s.envelope().reply(STAGE, r));
  }

  private Future<String> identity(Speaking s, List<String> words) {
    if (words.size() == 1) {
      return store
          .accounts(s.person().community(), s.person().id())
          .map(
              accounts -> {
                StringBuilder out =
                    new StringBuilder(describe(s.speaker()))
                        .append(", ")
                        .append(s.speaker().level().wire())
                        .append(": ");
                for (int i = 0; i < accounts.size(); i++) {
                  Account a = accounts.get(i);
                  out.append(i == 0 ? "" : ", ").append(a.platform()).append(' ').append(a.login());
                }
                return out.toString();
              });
    }
    String sub = words.get(1).toLowerCase(Locale.ROOT);
    if (sub.equals("link") && words.size() == 4) {
      String platform = words.get(2).toLowerCase(Locale.ROOT);
      if (!PLATFORMS.contains(platform)) {
        return Future.succeededFuture("Platform must be one of twitch, discord, slack, web.");
      }
      String login = words.get(3).trim();
      if (login.isEmpty() || login.length() > 64 || login.contains(" ")) {
        return Future.succeededFuture("Usage: " + prefix + "identity link <platform> <login>");
      }
      return guarded(s, () -> linking.request(s, platform, login));
    }
    if (sub.equals("unlink") && words.size() == 3) {
      return guarded(s, () -> linking.unlink(s, words.get(2).toLowerCase(Locale.ROOT)));
    }
    return Future.succeededFuture(
        "Usage: "
            + prefix
            + "identity, "
            + prefix
            + "identity link <platform> <login>, "
            + prefix
            + "identity unlink <platform>");
  }

  /** Linking needs an account that is really the speaker's: not an anonymous web name. */
  private Future<String> guarded(Speaking s, java.util.function.Supplier<Future<String>> action) {
    if (s.anonymousWeb()) {
      return Future.succeededFuture(
          "Sign in to the web chat (a token from the streamer) to link this account.");
    }
    return action.get();
  }

  private Future<String> pronouns(Speaking s, String arg) {
    String who = s.speaker().addressedAs();
    if (arg.isEmpty()) {
      return Future.succeededFuture(
          s.person().pronouns() == null || !s.community().offers(s.person().pronouns())
              ? who + " has set no pronouns. Try " + prefix + "pronouns she/her"
              : who + "'s pronouns are " + s.person().pronouns() + ".");
    }
    if (arg.equalsIgnoreCase("clear")) {
      return store
          .setPronouns(s.person().community(), s.person().id(), null)
          .map(p -> who + "'s pronouns are cleared.");
    }
    return Pronouns.parse(arg, s.community().customPronouns())
        .map(
            p ->
                store
                    .setPronouns(s.person().community(), s.person().id(), p)
                    .map(saved -> who + "'s pronouns are now " + p + "."))
        .orElseGet(
            () ->
                Future.succeededFuture(
                    "Unknown pronouns. Known: "
                        + String.join(", ", s.community().offered())
                        + "."));
  }

  private Future<String> nick(Speaking s, String typed) {
    // NFC first: "e" + combining acute is the letter é, which the nickname rule accepts.
    String arg = TextHygiene.nfc(typed);
    if (arg.isEmpty()) {
      return Future.succeededFuture(
          s.person().nickname() == null
              ? s.speaker().displayName() + " has no nickname. Try " + prefix + "nick <name>"
              : s.speaker().displayName() + " goes by " + s.person().nickname() + ".");
    }
    if (arg.equalsIgnoreCase("clear")) {
      return store
          .setNickname(s.person().community(), s.person().id(), null)
          .map(p -> s.speaker().displayName() + " has no nickname now.");
    }
    String problem = Nicknames.problem(arg);
    if (problem != null) {
      return Future.succeededFuture(problem);
    }
    return store
        .nameReserved(s.person().community(), arg)
        .compose(
            reserved ->
                reserved && !arg.equalsIgnoreCase(s.speaker().displayName())
                    ? Future.succeededFuture("That name belongs to a signed-in user.")
                    : store
                        .setNickname(s.person().community(), s.person().id(), arg)
                        .map(
                            p ->
                                "Hi "
                                    + arg
                                    + (p.pronouns() == null ? "" : " (" + p.pronouns() + ")")
                                    + ", that is your nickname now."));
  }

  /**
   * A fresh code goes to the requester by direct message where the platform has them, with a short
   * notice in the channel; elsewhere (or with {@code identity.codesByDm=false}) it is said in the
   * channel — it is bound to the target account, so nobody else can use it — and a log line says
   * why.
   */
  private Envelope linkReply(Speaking s, Linking.Issued issued) {
    Envelope e = s.envelope();
    if (!issued.code() || !codesByDm) {
      return e.reply(STAGE, issued.text());
    }
    if (!DM_PLATFORMS.contains(e.platform())) {
      LOG.info(
          "{}: link code said in the channel: {} has no direct messages",
          kv("eventId", e.id()),
          e.platform());
      return e.reply(STAGE, issued.text());
    }
    Envelope noticed =
        e.reply(STAGE, "@" + s.speaker().addressedAs() + ", I sent you the code privately.");
    Reply code = Reply.to(noticed, noticed.replies().size(), STAGE, issued.text());
    return noticed.withReply(
        new Reply(
            code.id(),
            code.inReplyTo(),
            code.platform(),
            DM_PREFIX + e.author().id(),
            code.text(),
            code.stage()));
  }

  static String describe(Speaker speaker) {
    return speaker.addressedAs()
        + (speaker.pronouns() == null ? "" : " (" + speaker.pronouns() + ")");
  }

  private String rest(String text, String name) {
    String body = text.substring(prefix.length()).trim();
    return body.length() <= name.length() ? "" : body.substring(name.length()).trim();
  }
}
