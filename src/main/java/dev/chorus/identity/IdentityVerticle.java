package dev.chorus.identity;

import dev.chorus.community.CommunityStore;
import dev.chorus.event.Author;
import dev.chorus.event.ContextKeys;
import dev.chorus.event.Envelope;
import dev.chorus.event.PermissionLevel;
import dev.chorus.event.Platforms;
import dev.chorus.event.TextHygiene;
import dev.chorus.stage.StageException;
import dev.chorus.stage.StageVerticle;
import io.vertx.core.Future;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;

/**
 * The identity stage: who is this? Resolves the author's platform account to a {@link Person}
 * (created on first sight, renames kept as history) and adds the {@code person} context entry:
 * person id, display name, nickname, pronouns and permission level. Then answers its own commands
 * ({@link IdentityCommands}). Events without an author pass through unchanged.
 *
 * <p>The level is the higher of what the platform says (Twitch badges, Discord and Slack roles, as
 * the collector put them in {@link Author#roles()}) and what the community granted the person. On
 * the web chat anyone can type any name, so an anonymous web author is a viewer whatever they
 * claim, and takes no grant; a signed-in connection (a web-chat token, {@link
 * Platforms#WEB_SIGNED_IN}) has the token's level. An anonymous author using the name of a
 * signed-in user is shown as {@code <name> (guest)}.
 */
public final class IdentityVerticle extends StageVerticle {

  public static final String NAME = "identity";
  static final String GUEST_SUFFIX = " (guest)";

  /** Where collectors keep a member's platform roles in {@code raw}: a list of strings. */
  public static final String MEMBER_ROLES = "memberRoles";

  private final IdentityStore store;
  private final IdentityCommands commands;
  private final PronounSource twitchPronouns;
  private final IdentitySettings settings;

  /**
   * @param commands the stage's own chat commands; null answers none (person context only)
   * @param twitchPronouns pronouns of Twitch users who set none here
   * @param settings each community's pronoun sets and platform role mapping
   */
  IdentityVerticle(
      IdentityStore store,
      IdentityCommands commands,
      PronounSource twitchPronouns,
      IdentitySettings settings) {
    this.store = Objects.requireNonNull(store, "store");
    this.commands = commands;
    this.twitchPronouns = Objects.requireNonNull(twitchPronouns, "twitchPronouns");
    this.settings = Objects.requireNonNull(settings, "settings");
  }

  /** A stage that resolves people and answers no commands. */
  public IdentityVerticle(IdentityStore store) {
    this(store, null, PronounSource.NONE, IdentitySettings.NONE);
  }

  /**
   * A stage that resolves people, maps platform roles and offers pronoun sets as each community
   * configured (read once per community and kept a minute), and answers no commands.
   */
  public IdentityVerticle(IdentityStore store, CommunityStore communities) {
    this(
        store,
        null,
        PronounSource.NONE,
        new IdentitySettings(
            Objects.requireNonNull(communities, "communities"), Duration.ofMinutes(1)));
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  protected Future<Envelope> process(Envelope envelope) {
    Author author = envelope.author();
    if (author == null) {
      return done(envelope);
    }
    boolean web = Platforms.WEB.equals(envelope.platform());
    boolean signedIn = web && author.hasRole(Platforms.WEB_SIGNED_IN);
    boolean claimsSignedIn = author.id().startsWith(Platforms.WEB_SIGNED_IN_PREFIX);
    if (web && signedIn != claimsSignedIn) {
      // The gateway never produces this: refuse rather than mix an anonymous and a signed-in user.
      return Future.failedFuture(
          new StageException(400, "web author " + author.id() + " is not a signed-in user"));
    }
    boolean anonymousWeb = web && !signedIn;
    // Collectors clean names already; events from modules over the bridge get the same policy.
    String cleaned = TextHygiene.displayName(author.displayName());
    String cleanedLogin = cleaned != null ? null : TextHygiene.displayName(author.login());
    String display = cleaned != null ? cleaned : cleanedLogin != null ? cleanedLogin : author.id();
    Future<String> shownName =
        anonymousWeb
            ? store
                .nameReserved(envelope.community(), display)
                .map(taken -> taken ? guestName(display) : display)
            : Future.succeededFuture(display);
    Future<CommunityIdentity> configured = settings.of(envelope.community());
    return shownName
        .compose(
            name ->
                store.resolve(
                    envelope.community(), envelope.platform(), author.id(), author.login(), name))
        .compose(person -> configured.map(c -> new Resolved(person, c)))
        .compose(
            resolvedPerson -> {
              Person person = resolvedPerson.person();
              CommunityIdentity community = resolvedPerson.community();
              PermissionLevel level =
                  anonymousWeb
                      ? PermissionLevel.VIEWER
                      : level(
                          author, person, community.mapped(envelope.platform(), roles(envelope)));
              // A custom set the community no longer offers is not shown (it may have been removed
              // for a reason); the person's choice stays stored.
              String own =
                  person.pronouns() != null && community.offers(person.pronouns())
                      ? person.pronouns()
                      : null;
              String pronouns =
                  person.pronouns() == null && Platforms.TWITCH.equals(envelope.platform())
                      ? twitchPronouns.cached(author.login()).orElse(null)
                      : own;
              ContextKeys.Speaker speaker =
                  new ContextKeys.Speaker(
                      person.id(), person.displayName(), person.nickname(), pronouns, level);
              Envelope resolved = envelope.with(ContextKeys.PERSON, speaker);
              return commands == null
                  ? Future.succeededFuture(resolved)
                  : commands.answer(
                      new IdentityCommands.Speaking(
                          resolved, person, speaker, anonymousWeb, community));
            });
  }

  private record Resolved(Person person, CommunityIdentity community) {}

  /**
   * What the platform says the author is, for the community's role mapping: the collector's {@code
   * author.roles} and the member's role ids it kept in {@code raw.memberRoles} (Discord role ids,
   * Slack workspace flags).
   */
  static List<String> roles(Envelope envelope) {
    List<String> out = new ArrayList<>(envelope.author().roles());
    Object member = envelope.raw() == null ? null : envelope.raw().get(MEMBER_ROLES);
    if (member instanceof Collection<?> list) {
      for (Object r : list) {
        if (r instanceof String s && out.size() < 300) {
          out.add(s);
        }
      }
    }
    return out;
  }

  static PermissionLevel level(Author author, Person person) {
    return level(author, person, null);
  }

  /**
   * The highest of the platform's badges, the community's mapping of the platform's roles ({@code
   * mapped}, may be null) and the community's grant.
   */
  static PermissionLevel level(Author author, Person person, PermissionLevel mapped) {
    PermissionLevel platform = PermissionLevel.fromRoles(author.roles());
    if (mapped != null && mapped.atLeast(platform)) {
      platform = mapped;
    }
    PermissionLevel granted = person.granted();
    return granted != null && granted.atLeast(platform) ? granted : platform;
  }

  private static String guestName(String name) {
    String shown = name + GUEST_SUFFIX;
    return shown.length() <= 128
        ? shown
        : name.substring(0, 128 - GUEST_SUFFIX.length()) + GUEST_SUFFIX;
  }
}
