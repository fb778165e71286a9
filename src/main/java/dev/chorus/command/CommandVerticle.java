package dev.chorus.command;

import dev.chorus.event.Envelope;
import dev.chorus.stage.StageVerticle;
import io.vertx.core.Future;
import java.util.Objects;
import java.util.function.Function;

/**
 * The command stage: hands every envelope to the {@link CommandEngine}, which answers built-ins,
 * custom commands, aliases and module commands and adds due timer messages. Messages that are not
 * commands pass through unchanged (apart from timers); an unknown command stays silent.
 */
public final class CommandVerticle extends StageVerticle {

  public static final String NAME = "command";

  private final Function<io.vertx.core.Vertx, CommandEngine> engineFactory;
  private CommandEngine engine;

  /**
   * @param engineFactory builds the engine on this verticle's Vert.x (so module requests and shadow
   *     records use its event bus)
   */
  public CommandVerticle(Function<io.vertx.core.Vertx, CommandEngine> engineFactory) {
    this.engineFactory = Objects.requireNonNull(engineFactory, "engineFactory");
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  protected Future<?> startStage() {
    engine = Objects.requireNonNull(engineFactory.apply(vertx), "engine");
    return Future.succeededFuture();
  }

  @Override
  protected Future<Envelope> process(Envelope envelope) {
    return engine.handle(envelope);
  }
}
