package dev.chorus.command;

import static net.logstash.logback.argument.StructuredArguments.kv;

import dev.chorus.command.api.CommandApi;
import dev.chorus.command.modules.EventBusModuleCommands;
import dev.chorus.community.CommunityStore;
import dev.chorus.config.ConfigKey;
import dev.chorus.config.Settings;
import dev.chorus.event.Addresses;
import dev.chorus.event.Envelope;
import dev.chorus.event.Ids;
import dev.chorus.event.Reply;
import dev.chorus.module.ChorusModule;
import dev.chorus.module.ModuleContext;
import dev.chorus.module.Phase;
import dev.chorus.state.StateStore;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.random.RandomGenerator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The command stage as a role, with the command admin API. */
public final class CommandModule implements ChorusModule<CommandModule.Options> {

  private static final Logger LOG = LoggerFactory.getLogger(CommandModule.class);

  /** Pseudo-platform of shadow replies in the interaction log: logged, never delivered. */
  public static final String SHADOW_PLATFORM = "shadow";

  public record Options(int instances, String prefix, Duration moduleTimeout, Duration moduleTtl) {}

  @Override
  public String name() {
    return CommandVerticle.NAME;
  }

  @Override
  public String description() {
    return "answers chat commands (stage chorus.stage.command)";
  }

  @Override
  public List<ConfigKey> keys() {
    return List.of(
        ConfigKey.of("command.instances", "1", "Command stage instances"),
        ConfigKey.of(
            "command.prefix",
            "!",
            "Prefix that marks a chat message as a command (a community's command.prefix setting"
                + " overrides it)"),
        ConfigKey.of(
            "command.moduleTimeoutMs",
            "1000",
            "How long a module command may take to answer before it counts as gone"),
        ConfigKey.of(
            "command.moduleTtlSeconds",
            "30",
            "A module command not announced again within this time is forgotten"));
  }

  @Override
  public Set<Class<?>> ports() {
    return Set.of(CommandStore.class, StateStore.class, CommunityStore.class);
  }

  @Override
  public Phase phase() {
    return Phase.STAGES;
  }

  @Override
  public Options options(Settings settings) {
    String prefix = settings.nonBlank("command.prefix");
    settings.require(
        CommunitySettings.validPrefix(prefix).isPresent(),
        "command.prefix",
        "must be 1 to 3 characters without spaces");
    return new Options(
        settings.integer("command.instances", 1, 64),
        prefix,
        Duration.ofMillis(settings.integer("command.moduleTimeoutMs", 50, 10_000)),
        Duration.ofSeconds(settings.integer("command.moduleTtlSeconds", 5, 3600)));
  }

  @Override
  public Future<Void> deploy(ModuleContext context, Options options) {
    CommandStore store = context.port(CommandStore.class);
    StateStore state = context.port(StateStore.class);
    CommunityStore communities = context.port(CommunityStore.class);
    CommandEngine forApi =
        new CommandEngine(
            store,
            state,
            new CommunitySettings(communities, options.prefix(), Duration.ofSeconds(10)),
            ModuleCommands.NONE,
            (event, command, text) -> {},
            Clock.systemUTC(),
            RandomGenerator.getDefault());
    context.http(new CommandApi(store, forApi.definitions(), Clock.systemUTC()));
    return context.deploy(
        options.instances(),
        () -> new CommandVerticle(v -> engine(v, store, state, communities, options)));
  }

  /** The engine of one stage instance, on its Vert.x. */
  public static CommandEngine engine(
      Vertx vertx,
      CommandStore store,
      StateStore state,
      CommunityStore communities,
      Options options) {
    CommunitySettings settings =
        new CommunitySettings(communities, options.prefix(), Duration.ofSeconds(10));
    EventBusModuleCommands[] modules = new EventBusModuleCommands[1];
    CommandEngine[] engine = new CommandEngine[1];
    modules[0] =
        new EventBusModuleCommands(
            vertx,
            options.moduleTimeout(),
            options.moduleTtl(),
            name -> engine[0] != null && engine[0].builtins().reserved(name),
            Clock.systemUTC());
    engine[0] =
        new CommandEngine(
            store,
            state,
            settings,
            modules[0],
            shadowLog(vertx),
            Clock.systemUTC(),
            RandomGenerator.getDefault());
    modules[0].start();
    return engine[0];
  }

  /**
   * Shadow replies go to the interaction log as reply rows on the pseudo-platform {@code shadow}:
   * visible in the log, never delivered (egress never sees them).
   */
  public static ShadowLog shadowLog(Vertx vertx) {
    return (event, command, text) -> {
      Reply reply =
          new Reply(
              Ids.forPlatformMessage(
                  SHADOW_PLATFORM,
                  event.community(),
                  event.id() + "#" + command,
                  event.receivedAt()),
              event.id(),
              SHADOW_PLATFORM,
              event.channel().id(),
              text,
              "command:" + command);
      Envelope record =
          new Envelope(
              event.id(),
              event.v(),
              event.type(),
              event.community(),
              event.platform(),
              event.channel(),
              event.author(),
              event.text(),
              null,
              null,
              List.of(reply),
              null,
              null,
              event.receivedAt(),
              event.origin());
      vertx
          .eventBus()
          .request(
              Addresses.INTERACTIONS,
              record,
              new DeliveryOptions().addHeader(Addresses.HEADER_KIND, Addresses.KIND_REPLY))
          .onFailure(
              e ->
                  LOG.warn(
                      "shadow reply of {} not logged for {}: {}",
                      command,
                      kv("eventId", event.id()),
                      e.toString()));
    };
  }
}
