package dev.chorus.collector.twitch.chat;

import dev.chorus.collector.twitch.ChannelDirectory;
import dev.chorus.collector.twitch.token.TwitchToken;
import dev.chorus.collector.twitch.token.TwitchTokenRefresher;
import dev.chorus.collector.twitch.token.TwitchTokens;
import dev.chorus.community.CommunityStore;
import dev.chorus.config.ConfigKey;
import dev.chorus.config.Settings;
import dev.chorus.module.ChorusModule;
import dev.chorus.module.ModuleContext;
import dev.chorus.module.Phase;
import dev.chorus.state.StateStore;
import io.vertx.core.Future;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Twitch chat collector as a role: {@code twitch.instances} IRC connections of the bot account
 * {@code twitch.login}, with the token from {@code CHORUS_TWITCH_TOKEN}. Without a login the role
 * deploys nothing (a deployment that serves no Twitch channel needs no configuration).
 */
public final class TwitchChatModule implements ChorusModule<Optional<TwitchChatModule.Options>> {

  private static final Logger LOG = LoggerFactory.getLogger(TwitchChatModule.class);

  /** The parsed section: the connection options, how many instances, and token refresh. */
  public record Options(TwitchChatOptions chat, int instances, Optional<Refresh> refresh) {}

  /**
   * Refreshing the chat token (decision 091): the refresh token Twitch issued with it and the
   * application that may use it. {@link #toString} shows neither secret.
   */
  public record Refresh(String tokenUrl, String clientId, String clientSecret, String token) {
    @Override
    public String toString() {
      return "Refresh[" + tokenUrl + ", clientId=" + clientId + ", secrets=<secret>]";
    }
  }

  @Override
  public String name() {
    return "twitch";
  }

  @Override
  public String description() {
    return "the Twitch chat collector: IRC connections of the bot account to the linked channels";
  }

  @Override
  public List<ConfigKey> keys() {
    return List.of(
        ConfigKey.of(
            "twitch.login", "", "The bot account's Twitch login; empty: no Twitch chat connection"),
        ConfigKey.secret("twitch.token", "", "The bot's OAuth chat token (chat:read chat:edit)"),
        ConfigKey.secret(
            "twitch.refreshToken",
            "",
            "Refresh token of the chat token; with clientId and clientSecret Chorus refreshes the"
                + " chat token and keeps it encrypted (needs secrets.key)"),
        ConfigKey.of("twitch.clientId", "", "Twitch application client id (token refresh)"),
        ConfigKey.secret(
            "twitch.clientSecret", "", "Twitch application client secret (token refresh)"),
        ConfigKey.of(
            "twitch.oauthUrl", "https://id.twitch.tv/oauth2/token", "Twitch OAuth token endpoint"),
        ConfigKey.of("twitch.instances", "1", "IRC connections per process"),
        ConfigKey.of(
            "twitch.transport",
            "tcp",
            "tcp: IRC at twitch.host:twitch.port; websocket: the same lines over twitch.websocketUrl"),
        ConfigKey.of(
            "twitch.websocketUrl",
            TwitchChatOptions.TWITCH_WEBSOCKET,
            "IRC-over-WebSocket URL (ws:// or wss://) for twitch.transport=websocket"),
        ConfigKey.of("twitch.host", "irc.chat.twitch.tv", "IRC server host"),
        ConfigKey.of("twitch.port", "6697", "IRC server port (6697 TLS, 6667 plain)"),
        ConfigKey.of("twitch.tls", "true", "TLS on the IRC connection"),
        ConfigKey.of(
            "twitch.trustPath",
            "",
            "PEM file of the certificates TLS trusts instead of the JDK's (a private CA or proxy);"
                + " empty: the JDK's"),
        ConfigKey.of(
            "twitch.capabilities",
            String.join(",", TwitchChatOptions.TWITCH_CAPABILITIES),
            "IRCv3 capabilities to request; refused ones are done without"),
        ConfigKey.of("twitch.backoffMinMs", "1000", "First reconnect delay (doubles, jittered)"),
        ConfigKey.of("twitch.backoffMaxMs", "60000", "Longest reconnect delay"),
        ConfigKey.of("twitch.joinLimit", "20", "JOINs per window for the account"),
        ConfigKey.of("twitch.joinWindowMs", "10000", "JOIN rate window"),
        ConfigKey.of("twitch.messageLimit", "20", "Messages per window for the account"),
        ConfigKey.of(
            "twitch.privilegedMessageLimit",
            "100",
            "Messages per window where the bot is moderator or broadcaster"),
        ConfigKey.of("twitch.messageWindowMs", "30000", "Message rate window"),
        ConfigKey.of(
            "twitch.maxOutbound", "1000", "Replies waiting for the rate limit, per connection"),
        ConfigKey.of("twitch.maxParts", "3", "Messages a long reply is split into at most"),
        ConfigKey.of("twitch.refreshMs", "30000", "How often channel links and leases are re-read"),
        ConfigKey.of("twitch.pingMs", "240000", "Silence before Chorus pings the server"),
        ConfigKey.of(
            "twitch.journalTimeoutMs", "5000", "How long the log may take to store a line"),
        ConfigKey.of(
            "twitch.leaseTtlMs",
            "90000",
            "Channel lease lifetime (one instance per channel, taken over when its node dies);"
                + " 0: every instance joins every channel"));
  }

  @Override
  public java.util.Set<Class<?>> ports() {
    return java.util.Set.of(CommunityStore.class, StateStore.class, TwitchTokens.class);
  }

  @Override
  public Phase phase() {
    return Phase.EDGE;
  }

  @Override
  public Optional<Options> options(Settings s) {
    int instances = s.integer("twitch.instances", 0, 16);
    String login = s.string("twitch.login");
    if (login.isEmpty() || instances == 0) {
      return Optional.empty();
    }
    s.require(login.matches("[a-z0-9_]{1,25}"), "twitch.login", "must be a Twitch login");
    String token = s.string("twitch.token");
    s.require(!token.isEmpty(), "twitch.token", "is required with twitch.login");
    Optional<Refresh> tokenRefresh = Optional.empty();
    String refreshToken = s.string("twitch.refreshToken");
    if (!refreshToken.isEmpty()) {
      s.require(
          !s.string("twitch.clientId").isEmpty(),
          "twitch.clientId",
          "is required with a" + " refresh token");
      s.require(
          !s.string("twitch.clientSecret").isEmpty(),
          "twitch.clientSecret",
          "is required" + " with a refresh token");
      s.require(
          !s.string("secrets.key").isEmpty(),
          "secrets.key",
          "is required to keep refreshed" + " Twitch tokens (they are stored encrypted)");
      tokenRefresh =
          Optional.of(
              new Refresh(
                  s.nonBlank("twitch.oauthUrl"),
                  s.string("twitch.clientId"),
                  s.string("twitch.clientSecret"),
                  refreshToken));
    }
    int refresh = s.integer("twitch.refreshMs", 50, 3_600_000);
    int lease = s.integer("twitch.leaseTtlMs", 0, 3_600_000);
    s.require(
        lease == 0 || lease > 2 * refresh, "twitch.leaseTtlMs", "must be 0 or > 2 × refreshMs");
    int backoffMin = s.integer("twitch.backoffMinMs", 1, 600_000);
    int backoffMax = s.integer("twitch.backoffMaxMs", 1, 3_600_000);
    s.require(backoffMax >= backoffMin, "twitch.backoffMaxMs", "must be at least backoffMinMs");
    String transport = s.string("twitch.transport");
    s.require(
        TwitchChatOptions.TCP.equals(transport) || TwitchChatOptions.WEBSOCKET.equals(transport),
        "twitch.transport",
        "must be tcp or websocket");
    String websocketUrl = s.nonBlank("twitch.websocketUrl");
    s.require(
        websocketUrl.matches("wss?://[^/?#\\s]+(/[^\\s]*)?"),
        "twitch.websocketUrl",
        "must be a ws:// or wss:// URL");
    List<String> caps = s.list("twitch.capabilities");
    s.require(!caps.isEmpty(), "twitch.capabilities", "must name at least one capability");
    return Optional.of(
        new Options(
            new TwitchChatOptions(
                s.nonBlank("twitch.host"),
                s.integer("twitch.port", 1, 65535),
                s.bool("twitch.tls"),
                login,
                token,
                caps,
                Duration.ofMillis(backoffMin),
                Duration.ofMillis(backoffMax),
                s.integer("twitch.joinLimit", 1, 10_000),
                Duration.ofMillis(s.integer("twitch.joinWindowMs", 1, 3_600_000)),
                s.integer("twitch.messageLimit", 1, 10_000),
                s.integer("twitch.privilegedMessageLimit", 1, 10_000),
                Duration.ofMillis(s.integer("twitch.messageWindowMs", 1, 3_600_000)),
                s.integer("twitch.maxOutbound", 1, 1_000_000),
                s.integer("twitch.maxParts", 1, 20),
                Duration.ofMillis(refresh),
                Duration.ofMillis(s.integer("twitch.pingMs", 100, 3_600_000)),
                Duration.ofMillis(s.integer("twitch.journalTimeoutMs", 100, 60_000)),
                Duration.ofMillis(lease),
                trustPath(s, "twitch.trustPath"),
                transport,
                websocketUrl),
            instances,
            tokenRefresh));
  }

  /** A readable PEM file, or empty. */
  static String trustPath(Settings s, String key) {
    String path = s.string(key);
    if (!path.isEmpty()) {
      s.require(
          java.nio.file.Files.isReadable(java.nio.file.Path.of(path)),
          key,
          "must name a readable PEM file");
    }
    return path;
  }

  @Override
  public Future<Void> deploy(ModuleContext context, Optional<Options> configured) {
    if (configured.isEmpty()) {
      LOG.info("Twitch chat: no twitch.login configured; not connecting");
      return Future.succeededFuture();
    }
    Options options = configured.get();
    ChannelDirectory directory = new ChannelDirectory(context.port(CommunityStore.class));
    StateStore state = context.port(StateStore.class);
    if (options.refresh().isEmpty()) {
      return context.deploy(
          options.instances(),
          () -> new TwitchChatVerticle(options.chat(), directory, state, context.metrics()));
    }
    Refresh refresh = options.refresh().get();
    TwitchTokens tokens = context.port(TwitchTokens.class);
    TwitchTokenRefresher refresher =
        new TwitchTokenRefresher(
            context.vertx().createHttpClient(),
            refresh.tokenUrl(),
            refresh.clientId(),
            refresh.clientSecret(),
            tokens,
            Duration.ofMinutes(5),
            Clock.systemUTC());
    String account = "bot:" + options.chat().login();
    ChatToken token =
        new ChatToken() {
          @Override
          public Future<String> current() {
            return refresher.accessToken(account);
          }

          @Override
          public void refused() {
            refresher
                .invalidate(account)
                .onFailure(e -> LOG.warn("Twitch chat: token refresh failed: {}", e.getMessage()));
          }
        };
    // The environment's pair seeds the store once (its expiry unknown: refreshed at first use);
    // later starts use the refreshed pair Twitch rotated. Tokens under an old key are re-sealed.
    TwitchToken seed =
        new TwitchToken(options.chat().token(), refresh.token(), List.of(), Instant.EPOCH);
    return refresher
        .seed(account, seed)
        .compose(seeded -> tokens.reseal())
        .onSuccess(n -> LOG.info("Twitch chat: token refresh on; {} token(s) re-encrypted", n))
        .compose(
            n ->
                context.deploy(
                    options.instances(),
                    () ->
                        new TwitchChatVerticle(
                            options.chat(), directory, state, context.metrics(), token)));
  }
}
