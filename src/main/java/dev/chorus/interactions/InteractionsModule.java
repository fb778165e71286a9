package dev.chorus.interactions;

import dev.chorus.config.ConfigKey;
import dev.chorus.config.Settings;
import dev.chorus.module.ChorusModule;
import dev.chorus.module.ModuleContext;
import dev.chorus.module.Phase;
import io.vertx.core.Future;
import java.time.Duration;
import java.util.List;
import java.util.Set;

/**
 * The interaction-log writer as a role, and the admin API that reads the log. Its keys keep the
 * {@code log.} section they were published under.
 */
public final class InteractionsModule implements ChorusModule<InteractionsModule.Options> {

  public record Options(
      int batchSize,
      int maxQueue,
      int instances,
      long resumeAfterMs,
      int resumeAttempts,
      long resumeCheckMs,
      long drainMs,
      int spillMaxRows,
      long spillAfterMs,
      long spillRetryMs) {}

  @Override
  public String name() {
    return "interactions";
  }

  @Override
  public String description() {
    return "journals every event, reply and dead letter (consumes chorus.interactions)";
  }

  @Override
  public List<ConfigKey> keys() {
    return List.of(
        ConfigKey.of("log.batchSize", "500", "Most interaction-log rows written in one batch"),
        ConfigKey.of(
            "log.maxQueue",
            "5000",
            "Most rows waiting for the log; beyond it new events are refused (overload)"),
        ConfigKey.of("log.instances", "1", "Interaction-log writer instances"),
        ConfigKey.of(
            "log.resumeAfterMs",
            "30000",
            "An accepted event not finished after this long is routed again (longer than the"
                + " slowest slip)"),
        ConfigKey.of(
            "log.resumeAttempts",
            "3",
            "Times an unfinished event is routed again before it is dead-lettered"),
        ConfigKey.of(
            "log.resumeCheckMs", "1000", "How often the journal looks for unfinished events"),
        ConfigKey.of(
            "log.drainMs",
            "5000",
            "How long stopping waits for queued rows to be written; rows left were never"
                + " acknowledged"),
        ConfigKey.of(
            "log.spillMaxRows",
            "100000",
            "Most rows kept in the local spill buffer (data.dir/spill) while the log's store is down"
                + " or slow; past it input is refused (unavailable). 0 turns spilling off"),
        ConfigKey.of(
            "log.spillAfterMs",
            "2000",
            "A log batch still writing after this long is spilled to local disk instead"),
        ConfigKey.of(
            "log.spillRetryMs",
            "1000",
            "How often spilled rows are tried against a failing store"));
  }

  @Override
  public Set<Class<?>> ports() {
    return Set.of(InteractionLog.class);
  }

  @Override
  public Phase phase() {
    return Phase.JOURNAL;
  }

  @Override
  public Options options(Settings settings) {
    return new Options(
        settings.integer("log.batchSize", 1, 10_000),
        settings.integer("log.maxQueue", 100, 10_000_000),
        settings.integer("log.instances", 1, 64),
        settings.integer("log.resumeAfterMs", 100, 86_400_000),
        settings.integer("log.resumeAttempts", 0, 100),
        settings.integer("log.resumeCheckMs", 10, 600_000),
        settings.integer("log.drainMs", 0, 600_000),
        settings.integer("log.spillMaxRows", 0, 100_000_000),
        settings.integer("log.spillAfterMs", 10, 600_000),
        settings.integer("log.spillRetryMs", 10, 600_000));
  }

  @Override
  public Future<Void> deploy(ModuleContext context, Options options) {
    InteractionLog log = context.port(InteractionLog.class);
    InteractionsVerticle.SpillOptions spill =
        options.spillMaxRows() == 0
            ? null
            : new InteractionsVerticle.SpillOptions(
                context.dataDir().resolve("spill"),
                options.spillMaxRows(),
                options.spillAfterMs(),
                options.spillRetryMs());
    context.http(new InteractionsApi(log));
    context.http(new DeadLettersApi(log));
    return context
        .deploy(
            options.instances(),
            () ->
                new InteractionsVerticle(
                    log,
                    context.metrics(),
                    options.batchSize(),
                    options.maxQueue(),
                    options.drainMs(),
                    spill))
        .compose(
            v ->
                context.deploy(
                    1,
                    () ->
                        new ResumeVerticle(
                            log,
                            context.metrics(),
                            Duration.ofMillis(options.resumeAfterMs()),
                            options.resumeAttempts(),
                            options.resumeCheckMs())));
  }
}
