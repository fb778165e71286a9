package dev.chorus.identity;

import dev.chorus.community.CommunityStore;
import dev.chorus.config.ConfigKey;
import dev.chorus.config.Settings;
import dev.chorus.module.ChorusModule;
import dev.chorus.module.ModuleContext;
import dev.chorus.module.Phase;
import dev.chorus.state.StateStore;
import io.vertx.core.Future;
import java.time.Duration;
import java.util.List;
import java.util.Set;

/**
 * The identity stage as a role: {@code identity.instances} verticles over the identity store, the
 * web-chat sign-in check, and the people and web-token admin API.
 */
public final class IdentityModule implements ChorusModule<IdentityModule.Options> {

  public record Options(
      int instances,
      String prefix,
      Linking.Options linking,
      String pronounsUrl,
      int pronounsTtlMinutes,
      int settingsTtlSeconds,
      boolean codesByDm) {}

  @Override
  public String name() {
    return IdentityVerticle.NAME;
  }

  @Override
  public String description() {
    return "who is this? people, linking, pronouns, nicknames, levels (stage chorus.stage.identity)";
  }

  @Override
  public List<ConfigKey> keys() {
    return List.of(
        ConfigKey.of("identity.instances", "1", "Identity stage instances"),
        ConfigKey.of(
            "identity.prefix",
            "!",
            "Prefix of the identity commands (!identity, !verify, !pronouns, !nick); keep it equal"
                + " to command.prefix"),
        ConfigKey.of("identity.codeTtlMinutes", "10", "How long a link code is valid, in minutes"),
        ConfigKey.of(
            "identity.maxAttempts",
            "5",
            "Link requests and !verify attempts allowed per person and per account in a window"),
        ConfigKey.of(
            "identity.attemptWindowMinutes",
            "10",
            "The window of identity.maxAttempts, in minutes"),
        ConfigKey.of(
            "identity.pronounsUrl",
            "",
            "Base URL of a public pronouns API for Twitch users (GET /api/users/{login},"
                + " /api/pronouns); empty: off"),
        ConfigKey.of(
            "identity.pronounsTtlMinutes", "60", "How long fetched pronouns are kept, in minutes"),
        ConfigKey.of(
            "identity.settingsTtlSeconds",
            "60",
            "How long a community's pronoun sets and role mapping are cached (changes through the"
                + " admin API apply at once)"),
        ConfigKey.of(
            "identity.codesByDm",
            "true",
            "Send link codes by direct message where the platform has them (Discord, Slack);"
                + " false: in the channel"));
  }

  @Override
  public Set<Class<?>> ports() {
    return Set.of(IdentityStore.class, StateStore.class, CommunityStore.class);
  }

  @Override
  public Phase phase() {
    return Phase.STAGES;
  }

  @Override
  public Options options(Settings settings) {
    String prefix = settings.nonBlank("identity.prefix");
    settings.require(prefix.length() <= 3, "identity.prefix", "must be 1 to 3 characters");
    return new Options(
        settings.integer("identity.instances", 1, 64),
        prefix,
        new Linking.Options(
            Duration.ofMinutes(settings.integer("identity.codeTtlMinutes", 1, 24 * 60)),
            6,
            settings.integer("identity.maxAttempts", 1, 1000),
            Duration.ofMinutes(settings.integer("identity.attemptWindowMinutes", 1, 24 * 60))),
        pronounsUrl(settings),
        settings.integer("identity.pronounsTtlMinutes", 1, 7 * 24 * 60),
        settings.integer("identity.settingsTtlSeconds", 1, 24 * 60 * 60),
        settings.bool("identity.codesByDm"));
  }

  private static String pronounsUrl(Settings settings) {
    String url = settings.string("identity.pronounsUrl").trim();
    settings.require(
        url.isEmpty() || url.startsWith("http://") || url.startsWith("https://"),
        "identity.pronounsUrl",
        "must be an http:// or https:// URL, or empty");
    return url;
  }

  @Override
  public Future<Void> deploy(ModuleContext context, Options options) {
    IdentityStore store = context.port(IdentityStore.class);
    StateStore state = context.port(StateStore.class);
    IdentitySettings settings =
        new IdentitySettings(
            context.port(CommunityStore.class), Duration.ofSeconds(options.settingsTtlSeconds()));
    context.http(new PeopleApi(store));
    context.http(new CommunityIdentityApi(context.port(CommunityStore.class), settings));
    PronounSource pronouns =
        options.pronounsUrl().isEmpty()
            ? PronounSource.NONE
            : new HttpPronounSource(
                context.vertx(),
                options.pronounsUrl(),
                Duration.ofMinutes(options.pronounsTtlMinutes()),
                Duration.ofSeconds(2));
    return settings
        .follow(context.vertx())
        .compose(v -> context.deploy(1, WebSignInVerticle::new))
        .compose(
            v ->
                context.deploy(
                    options.instances(),
                    () ->
                        new IdentityVerticle(
                            store,
                            new IdentityCommands(
                                store,
                                new Linking(
                                    store,
                                    state,
                                    context.vertx().eventBus(),
                                    options.linking(),
                                    options.prefix()),
                                options.prefix(),
                                options.codesByDm()),
                            pronouns,
                            settings)));
  }
}
