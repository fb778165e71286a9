package dev.chorus.collector.twitch.eventsub;

import dev.chorus.collector.twitch.ChannelDirectory;
import dev.chorus.community.CommunityStore;
import dev.chorus.config.ConfigKey;
import dev.chorus.config.Settings;
import dev.chorus.module.ChorusModule;
import dev.chorus.module.ModuleContext;
import dev.chorus.module.Phase;
import io.vertx.core.Future;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Twitch EventSub as a role: {@code POST /webhooks/twitch} on the HTTP port, verified with the
 * subscription secret from {@code CHORUS_EVENTSUB_SECRET}. Without a secret the route is not
 * mounted (404).
 */
public final class EventSubModule implements ChorusModule<Optional<EventSubModule.Options>> {

  private static final Logger LOG = LoggerFactory.getLogger(EventSubModule.class);

  /** The parsed section; {@code helix} is empty when subscriptions are managed elsewhere. */
  public record Options(
      String secret, Duration journalTimeout, int seenCapacity, Optional<Helix> helix) {
    @Override
    public String toString() {
      return "EventSubModule.Options[journalTimeout=" + journalTimeout + "]";
    }
  }

  /** Where and as whom subscriptions are managed. */
  public record Helix(
      String url, String clientId, String appToken, String callbackUrl, Duration every) {
    @Override
    public String toString() {
      return "Helix[" + url + ", callback " + callbackUrl + "]";
    }
  }

  @Override
  public String name() {
    return "eventsub";
  }

  @Override
  public String description() {
    return "Twitch EventSub webhooks at /webhooks/twitch (follows, subs, raids, cheers, rewards)";
  }

  @Override
  public List<ConfigKey> keys() {
    return List.of(
        ConfigKey.secret(
            "eventsub.secret",
            "",
            "The EventSub subscription secret (10-100 characters); empty: no webhook route"),
        ConfigKey.of(
            "eventsub.journalTimeoutMs",
            "2000",
            "How long the log may take before the webhook answers 503 (Twitch waits a few s)"),
        ConfigKey.of(
            "eventsub.seenCapacity", "100000", "Message ids remembered per instance for dedup"),
        ConfigKey.of("eventsub.helixUrl", "https://api.twitch.tv/helix", "Helix API base URL"),
        ConfigKey.of(
            "eventsub.clientId",
            "",
            "Twitch application client id; with appToken and callbackUrl Chorus subscribes"),
        ConfigKey.secret("eventsub.appToken", "", "App access token for Helix"),
        ConfigKey.of(
            "eventsub.callbackUrl",
            "",
            "Public HTTPS URL of /webhooks/twitch given to Twitch when subscribing"),
        ConfigKey.of("eventsub.syncMs", "600000", "How often the subscriptions are checked"));
  }

  @Override
  public Set<Class<?>> ports() {
    return Set.of(CommunityStore.class);
  }

  @Override
  public Phase phase() {
    return Phase.EDGE;
  }

  @Override
  public Optional<Options> options(Settings s) {
    String secret = s.string("eventsub.secret");
    int timeout = s.integer("eventsub.journalTimeoutMs", 100, 30_000);
    int capacity = s.integer("eventsub.seenCapacity", 100, 10_000_000);
    String helixUrl = s.nonBlank("eventsub.helixUrl");
    String clientId = s.string("eventsub.clientId");
    String appToken = s.string("eventsub.appToken");
    String callback = s.string("eventsub.callbackUrl");
    int every = s.integer("eventsub.syncMs", 100, 86_400_000);
    if (secret.isEmpty()) {
      return Optional.empty();
    }
    s.require(
        secret.length() >= 10 && secret.length() <= 100,
        "eventsub.secret",
        "must be 10 to 100 characters");
    Optional<Helix> helix = Optional.empty();
    if (!clientId.isEmpty()) {
      s.require(!appToken.isEmpty(), "eventsub.appToken", "is required with eventsub.clientId");
      s.require(
          callback.startsWith("https://") || callback.startsWith("http://"),
          "eventsub.callbackUrl",
          "must be the public URL of /webhooks/twitch");
      helix =
          Optional.of(new Helix(helixUrl, clientId, appToken, callback, Duration.ofMillis(every)));
    }
    return Optional.of(new Options(secret, Duration.ofMillis(timeout), capacity, helix));
  }

  @Override
  public Future<Void> deploy(ModuleContext context, Optional<Options> configured) {
    if (configured.isEmpty()) {
      LOG.info("EventSub: no CHORUS_EVENTSUB_SECRET; /webhooks/twitch is not served");
      return Future.succeededFuture();
    }
    Options options = configured.get();
    ChannelDirectory directory = new ChannelDirectory(context.port(CommunityStore.class));
    context.http(
        (vertx, router) ->
            new EventSubRoute(
                    vertx,
                    options.secret(),
                    directory,
                    context.metrics(),
                    options.journalTimeout(),
                    options.seenCapacity())
                .mount(router));
    if (options.helix().isEmpty()) {
      return Future.succeededFuture();
    }
    Helix helix = options.helix().get();
    return context.deploy(
        1, () -> new SubscriptionSyncVerticle(directory, helix, options.secret(), helix.every()));
  }
}
