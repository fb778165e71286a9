package dev.chorus.command;

import static net.logstash.logback.argument.StructuredArguments.kv;

import dev.chorus.command.builtin.AliasCommand;
import dev.chorus.command.builtin.BasicCommands;
import dev.chorus.command.builtin.Builtin;
import dev.chorus.command.builtin.Builtins;
import dev.chorus.command.builtin.CountCommand;
import dev.chorus.command.builtin.CustomCommandAdmin;
import dev.chorus.command.builtin.HelpCommands;
import dev.chorus.command.builtin.QuoteCommand;
import dev.chorus.command.template.TemplateException;
import dev.chorus.event.ContextKeys;
import dev.chorus.event.Envelope;
import dev.chorus.event.EventType;
import dev.chorus.event.Platforms;
import dev.chorus.event.Reply;
import dev.chorus.state.StateStore;
import io.vertx.core.Future;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.random.RandomGenerator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The command engine: parses a chat message with the community's prefix, resolves it ({@link
 * CommandResolver}), asks the {@link CommandGate}, runs it and says the answer the way the
 * command's policy wants — in the channel, by direct message, not at all, or (shadow) only into the
 * {@link ShadowLog}. Unknown commands stay silent: the context says {@code known=false} and later
 * stages may own the name. Due timers are added after the command's answer.
 */
public final class CommandEngine implements CommandCatalog {

  /** Longest reply said in chat. */
  public static final int MAX_REPLY = 500;

  /** Platforms with direct messages; elsewhere a {@code dm} command answers in the channel. */
  public static final Set<String> DM_PLATFORMS =
      Set.of(Platforms.TWITCH, Platforms.DISCORD, Platforms.SLACK);

  /** Channel prefix of a direct-message reply: {@code dm:<platform user id>}. */
  public static final String DM_CHANNEL_PREFIX = "dm:";

  private static final Logger LOG = LoggerFactory.getLogger(CommandEngine.class);
  private static final String STAGE = "command";

  private final CommandStore store;
  private final CommunitySettings settings;
  private final ModuleCommands modules;
  private final ShadowLog shadow;
  private final Builtins builtins = new Builtins();
  private final CommandGate gate;
  private final CommandResolver resolver;
  private final CommandTimers timers;
  private final CommandDefinitions definitions;

  public CommandEngine(
      CommandStore store,
      StateStore state,
      CommunitySettings settings,
      ModuleCommands modules,
      ShadowLog shadow,
      Clock clock,
      RandomGenerator random) {
    this.store = store;
    this.settings = settings;
    this.modules = modules;
    this.shadow = shadow;
    this.gate = new CommandGate(state);
    this.definitions = new CommandDefinitions(store, builtins);
    BasicCommands.all(settings, clock).forEach(builtins::add);
    HelpCommands.all(this).forEach(builtins::add);
    new CustomCommandAdmin(store, definitions, clock).all().forEach(builtins::add);
    builtins.add(AliasCommand.of(store, definitions));
    builtins.add(CountCommand.of(store, gate));
    builtins.add(QuoteCommand.of(store, gate));
    CustomRunner custom = new CustomRunner(store, builtins, settings, clock, random);
    this.resolver = new CommandResolver(store, builtins, modules, custom);
    this.timers = new CommandTimers(store, state, Duration.ofSeconds(10));
  }

  public Builtins builtins() {
    return builtins;
  }

  public CommandDefinitions definitions() {
    return definitions;
  }

  /** Forgets cached settings and timers of a community after a change through the admin API. */
  public void changed(String community) {
    settings.invalidate(community);
    timers.invalidate(community);
  }

  /** The next envelope for {@code event}. */
  public Future<Envelope> handle(Envelope event) {
    if (EventType.STREAM_ONLINE.equals(event.type())
        || EventType.STREAM_OFFLINE.equals(event.type())) {
      return stream(event);
    }
    if (!EventType.CHAT_MESSAGE.equals(event.type()) || event.text() == null) {
      return Future.succeededFuture(event);
    }
    return settings
        .prefix(event.community())
        .compose(
            prefix -> {
              Optional<CommandInvocation> parsed = CommandInvocation.parse(event.text(), prefix);
              return parsed.isEmpty()
                  ? Future.succeededFuture(event)
                  : command(event, parsed.get(), prefix);
            })
        .compose(this::withTimers);
  }

  /**
   * {@code stream.online} writes the community's {@code stream.startedAt} (the event's {@code
   * raw.startedAt}, else when it was received), {@code stream.offline} removes it. A store failure
   * fails the step, so the router retries or dead-letters it; other instances see the change when
   * their settings cache expires (10 s).
   */
  private Future<Envelope> stream(Envelope event) {
    Future<Void> written;
    if (EventType.STREAM_ONLINE.equals(event.type())) {
      Instant at = event.receivedAt();
      Object raw = event.raw() == null ? null : event.raw().get("startedAt");
      if (raw instanceof String s) {
        try {
          at = Instant.parse(s);
        } catch (java.time.format.DateTimeParseException e) {
          LOG.warn(
              "stream.online with an unreadable startedAt '{}', using its arrival for {}",
              s,
              kv("eventId", event.id()));
        }
      }
      written = settings.streamStarted(event.community(), at);
    } else {
      written = settings.streamEnded(event.community());
    }
    return written
        .onSuccess(
            v ->
                LOG.debug(
                    "{}: stream.startedAt of {} updated",
                    kv("eventId", event.id()),
                    event.community()))
        .map(event);
  }

  private Future<Envelope> command(Envelope event, CommandInvocation inv, String prefix) {
    CommandCall call = new CommandCall(event, inv, Caller.of(event), prefix);
    return resolver
        .resolve(call)
        .compose(
            resolved -> {
              Envelope marked =
                  event.with(
                      ContextKeys.COMMAND,
                      new ContextKeys.Command(
                          inv.name(), inv.args(), !(resolved instanceof Resolved.Unknown)));
              if (resolved instanceof Resolved.Refused refused) {
                return Future.succeededFuture(
                    say(marked, inv.name(), CommandPolicy.OPEN, refused.reason()));
              }
              if (!(resolved instanceof Resolved.Runnable run)) {
                return Future.succeededFuture(marked);
              }
              return gate.check(event.community(), prefix, run.name(), run.policy(), call.caller())
                  .compose(
                      verdict -> {
                        if (!verdict.runs()) {
                          return Future.succeededFuture(
                              say(marked, inv.name(), run.policy(), verdict.notice()));
                        }
                        CommandCall runCall =
                            new CommandCall(event, run.invocation(), call.caller(), prefix);
                        return run.body()
                            .apply(runCall)
                            .recover(
                                e ->
                                    e instanceof TemplateException
                                            || e instanceof ModuleCommands.ModuleGoneException
                                        ? Future.succeededFuture(
                                            prefix + run.name() + ": " + e.getMessage())
                                        : Future.failedFuture(e))
                            .map(text -> say(marked, inv.name(), run.policy(), text));
                      });
            });
  }

  /** Says {@code text} as {@code policy} wants; null or blank says nothing. */
  private Envelope say(Envelope event, String command, CommandPolicy policy, String text) {
    if (text == null || text.isBlank() || policy.mode() == ResponseMode.SILENT) {
      return event;
    }
    String bounded = text.length() > MAX_REPLY ? text.substring(0, MAX_REPLY - 1) + "…" : text;
    if (policy.shadow()) {
      LOG.info(
          "shadow command {} would say '{}' for {}", command, bounded, kv("eventId", event.id()));
      shadow.record(event, command, bounded);
      return event;
    }
    Reply reply = Reply.to(event, event.replies().size(), STAGE, bounded);
    if (policy.mode() == ResponseMode.DM
        && (!DM_PLATFORMS.contains(event.platform()) || event.author() == null)) {
      LOG.info(
          "{}: direct reply of {} said in the channel: {} has no direct messages",
          kv("eventId", event.id()),
          command,
          event.author() == null ? "an event without author" : event.platform());
    }
    if (policy.mode() == ResponseMode.DM
        && DM_PLATFORMS.contains(event.platform())
        && event.author() != null) {
      reply =
          new Reply(
              reply.id(),
              reply.inReplyTo(),
              reply.platform(),
              DM_CHANNEL_PREFIX + event.author().id(),
              reply.text(),
              reply.stage());
    }
    return event.withReply(reply);
  }

  private Future<Envelope> withTimers(Envelope event) {
    return timers
        .due(event)
        .map(
            messages -> {
              Envelope out = event;
              for (String m : messages) {
                out = out.reply(STAGE, m.length() > MAX_REPLY ? m.substring(0, MAX_REPLY) : m);
              }
              return out;
            })
        .recover(
            e -> {
              LOG.warn("timers skipped for {}: {}", kv("eventId", event.id()), e.toString());
              return Future.succeededFuture(event);
            });
  }

  @Override
  public Future<List<Entry>> entries(String community) {
    return store
        .commands(community)
        .compose(
            customs ->
                store
                    .aliases(community)
                    .map(
                        aliases -> {
                          List<Entry> out = new ArrayList<>();
                          for (Builtin b : builtins.all()) {
                            out.add(
                                new Entry(
                                    b.name(),
                                    "builtin",
                                    b.policy().level(),
                                    b.policy().platforms(),
                                    b.usage()));
                          }
                          for (CustomCommand c : customs) {
                            if (c.enabled()) {
                              out.add(
                                  new Entry(
                                      c.name(),
                                      "custom",
                                      c.policy().level(),
                                      c.policy().platforms(),
                                      c.description()));
                            }
                          }
                          for (Alias a : aliases) {
                            out.add(
                                new Entry(
                                    a.alias(),
                                    "alias",
                                    aliasLevel(a),
                                    Set.of(),
                                    "<prefix>" + a.target()));
                          }
                          for (ModuleCommand m : modules.all()) {
                            out.add(
                                new Entry(
                                    m.name(),
                                    "module",
                                    m.policy().level(),
                                    m.policy().platforms(),
                                    m.description()));
                          }
                          return out;
                        }));
  }

  /** The level an alias needs, as far as it can be told without following it: its built-in's. */
  private dev.chorus.event.PermissionLevel aliasLevel(Alias a) {
    return CommandInvocation.parse("!" + a.target(), "!")
        .flatMap(inv -> builtins.get(inv.name()))
        .map(Builtin::aliasLevel)
        .orElse(dev.chorus.event.PermissionLevel.VIEWER);
  }
}
