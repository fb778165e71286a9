package dev.chorus.collector.discord;

import dev.chorus.collector.PlatformLinks;
import dev.chorus.community.CommunityStore;
import dev.chorus.config.ConfigKey;
import dev.chorus.config.Settings;
import dev.chorus.event.Platforms;
import dev.chorus.module.ChorusModule;
import dev.chorus.module.ModuleContext;
import dev.chorus.module.Phase;
import dev.chorus.state.StateStore;
import io.vertx.core.Future;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Discord as a role: the bot's Gateway connection with replies through the REST API (with {@code
 * CHORUS_DISCORD_BOT_TOKEN}), and the interactions endpoint {@code POST /webhooks/discord} (with
 * {@code discord.publicKey}). Either part is off while its credential is empty. Servers join
 * communities as channel links of platform {@code discord} whose id is the guild id.
 */
public final class DiscordModule implements ChorusModule<DiscordOptions> {

  private static final Logger LOG = LoggerFactory.getLogger(DiscordModule.class);

  @Override
  public String name() {
    return "discord";
  }

  @Override
  public String description() {
    return "Discord: the bot's Gateway connection, REST replies, interactions at /webhooks/discord";
  }

  @Override
  public List<ConfigKey> keys() {
    return List.of(
        ConfigKey.secret("discord.botToken", "", "The bot token; empty: no Gateway connection"),
        ConfigKey.of(
            "discord.publicKey",
            "",
            "The application's public key (hex) for /webhooks/discord; empty: no route"),
        ConfigKey.of(
            "discord.gatewayUrl",
            "wss://gateway.discord.gg/?v=10&encoding=json",
            "Gateway WebSocket URL"),
        ConfigKey.of("discord.apiUrl", "https://discord.com/api/v10", "REST API base URL"),
        ConfigKey.of(
            "discord.intents",
            String.valueOf(DiscordOptions.DEFAULT_INTENTS),
            "Gateway intents (default GUILDS | GUILD_MESSAGES | MESSAGE_CONTENT)"),
        ConfigKey.of("discord.backoffMinMs", "1000", "First reconnect delay (doubles, jittered)"),
        ConfigKey.of("discord.backoffMaxMs", "60000", "Longest reconnect delay"),
        ConfigKey.of("discord.journalTimeoutMs", "5000", "How long the log may take per message"),
        ConfigKey.of("discord.refreshMs", "30000", "How often the guild links are re-read"),
        ConfigKey.of(
            "discord.globalPerSecond", "50", "REST requests per second for the bot, all nodes"),
        ConfigKey.of("discord.maxOutbound", "1000", "Replies waiting per channel"),
        ConfigKey.of("discord.maxParts", "3", "Messages a long reply is split into at most"));
  }

  @Override
  public Set<Class<?>> ports() {
    return Set.of(CommunityStore.class, StateStore.class);
  }

  @Override
  public Phase phase() {
    return Phase.EDGE;
  }

  @Override
  public DiscordOptions options(Settings s) {
    String publicKey = s.string("discord.publicKey");
    if (!publicKey.isEmpty()) {
      try {
        DiscordSignatureVerifier.publicKey(publicKey);
      } catch (IllegalArgumentException e) {
        s.require(false, "discord.publicKey", "must be the 64 hex digits the portal shows");
      }
    }
    String gateway = s.nonBlank("discord.gatewayUrl");
    s.require(
        gateway.startsWith("wss://") || gateway.startsWith("ws://"),
        "discord.gatewayUrl",
        "must be a ws(s) URL");
    String api = s.nonBlank("discord.apiUrl");
    s.require(
        api.startsWith("https://") || api.startsWith("http://"),
        "discord.apiUrl",
        "must be an http(s) URL");
    int min = s.integer("discord.backoffMinMs", 1, 600_000);
    int max = s.integer("discord.backoffMaxMs", 1, 3_600_000);
    s.require(max >= min, "discord.backoffMaxMs", "must be at least backoffMinMs");
    return new DiscordOptions(
        s.string("discord.botToken"),
        publicKey,
        gateway,
        api.endsWith("/") ? api.substring(0, api.length() - 1) : api,
        s.integer("discord.intents", 0, Integer.MAX_VALUE),
        Duration.ofMillis(min),
        Duration.ofMillis(max),
        Duration.ofMillis(s.integer("discord.journalTimeoutMs", 100, 60_000)),
        Duration.ofMillis(s.integer("discord.refreshMs", 50, 3_600_000)),
        s.integer("discord.globalPerSecond", 1, 1000),
        s.integer("discord.maxOutbound", 1, 100_000),
        s.integer("discord.maxParts", 1, 20));
  }

  @Override
  public Future<Void> deploy(ModuleContext context, DiscordOptions options) {
    if (!options.publicKey().isEmpty()) {
      context.http(
          (vertx, router) ->
              new DiscordInteractionsRoute(options.publicKey(), context.metrics()).mount(router));
    }
    if (options.botToken().isEmpty()) {
      LOG.info("Discord: no CHORUS_DISCORD_BOT_TOKEN; no Gateway connection");
      return Future.succeededFuture();
    }
    PlatformLinks guilds = new PlatformLinks(context.port(CommunityStore.class), Platforms.DISCORD);
    StateStore state = context.port(StateStore.class);
    return context.deploy(
        1, () -> new DiscordGatewayVerticle(options, guilds, state, context.metrics()));
  }
}
