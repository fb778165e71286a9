package dev.chorus.command.modules;

import static net.logstash.logback.argument.StructuredArguments.kv;

import dev.chorus.command.CommandCall;
import dev.chorus.command.CommandDefinitions;
import dev.chorus.command.CommandPolicy;
import dev.chorus.command.ModuleCommand;
import dev.chorus.command.ModuleCommands;
import dev.chorus.event.Addresses;
import dev.chorus.logging.RateLimitedLog;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Module commands over the event bus. A module announces {@code {name, description, permission,
 * globalCooldown, personCooldown}} on {@link Addresses#COMMAND_REGISTER} (publish, so every command
 * instance learns it) and repeats it while it runs; an announcement not repeated within the TTL
 * expires. Requests go to {@link Addresses#commandModule(String)} with a timeout; no handler or no
 * answer in time means the module is gone, and the command is forgotten until it announces again.
 */
public final class EventBusModuleCommands implements ModuleCommands {

  private static final Logger LOG = LoggerFactory.getLogger(EventBusModuleCommands.class);
  private static final RateLimitedLog BAD = new RateLimitedLog(LOG, 10_000);

  private record Entry(ModuleCommand command, Instant expires) {}

  private final Vertx vertx;
  private final Duration timeout;
  private final Duration ttl;
  private final Predicate<String> reserved;
  private final Clock clock;
  private final Map<String, Entry> commands = new ConcurrentHashMap<>();
  private MessageConsumer<Object> consumer;

  /**
   * @param reserved names no module may take (built-ins, other stages' commands)
   */
  public EventBusModuleCommands(
      Vertx vertx, Duration timeout, Duration ttl, Predicate<String> reserved, Clock clock) {
    this.vertx = vertx;
    this.timeout = timeout;
    this.ttl = ttl;
    this.reserved = reserved;
    this.clock = clock;
  }

  /** Starts listening for announcements. */
  public Future<Void> start() {
    consumer = vertx.eventBus().consumer(Addresses.COMMAND_REGISTER, this::onAnnounce);
    return consumer.completion();
  }

  public Future<Void> stop() {
    return consumer == null ? Future.succeededFuture() : consumer.unregister();
  }

  private void onAnnounce(Message<Object> message) {
    try {
      ModuleCommand command = parse(message.body());
      boolean fresh =
          commands.put(command.name(), new Entry(command, clock.instant().plus(ttl))) == null;
      if (fresh) {
        LOG.info("module command !{} registered", command.name());
      }
      if (message.replyAddress() != null) {
        message.reply(new JsonObject().put("registered", command.name()));
      }
    } catch (IllegalArgumentException e) {
      BAD.warn("announce", "module announcement refused: {}", e.getMessage());
      if (message.replyAddress() != null) {
        message.fail(400, e.getMessage());
      }
    }
  }

  /** Reads and checks an announcement; fails with the reason. */
  ModuleCommand parse(Object body) {
    if (!(body instanceof JsonObject json)) {
      throw new IllegalArgumentException("an announcement is a JSON object");
    }
    String name = json.getValue("name") instanceof String s ? s : "";
    if (!CommandDefinitions.NAME.matcher(name).matches()) {
      throw new IllegalArgumentException("name must be 1 to 32 of a-z 0-9 _ -; got '" + name + "'");
    }
    if (reserved.test(name)) {
      throw new IllegalArgumentException("!" + name + " is taken by a built-in or another stage");
    }
    String description = json.getValue("description") instanceof String d ? d : "";
    if (description.length() > 200) {
      description = description.substring(0, 200);
    }
    CommandPolicy policy =
        CommandPolicy.of(
                CommandPolicy.level(json.getValue("permission") instanceof String p ? p : "viewer"))
            .withCooldowns(seconds(json, "globalCooldown"), seconds(json, "personCooldown"));
    return new ModuleCommand(name, description, policy, Addresses.commandModule(name));
  }

  private static int seconds(JsonObject json, String key) {
    Object v = json.getValue(key);
    if (v == null) {
      return 0;
    }
    if (!(v instanceof Number n)
        || n.longValue() < 0
        || n.longValue() > CommandPolicy.MAX_SECONDS) {
      throw new IllegalArgumentException(key + " must be 0 to " + CommandPolicy.MAX_SECONDS);
    }
    return n.intValue();
  }

  @Override
  public Optional<ModuleCommand> find(String name) {
    Entry e = commands.get(name);
    if (e == null) {
      return Optional.empty();
    }
    if (e.expires().isBefore(clock.instant())) {
      commands.remove(name, e);
      LOG.info("module command !{} expired: no announcement within {}", name, ttl);
      return Optional.empty();
    }
    return Optional.of(e.command());
  }

  @Override
  public List<ModuleCommand> all() {
    List<ModuleCommand> out = new ArrayList<>();
    for (String name : List.copyOf(commands.keySet())) {
      find(name).ifPresent(out::add);
    }
    out.sort((a, b) -> a.name().compareTo(b.name()));
    return out;
  }

  @Override
  public Future<String> invoke(ModuleCommand command, CommandCall call) {
    JsonObject request =
        new JsonObject()
            .put("command", command.name())
            .put("args", new JsonArray(call.invocation().args()))
            .put("rest", call.invocation().rest())
            .put("community", call.community())
            .put("platform", call.caller().platform())
            .put("channel", call.caller().channelName())
            .put("eventId", call.event().id())
            .put(
                "user",
                new JsonObject()
                    .put("personId", call.caller().personId())
                    .put("name", call.caller().name())
                    .put("level", call.caller().level().wire()));
    return vertx
        .eventBus()
        .request(
            command.address(), request, new DeliveryOptions().setSendTimeout(timeout.toMillis()))
        .map(reply -> text(reply.body()))
        .recover(
            e -> {
              if (e instanceof ReplyException re
                  && (re.failureType() == ReplyFailure.NO_HANDLERS
                      || re.failureType() == ReplyFailure.TIMEOUT)) {
                commands.remove(command.name());
                LOG.warn(
                    "module command !{} gone ({}) on {}",
                    command.name(),
                    re.failureType(),
                    kv("eventId", call.event().id()));
                return Future.failedFuture(new ModuleGoneException(command.name()));
              }
              String why = e.getMessage() == null ? e.toString() : e.getMessage();
              return Future.succeededFuture("the module failed: " + bounded(why));
            });
  }

  private static String text(Object body) {
    if (body instanceof String s) {
      return bounded(s);
    }
    if (body instanceof JsonObject json && json.getValue("text") instanceof String s) {
      return bounded(s);
    }
    return "";
  }

  private static String bounded(String s) {
    return s.length() > 500 ? s.substring(0, 500) : s;
  }
}
