package dev.chorus.collector.twitch.chat;

import dev.chorus.collector.twitch.ChannelDirectory;
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

  /** The parsed section: the connection options and how many instances. */
  public record Options(TwitchChatOptions chat, int instances) {}

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
        ConfigKey.of("twitch.instances", "1", "IRC connections per process"),
        ConfigKey.of("twitch.host", "irc.chat.twitch.tv", "IRC server host"),
        ConfigKey.of("twitch.port", "6697", "IRC server port (6697 TLS, 6667 plain)"),
        ConfigKey.of("twitch.tls", "true", "TLS on the IRC connection"),
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
    return java.util.Set.of(CommunityStore.class, StateStore.class);
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
    int refresh = s.integer("twitch.refreshMs", 50, 3_600_000);
    int lease = s.integer("twitch.leaseTtlMs", 0, 3_600_000);
    s.require(
        lease == 0 || lease > 2 * refresh, "twitch.leaseTtlMs", "must be 0 or > 2 × refreshMs");
    int backoffMin = s.integer("twitch.backoffMinMs", 1, 600_000);
    int backoffMax = s.integer("twitch.backoffMaxMs", 1, 3_600_000);
    s.require(backoffMax >= backoffMin, "twitch.backoffMaxMs", "must be at least backoffMinMs");
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
                Duration.ofMillis(lease)),
            instances));
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
    return context.deploy(
        options.instances(),
        () -> new TwitchChatVerticle(options.chat(), directory, state, context.metrics()));
  }
}
